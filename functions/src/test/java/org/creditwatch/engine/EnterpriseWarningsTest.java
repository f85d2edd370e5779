package org.creditwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditwatch.TestRecords.CODE;
import static org.creditwatch.TestRecords.FOOD_CODE;
import static org.creditwatch.TestRecords.record;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.creditwatch.TestRecords;
import org.creditwatch.domain.RecordType;
import org.creditwatch.model.ModelSet;
import org.junit.jupiter.api.Test;

/** The per-enterprise warning rules of spec §6, at, under and over their thresholds. */
class EnterpriseWarningsTest {
    static final Instant T0 = Instant.parse("2026-02-02T02:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final Duration HOUR = Duration.ofHours(1);

    private final RiskEngine engine = new RiskEngine(ModelSet.bundled());
    private final CollectingOutput output = new CollectingOutput();
    private EnterpriseState state = new EnterpriseState();

    private void apply(String code, TestRecords.Builder r) {
        state = StateCodec.decode(StateCodec.encode(state));
        engine.apply(code, state, r.build(), output);
    }

    private void apply(TestRecords.Builder r) {
        apply(CODE, r);
    }

    private void advanceTo(String code, Instant at) {
        state = StateCodec.decode(StateCodec.encode(state));
        engine.advanceTo(code, state, at.toEpochMilli(), output);
    }

    private List<Warning> warnings(Warning.Rule rule) {
        return output.warnings.stream().filter(w -> w.rule == rule).collect(Collectors.toList());
    }

    private static TestRecords.Builder complaint(String id, Instant occurred, Instant reported) {
        return record(CODE, RecordType.COMPLAINT).id(id).occurred(occurred).reported(reported)
                .with("complaintId", id).with("category", "食品安全");
    }

    private static TestRecords.Builder change(String id, String field, Instant at) {
        return record(CODE, RecordType.CHANGED).id(id).at(at).with("field", field).with("newValue", "x");
    }

    private static TestRecords.Builder penalty(String id, String severity, Instant at) {
        return record(CODE, RecordType.PENALTY).id(id).at(at).with("decisionNo", id).with("severity", severity);
    }

    @Test
    void complaintSurgeNeedsFiveComplaintsInsideSevenDays() {
        for (int i = 0; i < 4; i++) {
            apply(complaint("c" + i, T0.plus(DAY.multipliedBy(i)), T0.plus(DAY.multipliedBy(i))));
        }
        // the fifth is exactly 7 days after the first: outside ("less than 7 days" between earliest and latest)
        apply(complaint("c4", T0.plus(DAY.multipliedBy(7)), T0.plus(DAY.multipliedBy(7))));
        assertThat(warnings(Warning.Rule.COMPLAINT_SURGE)).isEmpty();
        apply(complaint("c5", T0.plus(DAY.multipliedBy(7)).minus(HOUR), T0.plus(DAY.multipliedBy(7))));
        List<Warning> surge = warnings(Warning.Rule.COMPLAINT_SURGE);
        assertThat(surge).hasSize(1);
        assertThat(surge.get(0).severity).isEqualTo(Warning.Severity.MEDIUM);
        assertThat(surge.get(0).evidence).containsExactly("c0", "c1", "c2", "c3", "c5");
        assertThat(surge.get(0).creditCode).isEqualTo(CODE);
        assertThat(surge.get(0).message).contains("投诉").contains("complaints");
    }

    @Test
    void complaintSurgeCoolsDownForSevenDaysUnlessItRisesToHigh() {
        for (int i = 0; i < 5; i++) {
            apply(complaint("c" + i, T0.plus(HOUR.multipliedBy(i)), T0.plus(HOUR.multipliedBy(i))));
        }
        apply(complaint("c5", T0.plus(HOUR.multipliedBy(5)), T0.plus(HOUR.multipliedBy(5))));
        assertThat(warnings(Warning.Rule.COMPLAINT_SURGE)).hasSize(1);
        for (int i = 6; i < 10; i++) {
            apply(complaint("c" + i, T0.plus(HOUR.multipliedBy(i)), T0.plus(HOUR.multipliedBy(i))));
        }
        assertThat(warnings(Warning.Rule.COMPLAINT_SURGE)).extracting(w -> w.severity)
                .containsExactly(Warning.Severity.MEDIUM, Warning.Severity.HIGH);
        Instant later = T0.plus(DAY.multipliedBy(7)).plus(HOUR.multipliedBy(9));
        apply(complaint("c10", T0.plus(HOUR.multipliedBy(10)), later.minusSeconds(1)));
        assertThat(warnings(Warning.Rule.COMPLAINT_SURGE)).hasSize(2);
        apply(complaint("c11", T0.plus(HOUR.multipliedBy(11)), later));
        assertThat(warnings(Warning.Rule.COMPLAINT_SURGE)).hasSize(3);
    }

    @Test
    void frequentChangesNeedThreeKeyChangesInsideNinetyDays() {
        apply(change("k1", "LEGAL_REPRESENTATIVE", T0));
        apply(change("k2", "BUSINESS_SCOPE", T0.plus(DAY)));
        apply(change("k3", "NAME", T0.plus(DAY.multipliedBy(89))));
        assertThat(warnings(Warning.Rule.FREQUENT_CHANGES)).isEmpty();
        apply(change("k4", "ADDRESS", T0.plus(DAY.multipliedBy(90))));
        assertThat(warnings(Warning.Rule.FREQUENT_CHANGES)).isEmpty();
        apply(change("k5", "SHAREHOLDER", T0.plus(DAY.multipliedBy(91))));
        assertThat(warnings(Warning.Rule.FREQUENT_CHANGES)).singleElement()
                .satisfies(w -> assertThat(w.evidence).containsExactly("k3", "k4", "k5"));
    }

    @Test
    void samplingFailuresAreHighForAHighHazardAndMediumForTwoInsideHalfAYear() {
        apply(record(CODE, RecordType.SAMPLING).id("s1").at(T0).with("sampleId", "s1").with("product", "p")
                .with("result", "FAIL").with("hazard", "LOW"));
        assertThat(warnings(Warning.Rule.SAMPLING_FAILURES)).isEmpty();
        apply(record(CODE, RecordType.SAMPLING).id("s2").at(T0.plus(DAY.multipliedBy(180))).with("sampleId", "s2")
                .with("product", "p").with("result", "FAIL"));
        assertThat(warnings(Warning.Rule.SAMPLING_FAILURES)).isEmpty();
        apply(record(CODE, RecordType.SAMPLING).id("s3").at(T0.plus(DAY.multipliedBy(181))).with("sampleId", "s3")
                .with("product", "p").with("result", "FAIL").with("hazard", "MEDIUM"));
        assertThat(warnings(Warning.Rule.SAMPLING_FAILURES)).extracting(w -> w.severity)
                .containsExactly(Warning.Severity.MEDIUM);
        apply(record(CODE, RecordType.SAMPLING).id("s4").at(T0.plus(DAY.multipliedBy(182))).with("sampleId", "s4")
                .with("product", "p").with("result", "FAIL").with("hazard", "HIGH"));
        assertThat(warnings(Warning.Rule.SAMPLING_FAILURES)).extracting(w -> w.severity)
                .containsExactly(Warning.Severity.MEDIUM, Warning.Severity.HIGH);
    }

    @Test
    void changeAfterPenaltyFiresWhicheverHalfArrivesFirst() {
        apply(penalty("p1", "GENERAL", T0));
        apply(change("k1", "LEGAL_REPRESENTATIVE", T0.plus(DAY.multipliedBy(29))));
        assertThat(warnings(Warning.Rule.CHANGE_AFTER_PENALTY)).singleElement()
                .satisfies(w -> assertThat(w.evidence).containsExactly("p1", "k1"));

        output.warnings.clear();
        state = new EnterpriseState();
        // the change is reported first, the penalty decided before it is gathered later
        apply(change("k2", "ADDRESS", T0.plus(DAY.multipliedBy(10))));
        apply(penalty("p2", "MAJOR", T0).reported(T0.plus(DAY.multipliedBy(20))));
        assertThat(warnings(Warning.Rule.CHANGE_AFTER_PENALTY)).singleElement()
                .satisfies(w -> assertThat(w.evidence).containsExactly("p2", "k2"));
    }

    @Test
    void changeAfterPenaltyIgnoresWarningPenaltiesAndChangesThirtyDaysOrMoreLater() {
        apply(penalty("p1", "WARNING", T0));
        apply(change("k1", "NAME", T0.plus(DAY)));
        apply(penalty("p2", "SEVERE", T0.plus(DAY.multipliedBy(2))));
        apply(change("k2", "SHAREHOLDER", T0.plus(DAY.multipliedBy(32))));
        assertThat(warnings(Warning.Rule.CHANGE_AFTER_PENALTY)).isEmpty();
    }

    @Test
    void deregisteringWhileOnTheAbnormalListIsAChangeAfterPenalty() {
        apply(record(CODE, RecordType.ABNORMAL_LISTED).id("a1").at(T0).with("reason", "r"));
        apply(record(CODE, RecordType.DEREGISTERED).id("d1").at(T0.plus(DAY.multipliedBy(100))));
        assertThat(warnings(Warning.Rule.CHANGE_AFTER_PENALTY)).singleElement()
                .satisfies(w -> assertThat(w.evidence).containsExactly("a1", "d1"));
    }

    @Test
    void classEscalationWarnsOnARiskierClassOnlyAndNotOnFirstSight() {
        apply(penalty("p1", "MAJOR", T0)); // first sight at C: no warning
        assertThat(warnings(Warning.Rule.CLASS_ESCALATION)).isEmpty();
        apply(penalty("p2", "MAJOR", T0.plus(DAY))); // 40: B
        apply(record(CODE, RecordType.SERIOUS_LISTED).id("s1").at(T0.plus(DAY.multipliedBy(2))).with("reason", "r"));
        assertThat(warnings(Warning.Rule.CLASS_ESCALATION)).extracting(w -> w.severity)
                .containsExactly(Warning.Severity.MEDIUM, Warning.Severity.HIGH);
        assertThat(warnings(Warning.Rule.CLASS_ESCALATION).get(1).evidence).containsExactly("s1");
        assertThat(warnings(Warning.Rule.CLASS_ESCALATION).get(1).riskClass).isEqualTo(org.creditwatch.model.RiskClass.A);
        apply(record(CODE, RecordType.SERIOUS_REMOVED).id("s2").at(T0.plus(DAY.multipliedBy(3))).with("reason", "r"));
        assertThat(warnings(Warning.Rule.CLASS_ESCALATION)).hasSize(2);
    }

    @Test
    void licenceWarningsComeThirtyDaysBeforeAndAtTheEndOfTheLastValidDay() {
        apply(FOOD_CODE, record(FOOD_CODE, RecordType.REGISTERED).at(T0).with("name", "n").with("regionCode", "150102")
                .with("industry", "F5292").with("establishedOn", "2020-01-01").tags("ONLINE_FOOD"));
        apply(FOOD_CODE, record(FOOD_CODE, RecordType.LICENSE_GRANTED).id("l1").at(T0.plus(HOUR))
                .with("licenseNo", "JY1").with("licenseType", "FOOD_BUSINESS").with("validUntil", "2026-06-30"));
        Instant end = Instant.parse("2026-06-30T16:00:00Z");
        Instant expiring = end.minus(DAY.multipliedBy(30));
        advanceTo(FOOD_CODE, expiring.minusMillis(1));
        assertThat(warnings(Warning.Rule.LICENSE_EXPIRING)).isEmpty();
        advanceTo(FOOD_CODE, expiring);
        assertThat(warnings(Warning.Rule.LICENSE_EXPIRING)).singleElement()
                .satisfies(w -> assertThat(w.raisedAt).isEqualTo(expiring.toEpochMilli()));
        advanceTo(FOOD_CODE, end);
        assertThat(warnings(Warning.Rule.LICENSE_EXPIRED)).singleElement()
                .satisfies(w -> assertThat(w.severity).isEqualTo(Warning.Severity.MEDIUM));
    }

    @Test
    void aRenewedLicenceSilencesTheExpiryWarnings() {
        apply(FOOD_CODE, record(FOOD_CODE, RecordType.REGISTERED).at(T0).with("name", "n").with("regionCode", "150102")
                .with("industry", "F5292").with("establishedOn", "2020-01-01").tags("ONLINE_FOOD"));
        apply(FOOD_CODE, record(FOOD_CODE, RecordType.LICENSE_GRANTED).at(T0.plus(HOUR))
                .with("licenseNo", "JY1").with("licenseType", "FOOD_BUSINESS").with("validUntil", "2026-06-30"));
        apply(FOOD_CODE, record(FOOD_CODE, RecordType.LICENSE_GRANTED).at(T0.plus(DAY))
                .with("licenseNo", "JY2").with("licenseType", "FOOD_BUSINESS").with("validUntil", "2031-06-30"));
        advanceTo(FOOD_CODE, Instant.parse("2026-12-31T00:00:00Z"));
        assertThat(warnings(Warning.Rule.LICENSE_EXPIRING)).isEmpty();
        assertThat(warnings(Warning.Rule.LICENSE_EXPIRED)).isEmpty();
    }

    @Test
    void theSameFactsGiveTheSameWarningId() {
        for (int run = 0; run < 2; run++) {
            state = new EnterpriseState();
            for (int i = 0; i < 5; i++) {
                apply(complaint("c" + i, T0.plus(HOUR.multipliedBy(i)), T0.plus(HOUR.multipliedBy(i))));
            }
        }
        List<Warning> surges = warnings(Warning.Rule.COMPLAINT_SURGE);
        assertThat(surges).hasSize(2);
        assertThat(surges.get(0).warningId).isEqualTo(surges.get(1).warningId);
    }

    @Test
    void emitsEachComplaintForItsSegmentOnceTheIndustryIsKnown() {
        apply(complaint("c0", T0, T0));
        assertThat(output.complaints).isEmpty();
        apply(record(CODE, RecordType.REGISTERED).at(T0.plus(HOUR)).with("name", "n").with("regionCode", "150103")
                .with("industry", "F5292").with("establishedOn", "2020-01-01"));
        apply(complaint("c1", T0.plus(HOUR), T0.plus(HOUR.multipliedBy(2))));
        assertThat(output.complaints).singleElement().satisfies(c -> {
            assertThat(c.segment).isEqualTo("150103|F");
            assertThat(c.eventId).isEqualTo("c1");
        });
    }
}
