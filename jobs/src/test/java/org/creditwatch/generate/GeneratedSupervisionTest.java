package org.creditwatch.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.Warning;
import org.creditwatch.model.RiskClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated year, run through the engine as replay would, looks like a real bureau's: the class shares published
 * under comparable schemes, a plausible number of warnings, inspections from spot-check plans and warning follow-ups,
 * and findings that follow the hidden risk.
 */
class GeneratedSupervisionTest {
    private static final int ENTERPRISES = 3000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;
    private static InProcessReplay replay;

    @BeforeAll
    static void generateAndRun() throws IOException {
        Generator.generate(new Generator.Options(ENTERPRISES, 365, 42, Instant.parse("2026-06-30T04:00:00Z")), dir);
        replay = InProcessReplay.of(dir);
    }

    @Test
    void classSharesFallInsideThePublishedRanges() {
        assertThat(replay.enterprises).isEqualTo(ENTERPRISES);
        assertThat(replay.share(RiskClass.A)).as("A red").isBetween(0.01, 0.04);
        assertThat(replay.share(RiskClass.B)).as("B orange").isBetween(0.03, 0.10);
        assertThat(replay.share(RiskClass.C)).as("C yellow").isBetween(0.10, 0.30);
        assertThat(replay.share(RiskClass.D)).as("D green").isBetween(0.60, 0.85);
    }

    /** The uncalibrated generator raised 1.4 warnings per enterprise and year. */
    @Test
    void warningsAreFewerThanHalfAPerEnterprise() {
        long escalations = replay.warnings.stream().filter(w -> w.rule == Warning.Rule.CLASS_ESCALATION).count();
        assertThat(replay.warnings.size() / (double) ENTERPRISES).as("warnings per enterprise").isLessThan(0.5);
        assertThat((replay.warnings.size() - escalations) / (double) ENTERPRISES).as("other warnings per enterprise")
                .isBetween(0.02, 0.1);
    }

    @Test
    void inspectionsComeFromPlansAndFollowUpsOfWarningsTheEngineRaised() {
        Map<String, String> warnedEnterprise = new HashMap<>();
        for (Warning w : replay.warnings) {
            warnedEnterprise.put(w.warningId, w.creditCode);
        }
        int planned = 0;
        int followUps = 0;
        for (EnterpriseRecord inspection : replay.inspections) {
            if (inspection.planId != null) {
                assertThat(inspection.planId).matches("SSJ-20\\d\\dQ[1-4]");
                assertThat(inspection.warningId).isNull();
                planned++;
            } else if (inspection.warningId != null) {
                assertThat(warnedEnterprise.get(inspection.warningId)).as(inspection.warningId)
                        .isEqualTo(inspection.creditCode);
                followUps++;
            }
        }
        assertThat(planned + followUps).isGreaterThan((int) (0.8 * replay.inspections.size()));
        assertThat(planned).isGreaterThan(replay.inspections.size() / 4);
        assertThat(followUps).isGreaterThan(replay.inspections.size() / 4);
    }

    /**
     * Plans draw 30 % of A and 2 % of D each quarter, by the class of the day: an enterprise red at the end has been
     * drawn far more often than a green one. What inspectors find follows the hidden risk.
     */
    @Test
    void plansDrawTheRiskyAndFindingsFollowTheHiddenRisk() throws IOException {
        Set<String> planned = new HashSet<>();
        for (InspectionOutcome o : replay.outcomes) {
            if (o.planId != null) {
                planned.add(o.creditCode);
            }
        }
        Map<RiskClass, int[]> plannedByClass = new EnumMap<>(RiskClass.class);
        for (Assessment latest : replay.latest.values()) {
            int[] counts = plannedByClass.computeIfAbsent(latest.riskClass, c -> new int[2]);
            counts[0]++;
            counts[1] += planned.contains(latest.creditCode) ? 1 : 0;
        }
        assertThat(ratio(plannedByClass.get(RiskClass.A))).as("share of A enterprises drawn")
                .isGreaterThan(3 * ratio(plannedByClass.get(RiskClass.D)));
        Map<RiskClass, int[]> foundByClass = new EnumMap<>(RiskClass.class);
        for (InspectionOutcome o : replay.outcomes) {
            int[] counts = foundByClass.computeIfAbsent(o.classBefore, c -> new int[2]);
            counts[0]++;
            counts[1] += o.found ? 1 : 0;
        }
        assertThat(ratio(foundByClass.get(RiskClass.A))).as("hit rate of A")
                .isGreaterThan(2 * ratio(foundByClass.get(RiskClass.D)));

        Set<String> high = new HashSet<>();
        Set<String> low = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve("ground-truth.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode truth = MAPPER.readTree(line);
            String risk = truth.get("trueRisk").asText();
            if (risk.equals("HIGH")) {
                high.add(truth.get("creditCode").asText());
            } else if (risk.equals("LOW")) {
                low.add(truth.get("creditCode").asText());
            }
        }
        int[] highFound = new int[2];
        int[] lowFound = new int[2];
        for (InspectionOutcome o : replay.outcomes) {
            int[] counts = high.contains(o.creditCode) ? highFound : low.contains(o.creditCode) ? lowFound : null;
            if (counts != null) {
                counts[0]++;
                counts[1] += o.found ? 1 : 0;
            }
        }
        assertThat(ratio(highFound)).isGreaterThan(3 * ratio(lowFound));
    }

    /** counts[1] out of counts[0]. */
    private static double ratio(int[] counts) {
        return counts[1] / (double) counts[0];
    }
}
