package org.creditwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.creditwatch.domain.CreditCode;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.Stream;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.OutputJson;
import org.creditwatch.model.ModelLoader;
import org.creditwatch.model.ModelSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} on generated data, with follow-ups of real warnings, a duplicate, a record that cannot be read,
 * inspections at both edges of the horizon and of an enterprise never seen: every figure of validation.json, for
 * both model sets, equals an independent count over the replay's output files and the input inspections.
 */
class ValidateITCase {
    static final Instant GENERATED_UNTIL = Instant.parse("2026-06-30T04:00:00Z");
    static final long CUTOFF = Instant.parse("2026-05-10T16:00:00Z").toEpochMilli();
    static final long HORIZON = Duration.ofDays(40).toMillis();
    static final long HOUR = 3600_000L;
    static final long DAY = 24 * HOUR;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PLANTED = "91150103X00000002" + CreditCode.checkCharacterOf("91150103X00000002");

    @TempDir
    static Path work;
    static Path input;
    static Validate.Report report;
    static JsonNode validation;

    @BeforeAll
    static void generateFollowUpAndValidate() throws Exception {
        input = work.resolve("input");
        Generator.generate(new Generator.Options(300, 120, 5, GENERATED_UNTIL), input);
        plantWarningsBeforeTheCutoff();
        // the warnings a replay as of the cutoff raises, so that inspections in the horizon can follow them up
        Path before = work.resolve("before-cutoff");
        Replay.run(new Replay.Options(input, before, CUTOFF, ModelSet.bundled(), 1));
        appendInspections(Files.readAllLines(before.resolve(Replay.WARNINGS)));

        Path compareFile = work.resolve("base-v2.yaml");
        Files.writeString(compareFile, bundled("models/base-v1.yaml").replace("version: 1", "version: 2")
                .replace("classes: {A: 60, B: 40, C: 20}", "classes: {A: 40, B: 20, C: 10}"));
        report = Validate.run(new Validate.Options(input, work.resolve("out"), CUTOFF, HORIZON, "40d",
                new Validate.ModelSetUnderTest(ModelSet.bundled(), List.of()),
                new Validate.ModelSetUnderTest(ModelLoader.loadFiles(List.of(compareFile)),
                        List.of(compareFile.toString())), 2));
        validation = JSON.readTree(work.resolve("out").resolve(Validate.VALIDATION).toFile());
    }

