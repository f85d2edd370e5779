package org.creditwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditwatch.TestRecords.FOOD_CODE;
import static org.creditwatch.TestRecords.record;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.creditwatch.TestRecords;
import org.creditwatch.domain.RecordType;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.RiskClass;
import org.junit.jupiter.api.Test;

/**
 * State written by release 0.1 (format 1: hashes of ids, a 64-bit fingerprint of the last assessment) decodes, and
 * the engine goes on from it as 0.1 would have: its ids still match by the old hash, an unchanged assessment is not
 * emitted again, and the next write is format 2.
 */
class LegacyStateTest {
    /**
     * Encoded by release 0.1's StateCodec after: REGISTERED (ONLINE_FOOD, 150102, SMALL) "reg-1" at T0, licence
     * "L-Ab" (FOOD_BUSINESS, until 2027-12-31) "lic-1", freeze of "case-Ab" "fr-1", complaint "c-Ab", penalty
     * GENERAL "p-1" at T0 + 1…4 s, ADDRESS change "ch-1" at T0 + 2 days. Its last assessment: #6, online-food-v1,
     * 37.0, C.
     */
    static final String VERSION_1 = "AQEABuS8geS4mgEABjE1MDEwMgEABUY1MjkyAgALT05MSU5FX0ZPT0TogAIA/4C0lumWZ4DUsMSVZwysDZd9q3ULtgAAAAACAAAAArN7/223jZc4AsCSscSVZwEAA3AtMQAC8IKxxJVnAAAEYy1BYgACgLSW6ZZnAgAEY2gtMQJeA//9Drk9OAANRk9PRF9CVVNJTkVTU/7KAgEABWxpYy0xBADAkrHElWcABIC0lumWZwIMYnv//MgTPk+A9KbsqGdie//8yKYI3dAPXgP//Q7eU6nQD14D//0Orsiv0A/Re//5dConkdAPXgP//Q7Rvs/AoeWkAQ==";
    static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");
    static final Instant AFTER = T0.plus(Duration.ofDays(3));

    private final RiskEngine engine = new RiskEngine(ModelSet.bundled());
    private final CollectingOutput output = new CollectingOutput();

    private static EnterpriseState restored() {
        return StateCodec.decode(Base64.getDecoder().decode(VERSION_1));
    }

    @Test
    void decodesEverythingRelease01Kept() {
        EnterpriseState s = restored();
        assertThat(s.name).isEqualTo("企业");
        assertThat(s.tags).containsExactly("ONLINE_FOOD");
        assertThat(s.sequence()).isEqualTo(6);
        assertThat(s.lastRiskClass()).isEqualTo(RiskClass.C);
        assertThat(s.timed(Indicator.PENALTY).id(0)).isEqualTo("p-1");
        assertThat(s.timed(Indicator.COMPLAINT).id(0)).isEqualTo("c-Ab");
        assertThat(s.timed(Indicator.REGISTRATION_CHANGE).id(0)).isEqualTo("ch-1");
        assertThat(s.frozenCases.size()).isEqualTo(1);
        assertThat(s.licences).hasSize(1);
        assertThat(s.seen.legacy).hasSize(6);
        assertThat(s.firedRules).hasSize(2);
    }

    @Test
    void anUnchangedAssessmentIsNotEmittedAgain() {
        EnterpriseState s = restored();
        engine.apply(FOOD_CODE, s, record(FOOD_CODE, RecordType.SAMPLING).at(AFTER).with("sampleId", "s")
                .with("product", "p").with("result", "PASS").build(), output);
        assertThat(output.assessments).isEmpty();
        assertThat(s.sequence()).isEqualTo(6);
    }

    @Test
    void oldIdsStillMatchByTheirHashAndTheNextWriteIsFormat2() {
        EnterpriseState s = restored();
        assertThat(apply(s, record(FOOD_CODE, RecordType.COMPLAINT).id("c-Ab").at(AFTER).with("complaintId", "x")
                .with("category", "y"))).as("a copy seen before the upgrade").isEqualTo(RiskEngine.Outcome.DUPLICATE);
        apply(s, record(FOOD_CODE, RecordType.JUDICIAL_UNFREEZE).at(AFTER.plusSeconds(1)).with("caseNo", "case-Ab"));
        Assessment unfrozen = output.assessments.get(output.assessments.size() - 1);
        assertThat(unfrozen.pointsOf(Indicator.JUDICIAL)).isZero();
        assertThat(unfrozen.sequence).isEqualTo(7);

        byte[] format2 = StateCodec.encode(s);
        assertThat(format2[0]).isEqualTo((byte) StateCodec.FORMAT_VERSION);
        EnterpriseState again = StateCodec.decode(format2);
        apply(again, record(FOOD_CODE, RecordType.LICENSE_REVOKED).at(AFTER.plusSeconds(2)).with("licenseNo", "L-Ab"));
        assertThat(output.assessments.get(output.assessments.size() - 1).pointsOf(Indicator.LICENSE)).isEqualTo(15.0);
    }

    private RiskEngine.Outcome apply(EnterpriseState s, TestRecords.Builder r) {
        return engine.apply(FOOD_CODE, s, r.build(), output);
    }
}
