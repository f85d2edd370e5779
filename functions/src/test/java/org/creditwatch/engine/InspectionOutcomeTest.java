package org.creditwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditwatch.TestRecords.CODE;
import static org.creditwatch.TestRecords.record;

import java.time.Duration;
import java.time.Instant;
import org.creditwatch.TestRecords;
import org.creditwatch.domain.Enums.InspectionResult;
import org.creditwatch.domain.RecordType;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.RiskClass;
import org.junit.jupiter.api.Test;

/** Every applied inspection is an outcome beside the assessment in force just before it (spec §11). */
class InspectionOutcomeTest {
    static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    private final RiskEngine engine = new RiskEngine(ModelSet.bundled());
    private final CollectingOutput output = new CollectingOutput();
    private final EnterpriseState state = new EnterpriseState();

    private RiskEngine.Outcome apply(TestRecords.Builder r) {
        return engine.apply(CODE, state, r.build(), output);
    }

    private static TestRecords.Builder inspection(String result, Instant at) {
        return record(CODE, RecordType.INSPECTION).at(at).with("inspectionId", "i").with("planId", "p-1")
                .with("warningId", "w-1").with("result", result);
    }

    @Test
    void anEnterpriseNeverSeenBeforeWasDGreenWithNoScoreUnderTheDefaultModel() {
        apply(inspection("NOT_FOUND_AT_ADDRESS", T0));
        InspectionOutcome o = output.outcomes.get(0);
        assertThat(o.classBefore).isEqualTo(RiskClass.D);
        assertThat(o.scoreBefore).isZero();
        assertThat(o.modelBefore).isEqualTo("base-v1");
        assertThat(o.modelVersionBefore).isEqualTo(1);
        assertThat(o.regionCode).isEqualTo("150103");
        assertThat(o.found).isTrue();
        assertThat(o.result).isEqualTo(InspectionResult.NOT_FOUND_AT_ADDRESS);
        assertThat(o.planId).isEqualTo("p-1");
        assertThat(o.warningId).isEqualTo("w-1");
        assertThat(output.assessments.get(0).score).as("the result then counts").isEqualTo(20.0);
    }

    @Test
    void theClassBeforeIsTheOneInForceAfterTheExpiriesDueByThen() {
        apply(record(CODE, RecordType.PENALTY).at(T0).with("decisionNo", "d").with("severity", "MAJOR"));
        apply(record(CODE, RecordType.ABNORMAL_LISTED).at(T0).with("reason", "r"));
        apply(inspection("PROBLEMS_FOUND", T0.plus(DAY)));
        assertThat(output.outcomes.get(0).classBefore).isEqualTo(RiskClass.B);
        assertThat(output.outcomes.get(0).scoreBefore).isEqualTo(45.0);
        // the penalty leaves the score 1095 days after the decision, before this inspection is applied
        apply(inspection("PASSED", T0.plus(DAY.multipliedBy(1095))));
        assertThat(output.outcomes.get(1).classBefore).isEqualTo(RiskClass.C);
        assertThat(output.outcomes.get(1).scoreBefore).isEqualTo(25.0);
        assertThat(output.outcomes.get(1).found).isFalse();
    }

    @Test
    void aDuplicateInspectionIsNoSecondOutcome() {
        TestRecords.Builder once = inspection("PASSED", T0).id("ins-1");
        apply(once);
        assertThat(apply(once)).isEqualTo(RiskEngine.Outcome.DUPLICATE);
        assertThat(output.outcomes).hasSize(1);
    }
}