    /**
     * Whatever rates the generator is calibrated to: five complaints in a day and a sampling failure of high hazard
     * ten days before the cutoff raise a complaint surge, a sampling failure and a class escalation.
     */
    private static void plantWarningsBeforeTheCutoff() throws IOException {
        long start = CUTOFF - 10 * DAY;
        List<String> complaints = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            complaints.add(JSON.createObjectNode().put("eventId", "planted-complaint-" + i).put("creditCode", PLANTED)
                    .put("type", "COMPLAINT").put("occurredAt", OutputJson.time(start + i * HOUR))
                    .put("reportedAt", OutputJson.time(start + i * HOUR)).put("complaintId", "TS-planted-" + i)
                    .put("category", "FOOD_SAFETY").toString());
        }
        Files.write(input.resolve(Stream.COMPLAINTS.fileName()), complaints, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.write(input.resolve(Stream.SAMPLING_RESULTS.fileName()), List.of(JSON.createObjectNode()
                .put("eventId", "planted-sample").put("creditCode", PLANTED).put("type", "SAMPLING")
                .put("occurredAt", OutputJson.time(start + 6 * HOUR)).put("reportedAt", OutputJson.time(start + 6 * HOUR))
                .put("sampleId", "CJ-planted").put("product", "rice noodles").put("result", "FAIL").put("hazard", "HIGH")
                .toString()), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * Follow-ups of warnings raised up to the cutoff (and one of a warning that does not exist), a later copy of an
     * inspection with another result, inspections exactly at the cutoff and at the end of the horizon, one of an
     * enterprise without an assessment, and a line that is not a record. All reported after the cutoff, so that the
     * replay as of the cutoff is the one that raised the warnings.
     */
    private static void appendInspections(List<String> warnings) throws IOException {
        List<String> lines = new ArrayList<>();
        String[] results = {"PROBLEMS_FOUND", "PASSED", "NOT_FOUND_AT_ADDRESS", "PASSED"};
        int followUps = 0;
        String anyCode = null;
        for (String line : warnings) {
            JsonNode w = JSON.readTree(line);
            if (w.get("creditCode").isNull()
                    || followUps >= 12 && !w.get("creditCode").asText().equals(PLANTED)) {
                continue;
            }
            anyCode = w.get("creditCode").asText();
            long occurred = CUTOFF + (followUps + 1) * 2 * DAY;
            lines.add(inspection("follow-up-" + followUps, anyCode, occurred, occurred + 2 * HOUR,
                    results[followUps % results.length], w.get("warningId").asText()));
            followUps++;
        }
        assertThat(followUps).as("warnings to follow up").isGreaterThanOrEqualTo(3);
        long occurred = CUTOFF + 3 * DAY;
        lines.add(inspection("dup", anyCode, occurred, occurred + HOUR, "PROBLEMS_FOUND", null));
        lines.add(inspection("dup", anyCode, occurred, occurred + 5 * HOUR, "PASSED", null)); // a later copy
        lines.add(inspection("of-no-warning", anyCode, occurred, occurred + HOUR, "PASSED", "W-never-raised"));
        lines.add(inspection("at-cutoff", anyCode, CUTOFF, CUTOFF + HOUR, "PROBLEMS_FOUND", null));
        lines.add(inspection("at-end", anyCode, CUTOFF + HORIZON, CUTOFF + HORIZON + HOUR, "NOT_FOUND_AT_ADDRESS",
                null));
        String first17 = "91150103X00000001";
        lines.add(inspection("never-seen", first17 + CreditCode.checkCharacterOf(first17), occurred,
                occurred + HOUR, "PROBLEMS_FOUND", null));
        lines.add("{\"eventId\":\"broken\",\"type\":\"INSPECTION\"");
        Files.write(input.resolve(Stream.INSPECTIONS.fileName()), lines, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    private static String inspection(String eventId, String code, long occurred, long reported, String result,
            String warningId) {
        ObjectNode r = JSON.createObjectNode().put("eventId", eventId).put("creditCode", code)
                .put("type", "INSPECTION").put("occurredAt", OutputJson.time(occurred))
                .put("reportedAt", OutputJson.time(reported)).put("inspectionId", "JC-" + eventId)
                .put("result", result);
        if (warningId != null) {
            r.put("warningId", warningId);
        }
        return r.toString();
    }

    @Test
    void everyFigureOfBothModelSetsEqualsAnIndependentCount() throws IOException {
        List<JsonNode> counted = independentlyCountedInspections();
        assertThat(counted).extracting(i -> i.get("eventId").asText())
                .contains("dup", "at-end", "never-seen", "follow-up-0").doesNotContain("at-cutoff");
        assertThat(counted.stream().filter(i -> i.get("eventId").asText().equals("dup")).findFirst().orElseThrow()
                .get("result").asText()).as("the first copy counts").isEqualTo("PROBLEMS_FOUND");
        assertSide(validation, work.resolve("out").resolve(Validate.REPLAY), counted, 3);
        // another model set raises other class escalations: a follow-up of one it did not raise counts for no rule
        assertSide(validation.get("compare"), work.resolve("out").resolve(Validate.COMPARE_REPLAY), counted, 1);
        assertThat(redOrOrange(validation.get("compare")))
                .as("lower thresholds put more enterprises in A or B").isGreaterThan(redOrOrange(validation));
        assertThat(validation.get("compare").get("models").get(0).asText()).isEqualTo("base-v1 v2");
        for (String planted : List.of("COMPLAINT_SURGE", "SAMPLING_FAILURES")) {
            assertThat(validation.get("warningRules").get(planted).get("inspected").asLong()).as(planted).isPositive();
        }
    }

    @Test
    void theInputCountsSayWhatWasSkipped() throws IOException {
        RecordParser parser = new RecordParser();
        long records = 0;
        long rejected = 0;
        for (String line : Files.readAllLines(input.resolve(Stream.INSPECTIONS.fileName()))) {
            if (!line.isBlank()) {
                records++;
                rejected += parser.parse(Stream.INSPECTIONS, line).record == null ? 1 : 0;
            }
        }
        JsonNode counts = validation.get("inspections");
        assertThat(counts.get("records").asLong()).isEqualTo(records);
        assertThat(counts.get("rejected").asLong()).isEqualTo(rejected).isPositive();
        assertThat(counts.get("duplicates").asLong()).isEqualTo(records - rejected - distinctValidEventIds());
        assertThat(counts.get("inHorizon").asLong()).isEqualTo(independentlyCountedInspections().size());
        assertThat(validation.get("cutoff").asText()).isEqualTo("2026-05-11T00:00:00+08:00");
        assertThat(validation.get("horizonEnd").asText()).isEqualTo("2026-06-20T00:00:00+08:00");
        String table = Validate.table(report);
        assertThat(table).contains("A red", "D green", "lift A/D", "AUC", "CHANGE_AFTER_PENALTY", "[compare]");
    }

    private static long redOrOrange(JsonNode side) {
        return side.get("classes").get("A").get("enterprises").asLong()
                + side.get("classes").get("B").get("enterprises").asLong();
    }

    private static void assertSide(JsonNode side, Path replay, List<JsonNode> counted, int leastFollowedUp)
            throws IOException {
        Map<String, JsonNode> latest = new HashMap<>();
        for (String line : Files.readAllLines(replay.resolve(Replay.ASSESSMENTS))) {
            JsonNode a = JSON.readTree(line);
            assertThat(time(a.get("assessedAt"))).isLessThanOrEqualTo(CUTOFF);
            latest.merge(a.get("creditCode").asText(), a,
                    (old, now) -> now.get("sequence").asLong() > old.get("sequence").asLong() ? now : old);
        }
        Map<String, String> ruleOf = new HashMap<>();
        Map<String, Long> warningsByRule = new HashMap<>();
        for (String line : Files.readAllLines(replay.resolve(Replay.WARNINGS))) {
            JsonNode w = JSON.readTree(line);
            ruleOf.put(w.get("warningId").asText(), w.get("rule").asText());
            warningsByRule.merge(w.get("rule").asText(), 1L, Long::sum);
        }
        Map<String, long[]> byClass = new HashMap<>(); // enterprises, inspected, found
        latest.values().forEach(a -> byClass.computeIfAbsent(a.get("riskClass").asText(), c -> new long[3])[0]++);
        Map<String, long[]> byRule = new HashMap<>(); // inspected, found
        List<double[]> scored = new ArrayList<>(); // score, found
        long withoutAssessment = 0;
        long ofOtherWarnings = 0;
        for (JsonNode inspection : counted) {
            boolean found = !inspection.get("result").asText().equals("PASSED");
            JsonNode assessed = latest.get(inspection.get("creditCode").asText().toUpperCase());
            if (assessed == null) {
                withoutAssessment++;
            } else {
                long[] c = byClass.computeIfAbsent(assessed.get("riskClass").asText(), k -> new long[3]);
                c[1]++;
                c[2] += found ? 1 : 0;
                scored.add(new double[] {assessed.get("score").asDouble(), found ? 1 : 0});
            }
            if (inspection.hasNonNull("warningId")) {
                String rule = ruleOf.get(inspection.get("warningId").asText());
                if (rule == null) {
                    ofOtherWarnings++;
                } else {
                    long[] r = byRule.computeIfAbsent(rule, k -> new long[2]);
                    r[0]++;
                    r[1] += found ? 1 : 0;
                }
            }
        }
        long enterprises = latest.size();
        assertThat(side.get("enterprises").asLong()).isEqualTo(enterprises);
        long inspected = 0;
        for (String c : List.of("A", "B", "C", "D")) {
            long[] expected = byClass.getOrDefault(c, new long[3]);
            JsonNode actual = side.get("classes").get(c);
            assertThat(actual.get("enterprises").asLong()).as(c).isEqualTo(expected[0]);
            assertThat(actual.get("share").asDouble()).as(c).isCloseTo((double) expected[0] / enterprises, within(1e-12));
            assertThat(actual.get("inspected").asLong()).as(c).isEqualTo(expected[1]);
            assertThat(actual.get("found").asLong()).as(c).isEqualTo(expected[2]);
            assertRate(actual.get("hitRate"), actual.get("hitRateWilson95"), expected[1], expected[2]);
            inspected += expected[1];
        }
        assertThat(inspected).as("inspections judged, six of them appended here").isGreaterThanOrEqualTo(6);
        assertThat(side.get("total").get("inspected").asLong()).isEqualTo(inspected);
        assertThat(side.get("inspectedWithoutAssessment").asLong()).isEqualTo(withoutAssessment).isPositive();
        long[] a = byClass.getOrDefault("A", new long[3]);
        long[] d = byClass.getOrDefault("D", new long[3]);
        if (a[1] == 0 || d[1] == 0 || d[2] == 0) {
            assertThat(side.get("lift").isNull()).isTrue();
        } else {
            assertThat(side.get("lift").asDouble())
                    .isCloseTo(((double) a[2] / a[1]) / ((double) d[2] / d[1]), within(1e-9));
        }
        assertThat(side.get("auc").asDouble()).isCloseTo(pairwiseAuc(scored), within(1e-12));

        long followedUp = 0;
        for (String rule : List.of("CLASS_ESCALATION", "COMPLAINT_SURGE", "FREQUENT_CHANGES", "SAMPLING_FAILURES",
                "CHANGE_AFTER_PENALTY", "LICENSE_EXPIRING", "LICENSE_EXPIRED", "SEGMENT_COMPLAINT_SPIKE")) {
            JsonNode actual = side.get("warningRules").get(rule);
            long[] expected = byRule.getOrDefault(rule, new long[2]);
            assertThat(actual.get("warnings").asLong()).as(rule).isEqualTo(warningsByRule.getOrDefault(rule, 0L));
            assertThat(actual.get("inspected").asLong()).as(rule).isEqualTo(expected[0]);
            assertThat(actual.get("found").asLong()).as(rule).isEqualTo(expected[1]);
            assertRate(actual.get("precision"), actual.get("precisionWilson95"), expected[0], expected[1]);
            followedUp += expected[0];
        }
        assertThat(followedUp).isGreaterThanOrEqualTo(leastFollowedUp);
        assertThat(side.get("followUpsOfOtherWarnings").asLong()).isEqualTo(ofOtherWarnings).isPositive();
    }

    private static void assertRate(JsonNode rate, JsonNode interval, long inspected, long found) {
        if (inspected == 0) {
            assertThat(rate.isNull()).isTrue();
            assertThat(interval.isNull()).isTrue();
            return;
        }
        double p = (double) found / inspected;
        assertThat(rate.asDouble()).isCloseTo(p, within(1e-12));
        assertThat(interval.get("low").asDouble()).isBetween(0.0, p);
        assertThat(interval.get("high").asDouble()).isBetween(p, 1.0);
    }

    /** Every (found, not found) pair compared, ties half. */
    private static double pairwiseAuc(List<double[]> scored) {
        double wins = 0;
        long pairs = 0;
        for (double[] found : scored) {
            for (double[] notFound : scored) {
                if (found[1] == 1 && notFound[1] == 0) {
                    pairs++;
                    wins += found[0] > notFound[0] ? 1 : found[0] == notFound[0] ? 0.5 : 0;
                }
            }
        }
        assertThat(pairs).as("pairs to rank").isPositive();
        return wins / pairs;
    }

    /** The valid inspections that occurred in (cutoff, cutoff + horizon], of each eventId the first reported copy. */
    private static List<JsonNode> independentlyCountedInspections() throws IOException {
        Map<String, JsonNode> firstReported = new HashMap<>();
        for (JsonNode r : validInspections()) {
            firstReported.merge(r.get("eventId").asText(), r, (old, now) -> {
                long c = Long.compare(time(now.get("reportedAt")), time(old.get("reportedAt")));
                assertThat(c != 0 || old.equals(now)).as("copies reported at once are equal").isTrue();
                return c < 0 ? now : old;
            });
        }
        List<JsonNode> counted = new ArrayList<>();
        for (JsonNode r : firstReported.values()) {
            long occurred = time(r.get("occurredAt"));
            if (occurred > CUTOFF && occurred <= CUTOFF + HORIZON) {
                counted.add(r);
            }
        }
        return counted;
    }

    private static long distinctValidEventIds() throws IOException {
        return validInspections().stream().map(r -> r.get("eventId").asText()).distinct().count();
    }

    /** The lines that the project's parser accepts (validity is its job), read as plain JSON. */
    private static List<JsonNode> validInspections() throws IOException {
        RecordParser parser = new RecordParser();
        List<JsonNode> valid = new ArrayList<>();
        for (String line : Files.readAllLines(input.resolve(Stream.INSPECTIONS.fileName()))) {
            if (!line.isBlank() && parser.parse(Stream.INSPECTIONS, line).record != null) {
                valid.add(JSON.readTree(line));
            }
        }
        return valid;
    }

    private static long time(JsonNode text) {
        return OffsetDateTime.parse(text.asText()).toInstant().toEpochMilli();
    }

    private static String bundled(String resource) throws IOException {
        try (InputStream in = ValidateITCase.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
