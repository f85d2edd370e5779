package org.creditwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditwatch.TestRecords.record;

import java.time.Instant;
import org.creditwatch.TestRecords;
import org.creditwatch.domain.RecordType;
import org.creditwatch.model.ModelSet;
import org.junit.jupiter.api.Test;

/** Assessments carry the enterprise's registered tags: spot-check plans select by them (spec §10). */
class AssessmentTagsTest {
    private static final Instant T0 = Instant.parse("2026-01-05T02:00:00Z");

    @Test
    void anAssessmentCarriesTheTagsOfTheLatestRegistration() {
        RiskEngine engine = new RiskEngine(ModelSet.bundled());
        EnterpriseState state = new EnterpriseState();
        CollectingOutput output = new CollectingOutput();
        String code = TestRecords.FOOD_CODE;

        engine.apply(code, state, record(code, RecordType.PENALTY).at(T0).with("decisionNo", "d")
                .with("severity", "GENERAL").build(), output);
        assertThat(output.assessments.get(output.assessments.size() - 1).tags).isEmpty();

        engine.apply(code, StateCodec.decode(StateCodec.encode(state)), record(code, RecordType.REGISTERED)
                .at(T0.plusSeconds(60)).with("name", "企业").with("regionCode", "150102").with("industry", "F5292")
                .with("establishedOn", "2015-01-01").tags("ONLINE_FOOD").build(), output);
        Assessment last = output.assessments.get(output.assessments.size() - 1);
        assertThat(last.tags).containsExactly("ONLINE_FOOD");
        assertThat(last.model).isEqualTo("online-food-v1");
    }
}
