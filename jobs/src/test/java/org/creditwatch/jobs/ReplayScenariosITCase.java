package org.creditwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.creditwatch.model.ModelSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every directory under {@code src/test/resources/scenarios} (the spec's worked example among them) on a
 * MiniCluster at parallelism 2 with RocksDB state, and checks each enterprise's final assessment, the rejects and the
 * summary against the scenario's {@code expected.json} (or {@code expected-final.json}); where it has a {@code warnings}
 * array, also the warnings.
 */
class ReplayScenariosITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

    static List<String> scenarios() throws IOException {
        try (java.util.stream.Stream<Path> dirs = Files.list(SCENARIOS)) {
            return dirs.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void replayGivesTheExpectedFinalAssessments(String scenario, @TempDir Path work) throws Exception {
        Path input = work.resolve("input");
        Files.createDirectories(input);
        try (java.util.stream.Stream<Path> files = Files.list(SCENARIOS.resolve(scenario))) {
            for (Path file : files.collect(Collectors.toList())) {
                Files.copy(file, input.resolve(file.getFileName()));
            }
        }
        // expected-final.json is the name the spec's worked example uses
        Path expectedFile = Files.exists(input.resolve("expected.json"))
                ? input.resolve("expected.json") : input.resolve("expected-final.json");
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        if (expected.has("appendOversizedTo")) {
            appendOversizedComplaint(input.resolve(expected.get("appendOversizedTo").asText()));
        }
        if (expected.has("appendInvalidUtf8To")) {
            // bytes that are not UTF-8 cannot be kept in a resource text file
            Files.write(input.resolve(expected.get("appendInvalidUtf8To").asText()), new byte[] {(byte) 0xC3, 0x28, '\n'},
                    StandardOpenOption.APPEND);
        }
        Long asOf = expected.has("asOf")
                ? OffsetDateTime.parse(expected.get("asOf").asText()).toInstant().toEpochMilli() : null;
        Path output = work.resolve("output");

        Replay.run(new Replay.Options(input, output, asOf, ModelSet.bundled(), 2));

        Map<String, JsonNode> finals = new HashMap<>();
        for (String line : Files.readAllLines(output.resolve(Replay.ASSESSMENTS))) {
            JsonNode a = JSON.readTree(line);
            JsonNode previous = finals.put(a.get("creditCode").asText(), a);
            if (previous != null) {
                assertThat(a.get("sequence").asLong()).isEqualTo(previous.get("sequence").asLong() + 1);
            }
        }
        JsonNode expectedFinals = expected.get("finalAssessments");
        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(iterable(expectedFinals.fieldNames()));
        for (Iterator<Map.Entry<String, JsonNode>> it = expectedFinals.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> want = it.next();
            JsonNode got = finals.get(want.getKey());
            String at = scenario + " " + want.getKey();
            assertThat(got.get("model").asText()).as(at).isEqualTo(want.getValue().get("model").asText());
            assertThat(got.get("score").asDouble()).as(at).isEqualTo(want.getValue().get("score").asDouble());
            assertThat(got.get("riskClass").asText()).as(at).isEqualTo(want.getValue().get("riskClass").asText());
            Map<String, Double> contributions = new HashMap<>();
            got.get("contributions").forEach(c -> contributions.put(c.get("indicator").asText(), c.get("points").asDouble()));
            Map<String, Double> wantContributions = new HashMap<>();
            want.getValue().get("contributions").fields()
                    .forEachRemaining(c -> wantContributions.put(c.getKey(), c.getValue().asDouble()));
            assertThat(contributions).as(at).isEqualTo(wantContributions);
            assertThat(got.get("floors").toString()).as(at).isEqualTo(want.getValue().get("floors").toString());
            for (String optional : new String[] {"status", "sequence"}) {
                if (want.getValue().has(optional)) {
                    assertThat(got.get(optional).asText()).as(at + " " + optional)
                            .isEqualTo(want.getValue().get(optional).asText());
                }
            }
        }
        JsonNode summary = JSON.readTree(output.resolve(Replay.SUMMARY).toFile());
        assertThat(summary.get("rejected")).as("rejects by reason").isEqualTo(expected.get("rejects"));
        long rejectLines = Files.readAllLines(output.resolve(Replay.REJECTS)).size();
        assertThat(rejectLines).isEqualTo(sum(expected.get("rejects")));
        if (expected.has("summary")) {
            expected.get("summary").fields().forEachRemaining(field ->
                    assertThat(summary.get(field.getKey())).as("summary " + field.getKey()).isEqualTo(field.getValue()));
        }
        if (expected.has("warnings")) {
            assertWarnings(scenario, expected.get("warnings"), output.resolve(Replay.WARNINGS));
        }
        if (expected.has("outcomes")) {
            assertOutcomes(scenario, expected.get("outcomes"), output.resolve(Replay.OUTCOMES));
        }
        if (expected.has("absentEverywhere")) {
            for (String file : new String[] {Replay.ASSESSMENTS, Replay.REJECTS, Replay.WARNINGS, Replay.SUMMARY}) {
                String text = Files.readString(output.resolve(file), StandardCharsets.UTF_8);
                for (JsonNode secret : expected.get("absentEverywhere")) {
                    assertThat(text).as(file).doesNotContain(secret.asText());
                }
            }
        }
    }

    /**
     * The warnings must be exactly the expected ones, as a multiset of (subject, rule, severity), the subject being the
     * credit code or, for a segment, region × industry section; an expected entry with {@code evidence} must also match
     * a warning of its subject, rule and severity whose evidence is that set of eventIds.
     */
    private static void assertWarnings(String scenario, JsonNode want, Path warningsFile) throws IOException {
        List<JsonNode> got = new ArrayList<>();
        for (String line : Files.readAllLines(warningsFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                got.add(JSON.readTree(line));
            }
        }
        List<String> wantKeys = new ArrayList<>();
        want.forEach(w -> wantKeys.add(warningKey(w)));
        assertThat(got.stream().map(ReplayScenariosITCase::warningKey).collect(Collectors.toList()))
                .as(scenario + " warnings as (subject, rule, severity)")
                .containsExactlyInAnyOrderElementsOf(wantKeys);
        Map<String, List<Set<String>>> gotEvidence = new HashMap<>();
        for (JsonNode w : got) {
            gotEvidence.computeIfAbsent(warningKey(w), k -> new ArrayList<>()).add(eventIds(w.get("evidence")));
        }
        for (JsonNode w : want) {
            if (w.has("evidence")) {
                List<Set<String>> candidates = gotEvidence.getOrDefault(warningKey(w), new ArrayList<>());
                assertThat(candidates).as(scenario + " evidence of " + warningKey(w)).contains(eventIds(w.get("evidence")));
                candidates.remove(eventIds(w.get("evidence")));
            }
        }
    }

    /** The outcomes in the file's order, each with every field the expectation names. */
    private static void assertOutcomes(String scenario, JsonNode want, Path outcomesFile) throws IOException {
        List<String> lines = Files.readAllLines(outcomesFile, StandardCharsets.UTF_8);
        assertThat(lines).as(scenario + " outcomes").hasSize(want.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode got = JSON.readTree(lines.get(i));
            for (Iterator<Map.Entry<String, JsonNode>> it = want.get(i).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertThat(got.get(field.getKey())).as(scenario + " outcome " + i + " " + field.getKey())
                        .isEqualTo(field.getValue());
            }
        }
    }

    private static String warningKey(JsonNode w) {
        String subject = w.hasNonNull("creditCode") ? w.get("creditCode").asText()
                : w.get("regionCode").asText() + "×" + w.get("industry").asText();
        return subject + " " + w.get("rule").asText() + " " + w.get("severity").asText();
    }

    private static Set<String> eventIds(JsonNode evidence) {
        Set<String> ids = new TreeSet<>();
        evidence.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static void appendOversizedComplaint(Path file) throws IOException {
        String oversized = "{\"eventId\":\"big-1\",\"creditCode\":\"91150103000000042R\",\"type\":\"COMPLAINT\","
                + "\"occurredAt\":\"2026-03-22T12:00:00+08:00\",\"reportedAt\":\"2026-03-27T12:00:00+08:00\","
                + "\"complaintId\":\"c\",\"complainantName\":\"王五\",\"category\":\"" + "x".repeat(1_100_000) + "\"}\n";
        Files.writeString(file, oversized, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static long sum(JsonNode counts) {
        long total = 0;
        for (JsonNode count : counts) {
            total += count.asLong();
        }
        return total;
    }

    private static <T> Iterable<T> iterable(Iterator<T> it) {
        return () -> it;
    }
}
