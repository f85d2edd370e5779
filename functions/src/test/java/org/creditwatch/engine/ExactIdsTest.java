package org.creditwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditwatch.TestRecords.CODE;
import static org.creditwatch.TestRecords.FOOD_CODE;
import static org.creditwatch.TestRecords.record;

import java.time.Instant;
import org.creditwatch.TestRecords;
import org.creditwatch.domain.RecordType;
import org.creditwatch.domain.Stream;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.ModelSet;
import org.junit.jupiter.api.Test;

/**
 * Ids are compared as the exact strings they are (spec §3.6): pairs that release 0.1's 64-bit hash took for one
 * another ("Ab" and "BC": +1 then −31 in adjacent characters) stay two ids, for every kind of id in state.
 */
class ExactIdsTest {
    static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");

    private final RiskEngine engine = new RiskEngine(ModelSet.bundled());
    private final CollectingOutput output = new CollectingOutput();
    private EnterpriseState state = new EnterpriseState();

    private RiskEngine.Outcome apply(String code, TestRecords.Builder r) {
        state = StateCodec.decode(StateCodec.encode(state));
        return engine.apply(code, state, r.build(), output);
    }

    private double points(Indicator indicator) {
        return output.assessments.get(output.assessments.size() - 1).pointsOf(indicator);
    }

    @Test
    void thePairsCollideUnderTheOldHash() {
        assertThat(Legacy.idHash("case-Ab")).isEqualTo(Legacy.idHash("case-BC"));
        assertThat(Legacy.eventHash(Stream.COMPLAINTS, "c-Ab")).isEqualTo(Legacy.eventHash(Stream.COMPLAINTS, "c-BC"));
    }

    @Test
    void twoComplaintsWithCollidingEventIdsBothCount() {
        assertThat(apply(CODE, complaint("c-Ab"))).isEqualTo(RiskEngine.Outcome.APPLIED);
        assertThat(apply(CODE, complaint("c-BC"))).isEqualTo(RiskEngine.Outcome.APPLIED);
        assertThat(points(Indicator.COMPLAINT)).isEqualTo(4.0);
        assertThat(apply(CODE, complaint("c-Ab"))).as("a real copy").isEqualTo(RiskEngine.Outcome.DUPLICATE);
    }

    @Test
    void theSameEventIdOnAnotherStreamIsAnotherRecord() {
        apply(CODE, complaint("e-1"));
        assertThat(apply(CODE, record(CODE, RecordType.PENALTY).id("e-1").at(T0.plusSeconds(9))
                .with("decisionNo", "d").with("severity", "WARNING"))).isEqualTo(RiskEngine.Outcome.APPLIED);
    }

    @Test
    void unfreezingOneCaseLeavesACollidingCaseFrozen() {
        apply(CODE, freeze(RecordType.JUDICIAL_FREEZE, "case-Ab", 1));
        apply(CODE, freeze(RecordType.JUDICIAL_FREEZE, "case-BC", 2));
        assertThat(points(Indicator.JUDICIAL)).isEqualTo(20.0);
        apply(CODE, freeze(RecordType.JUDICIAL_UNFREEZE, "case-Ab", 3));
        assertThat(points(Indicator.JUDICIAL)).isEqualTo(10.0);
        apply(CODE, freeze(RecordType.JUDICIAL_UNFREEZE, "case-BC", 4));
        assertThat(points(Indicator.JUDICIAL)).isZero();
    }

    @Test
    void revokingOneLicenceLeavesACollidingLicenceValid() {
        apply(FOOD_CODE, record(FOOD_CODE, RecordType.REGISTERED).at(T0).with("name", "n").with("regionCode", "150102")
                .with("industry", "F5292").with("establishedOn", "2015-01-01").tags("ONLINE_FOOD"));
        assertThat(points(Indicator.LICENSE)).isEqualTo(15.0);
        apply(FOOD_CODE, licence(RecordType.LICENSE_GRANTED, "L-Ab", 1));
        apply(FOOD_CODE, licence(RecordType.LICENSE_GRANTED, "L-BC", 2));
        apply(FOOD_CODE, licence(RecordType.LICENSE_REVOKED, "L-Ab", 3));
        assertThat(points(Indicator.LICENSE)).as("L-BC is still valid").isZero();
        apply(FOOD_CODE, licence(RecordType.LICENSE_REVOKED, "L-BC", 4));
        assertThat(points(Indicator.LICENSE)).isEqualTo(15.0);
    }

    private static TestRecords.Builder complaint(String eventId) {
        return record(CODE, RecordType.COMPLAINT).id(eventId).at(T0).with("complaintId", eventId).with("category", "x");
    }

    private static TestRecords.Builder freeze(RecordType type, String caseNo, int second) {
        return record(CODE, type).at(T0.plusSeconds(second)).with("caseNo", caseNo);
    }

    private static TestRecords.Builder licence(RecordType type, String number, int second) {
        TestRecords.Builder r = record(FOOD_CODE, type).at(T0.plusSeconds(second)).with("licenseNo", number);
        return type == RecordType.LICENSE_GRANTED
                ? r.with("licenseType", "FOOD_BUSINESS").with("validUntil", "2030-12-31") : r;
    }
}
