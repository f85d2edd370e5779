package org.creditwatch.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.creditwatch.TestRecords.record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.creditwatch.TestRecords;
import org.creditwatch.domain.RecordType;
import org.creditwatch.engine.Warning.Rule;
import org.creditwatch.model.RiskClass;
import org.junit.jupiter.api.Test;

class BacktestTest {
    static final Instant CUTOFF = Instant.parse("2026-04-01T00:00:00Z");
    static final long HORIZON = Duration.ofDays(30).toMillis();

    @Test
    void countsEachInspectionOfAnAssessedEnterpriseInItsClassAtTheCutoff() {
        Map<String, Backtest.Assessed> atCutoff = new HashMap<>();
        atCutoff.put("a1", new Backtest.Assessed(RiskClass.A, 70));
        atCutoff.put("a2", new Backtest.Assessed(RiskClass.A, 65));
        atCutoff.put("b1", new Backtest.Assessed(RiskClass.B, 45));
        for (int i = 0; i < 7; i++) {
            atCutoff.put("d" + i, new Backtest.Assessed(RiskClass.D, i));
        }
        List<Backtest.Inspection> inspections = List.of(
                inspection("1", "a1", true, null), inspection("2", "a1", true, null), // one enterprise, twice
                inspection("3", "a2", false, null),
                inspection("4", "d0", true, null), inspection("5", "d1", false, null),
                inspection("6", "d2", false, null), inspection("7", "d3", false, null),
                inspection("8", "nobody", true, null));
        Backtest.Result result = Backtest.compute(atCutoff, Map.of(), inspections);

        Backtest.ClassFigures a = result.classes().get(RiskClass.A);
        assertThat(a.enterprises()).isEqualTo(2);
        assertThat(a.share()).isCloseTo(0.2, within(1e-12));
        assertThat(a.hits().inspected()).as("inspections, not enterprises").isEqualTo(3);
        assertThat(a.hits().found()).isEqualTo(2);
        assertThat(a.hits().rate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(a.hits().interval95()).isEqualTo(Wilson.interval95(2, 3));
        Backtest.ClassFigures b = result.classes().get(RiskClass.B);
        assertThat(b.enterprises()).isEqualTo(1);
        assertThat(b.hits().inspected()).isZero();
        assertThat(b.hits().rate()).isNull();
        assertThat(b.hits().interval95()).isNull();
        Backtest.ClassFigures c = result.classes().get(RiskClass.C);
        assertThat(c.enterprises()).isZero();
        assertThat(c.share()).isEqualTo(0.0);
        assertThat(result.classes().get(RiskClass.D).hits().rate()).isEqualTo(0.25);
        assertThat(result.lift()).isCloseTo((2.0 / 3) / 0.25, within(1e-12));
        assertThat(result.leftOut()).as("an enterprise without an assessment at the cutoff").isEqualTo(1);
        assertThat(result.total().enterprises()).isEqualTo(10);
        assertThat(result.total().hits().inspected()).isEqualTo(7);
        assertThat(result.total().hits().found()).isEqualTo(3);
        // found scores {70, 70, 0} against not found {65, 1, 2, 3}: 70 beats all four twice, 0 beats none
        assertThat(result.auc()).isCloseTo(8.0 / 12, within(1e-12));
    }

    @Test
    void liftIsUndefinedWhenClassDFindsNothingOrIsNotInspected() {
        Map<String, Backtest.Assessed> atCutoff = Map.of("a", new Backtest.Assessed(RiskClass.A, 80),
                "d", new Backtest.Assessed(RiskClass.D, 0));
        assertThat(Backtest.compute(atCutoff, Map.of(), List.of(inspection("1", "a", true, null),
                inspection("2", "d", false, null))).lift()).isNull();
        assertThat(Backtest.compute(atCutoff, Map.of(), List.of(inspection("1", "a", true, null))).lift()).isNull();
        assertThat(Backtest.compute(atCutoff, Map.of(), List.of(inspection("1", "d", true, null))).lift()).isNull();
        Backtest.Result empty = Backtest.compute(Map.of(), Map.of(), List.of());
        assertThat(empty.classes().get(RiskClass.A).share()).isNull();
        assertThat(empty.auc()).isNull();
    }

    @Test
    void warningPrecisionCountsFollowUpsOfWarningsRaisedUpToTheCutoff() {
        Map<String, Backtest.Assessed> atCutoff = Map.of("x", new Backtest.Assessed(RiskClass.C, 25));
        Map<String, Rule> raised = Map.of("w1", Rule.COMPLAINT_SURGE, "w2", Rule.COMPLAINT_SURGE,
                "w3", Rule.SAMPLING_FAILURES, "seg", Rule.SEGMENT_COMPLAINT_SPIKE);
        Backtest.Result result = Backtest.compute(atCutoff, raised, List.of(
                inspection("1", "x", true, "w1"), inspection("2", "x", false, "w1"), inspection("3", "x", true, "w2"),
                inspection("4", "y", true, "seg"), // a follow-up counts for its rule even if its enterprise is left out
                inspection("5", "x", true, "later"), inspection("6", "x", false, null)));

        Backtest.RuleFigures surge = result.rules().get(Rule.COMPLAINT_SURGE);
        assertThat(surge.warnings()).isEqualTo(2);
        assertThat(surge.precision().inspected()).isEqualTo(3);
        assertThat(surge.precision().found()).isEqualTo(2);
        assertThat(surge.precision().rate()).isCloseTo(2.0 / 3, within(1e-12));
        Backtest.RuleFigures sampling = result.rules().get(Rule.SAMPLING_FAILURES);
        assertThat(sampling.warnings()).isEqualTo(1);
        assertThat(sampling.precision().inspected()).isZero();
        assertThat(sampling.precision().rate()).isNull();
        assertThat(result.rules().get(Rule.SEGMENT_COMPLAINT_SPIKE).precision().found()).isEqualTo(1);
        assertThat(result.rules()).containsOnlyKeys(Rule.values());
        assertThat(result.followUpsOfOtherWarnings()).isEqualTo(1);
        assertThat(result.classes().get(RiskClass.C).hits().inspected()).isEqualTo(5);
        assertThat(result.leftOut()).isEqualTo(1);
    }

    @Test
    void theHorizonIsOpenAtTheCutoffAndClosedAtItsEnd() {
        HorizonInspections horizon = new HorizonInspections(CUTOFF.toEpochMilli(), HORIZON);
        horizon.add(inspectionRecord("at-cutoff", CUTOFF, "PROBLEMS_FOUND").build());
        horizon.add(inspectionRecord("just-after", CUTOFF.plusMillis(1), "PASSED").build());
        horizon.add(inspectionRecord("at-end", CUTOFF.plusMillis(HORIZON), "NOT_FOUND_AT_ADDRESS").build());
        horizon.add(inspectionRecord("after-end", CUTOFF.plusMillis(HORIZON + 1), "PROBLEMS_FOUND").build());
        List<Backtest.Inspection> inside = horizon.inHorizon();
        assertThat(inside).extracting(Backtest.Inspection::eventId).containsExactly("just-after", "at-end");
        assertThat(inside).extracting(Backtest.Inspection::found).containsExactly(false, true);
        assertThat(horizon.end()).isEqualTo(CUTOFF.toEpochMilli() + HORIZON);
    }

    @Test
    void aRepeatedEventIdCountsOnceAsItsFirstCopyInApplyOrder() {
        Instant t = CUTOFF.plus(Duration.ofDays(3));
        List<TestRecords.Builder> copies = new ArrayList<>(List.of(
                inspectionRecord("dup", t, "PASSED").reported(t.plus(Duration.ofDays(2))),
                inspectionRecord("dup", t, "PROBLEMS_FOUND").reported(t.plus(Duration.ofDays(1))), // first reported
                inspectionRecord("dup", t, "NOT_FOUND_AT_ADDRESS").reported(t.plus(Duration.ofDays(5)))));
        for (int rotation = 0; rotation < copies.size(); rotation++) {
            HorizonInspections horizon = new HorizonInspections(CUTOFF.toEpochMilli(), HORIZON);
            for (int i = 0; i < copies.size(); i++) {
                horizon.add(copies.get((i + rotation) % copies.size()).build());
            }
            assertThat(horizon.inHorizon()).hasSize(1);
            assertThat(horizon.inHorizon().get(0).found()).isTrue();
            assertThat(horizon.duplicates()).isEqualTo(2);
        }
        // the copy that counts decides whether the inspection is in the horizon at all
        HorizonInspections horizon = new HorizonInspections(CUTOFF.toEpochMilli(), HORIZON);
        horizon.add(inspectionRecord("moved", CUTOFF.minus(Duration.ofDays(1))).build());
        horizon.add(inspectionRecord("moved", t).reported(t.plus(Duration.ofDays(9))).build());
        assertThat(horizon.inHorizon()).isEmpty();
    }

    @Test
    void refusesAnEmptyHorizonAndOtherRecordTypes() {
        assertThatThrownBy(() -> new HorizonInspections(0, 0)).isInstanceOf(IllegalArgumentException.class);
        HorizonInspections horizon = new HorizonInspections(0, HORIZON);
        assertThatThrownBy(() -> horizon.add(record(TestRecords.CODE, RecordType.COMPLAINT).at(CUTOFF)
                .with("complaintId", "c").with("category", "FOOD").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Backtest.Inspection inspection(String eventId, String code, boolean found, String warningId) {
        return new Backtest.Inspection(eventId, code, CUTOFF.toEpochMilli() + 1, warningId, found);
    }

    private static TestRecords.Builder inspectionRecord(String eventId, Instant occurred) {
        return inspectionRecord(eventId, occurred, "PASSED");
    }

    private static TestRecords.Builder inspectionRecord(String eventId, Instant occurred, String result) {
        return record(TestRecords.CODE, RecordType.INSPECTION).id(eventId).at(occurred)
                .with("inspectionId", "i-" + eventId).with("result", result);
    }
}
