package org.creditwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelLoaderTest {
    static final String BASE = String.join("\n",
            "id: base-test",
            "classes: {A: 60, B: 40, C: 20}",
            "indicators:",
            "  PENALTY:",
            "    points: {WARNING: 3, GENERAL: 10}",
            "    countsForDays: 1095",
            "    min: 0",
            "    cap: 40",
            "warnings:",
            "  cooldownDays: 7",
            "  COMPLAINT_SURGE: {count: 5, highCount: 10, withinDays: 7}",
            "  FREQUENT_CHANGES: {count: 3, withinDays: 90}",
            "  SAMPLING_FAILURES: {count: 2, withinDays: 180}",
            "  CHANGE_AFTER_PENALTY: {withinDays: 30}",
            "  LICENSE_EXPIRING: {daysBefore: 30}",
            "  SEGMENT_COMPLAINT_SPIKE: {minDaily: 10, factor: 3, baselineDays: 28}",
            "");

    private static ModelSet load(String text) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("test.yaml", text);
        return ModelLoader.loadTexts(texts);
    }

    @Test
    void loadsTheBundledModelsAsTheSpecTablesSay() {
        ModelSet models = ModelSet.bundled();
        Model base = models.defaultModel();
        assertThat(base.id).isEqualTo("base-v1");
        assertThat(base.rule(Indicator.PENALTY).points("SEVERE")).isEqualTo(30);
        assertThat(base.rule(Indicator.PENALTY).countsForMs).isEqualTo(1095 * IndicatorRule.DAY_MS);
        assertThat(base.rule(Indicator.INSPECTION).min).isEqualTo(-10);
        assertThat(base.rule(Indicator.SERIOUS_DISHONEST).floor).isEqualTo(RiskClass.A);
        assertThat(base.rule(Indicator.SCALE)).isNull();
        Model food = models.select(new String[] {"ONLINE_FOOD"});
        assertThat(food.id).isEqualTo("online-food-v1");
        assertThat(food.rule(Indicator.PENALTY).weight).isEqualTo(1.5);
        assertThat(food.rule(Indicator.PENALTY).points("MAJOR")).isEqualTo(20);
        assertThat(food.rule(Indicator.COMPLAINT).weight).isEqualTo(1.0);
        assertThat(food.rule(Indicator.KEY_REGION).keyRegions).containsExactly("150102", "150104");
        assertThat(food.warnings.complaintSurgeCount).isEqualTo(5);
        assertThat(models.select(new String[] {"OTHER"}).id).isEqualTo("base-v1");
        assertThat(models.select(new String[0]).id).isEqualTo("base-v1");
    }

    @Test
    void classesByScore() {
        Model base = ModelSet.bundled().defaultModel();
        assertThat(base.classOf(60)).isEqualTo(RiskClass.A);
        assertThat(base.classOf(59.9)).isEqualTo(RiskClass.B);
        assertThat(base.classOf(40)).isEqualTo(RiskClass.B);
        assertThat(base.classOf(39.9)).isEqualTo(RiskClass.C);
        assertThat(base.classOf(20)).isEqualTo(RiskClass.C);
        assertThat(base.classOf(19.9)).isEqualTo(RiskClass.D);
    }

    @Test
    void namesFileLineAndFieldOfAnUnknownPointKind() {
        assertThatThrownBy(() -> load(BASE.replace("GENERAL: 10", "HUGE: 10")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("test.yaml:5")
                .hasMessageContaining("indicators.PENALTY.points.HUGE");
    }

    @Test
    void namesTheLineOfAFieldOfTheWrongType() {
        assertThatThrownBy(() -> load(BASE.replace("cap: 40", "cap: lots")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("test.yaml:8")
                .hasMessageContaining("indicators.PENALTY.cap");
    }

    @Test
    void rejectsUnknownFieldsIndicatorsAndBrokenBounds() {
        assertThatThrownBy(() -> load(BASE.replace("    min: 0", "    minimum: 0")))
                .hasMessageContaining("test.yaml:7").hasMessageContaining("minimum");
        assertThatThrownBy(() -> load(BASE.replace("  PENALTY:", "  PENALTIES:")))
                .hasMessageContaining("test.yaml:4").hasMessageContaining("unknown indicator PENALTIES");
        assertThatThrownBy(() -> load(BASE.replace("cap: 40", "cap: -1")))
                .hasMessageContaining("indicators.PENALTY.min").hasMessageContaining("above cap");
        assertThatThrownBy(() -> load(BASE.replace("    countsForDays: 1095\n", "")))
                .hasMessageContaining("indicators.PENALTY.countsForDays");
        assertThatThrownBy(() -> load(BASE.replace("B: 40", "B: 70")))
                .hasMessageContaining("classes").hasMessageContaining("fall");
        assertThatThrownBy(() -> load(BASE.replace("  cooldownDays: 7\n", "")))
                .hasMessageContaining("warnings.cooldownDays");
    }

    @Test
    void reportsBrokenYamlWithItsLine() {
        assertThatThrownBy(() -> load(BASE.replace("    min: 0", "    min: [0")))
                .isInstanceOf(ModelException.class)
                .hasMessageMatching("(?s)test.yaml:\\d+: .*");
    }

    @Test
    void needsExactlyOneDefaultModelAndKnownParents() {
        Map<String, String> two = new LinkedHashMap<>();
        two.put("a.yaml", BASE);
        two.put("b.yaml", BASE.replace("id: base-test", "id: other"));
        assertThatThrownBy(() -> ModelLoader.loadTexts(two)).hasMessageContaining("only one model");
        Map<String, String> orphan = new LinkedHashMap<>();
        orphan.put("a.yaml", BASE);
        orphan.put("b.yaml", "id: child\nextends: nowhere\nappliesTo: {tags: [X]}\n");
        assertThatThrownBy(() -> ModelLoader.loadTexts(orphan)).hasMessageContaining("b.yaml:2")
                .hasMessageContaining("unknown model nowhere");
    }
}
