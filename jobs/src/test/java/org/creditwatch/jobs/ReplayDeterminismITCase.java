package org.creditwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.creditwatch.domain.Stream;
import org.creditwatch.generate.Generator;
import org.creditwatch.model.ModelSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay's results depend neither on parallelism nor on how the input lines interleave (spec §7), and the
 * generator's planted patterns come out as warnings.
 */
class ReplayDeterminismITCase {
    static final Instant GENERATED_UNTIL = Instant.parse("2026-06-30T04:00:00Z");
    static final List<String> OUTPUTS =
            List.of(Replay.ASSESSMENTS, Replay.WARNINGS, Replay.REJECTS, Replay.OUTCOMES, Replay.SUMMARY);

    @TempDir
    static Path work;
    static Path input;
    static Generator.Stats generated;
    static Path baseline;

    @BeforeAll
    static void generateAndReplayOnce() throws Exception {
        input = work.resolve("input");
        generated = Generator.generate(new Generator.Options(1500, 365, 7, GENERATED_UNTIL), input);
        baseline = replay(input, "p1", 1);
    }

    private static Path replay(Path in, String name, int parallelism) throws Exception {
        Path out = work.resolve(name);
        Replay.run(new Replay.Options(in, out, null, ModelSet.bundled(), parallelism));
        return out;
    }

    @Test
    void parallelismFourGivesTheSameFilesAsOne() throws Exception {
        Path p4 = replay(input, "p4", 4);
        for (String file : OUTPUTS) {
            assertThat(Files.readString(p4.resolve(file))).as(file).isEqualTo(Files.readString(baseline.resolve(file)));
        }
        assertThat(Files.readAllLines(baseline.resolve(Replay.ASSESSMENTS))).hasSizeGreaterThan(1000);
        assertThat(Files.readAllLines(baseline.resolve(Replay.OUTCOMES))).as("inspections").hasSizeGreaterThan(100);
    }

    @Test
    void shuffledInputLinesGiveTheSameFiles() throws Exception {
        Path shuffled = work.resolve("shuffled");
        Files.createDirectories(shuffled);
        Random random = new Random(11);
        for (Stream stream : Stream.values()) {
            Path file = input.resolve(stream.fileName());
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                Collections.shuffle(lines, random);
                Files.write(shuffled.resolve(stream.fileName()), lines, StandardCharsets.UTF_8);
            }
        }
        Path out = replay(shuffled, "shuffled-out", 2);
        for (String file : OUTPUTS) {
            assertThat(Files.readString(out.resolve(file))).as(file).isEqualTo(Files.readString(baseline.resolve(file)));
        }
    }

    @Test
    void everyPlantedPatternComesOutAsWarnings() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Set<String>> subjectsByRule = new HashMap<>();
        for (String line : Files.readAllLines(baseline.resolve(Replay.WARNINGS))) {
            JsonNode w = json.readTree(line);
            String subject = w.get("creditCode").isNull()
                    ? w.get("regionCode").asText() + "|" + w.get("industry").asText() + "|" + w.get("windowStart").asText()
                    : w.get("creditCode").asText();
            subjectsByRule.computeIfAbsent(w.get("rule").asText(), r -> new HashSet<>()).add(subject);
        }
        for (String rule : List.of("COMPLAINT_SURGE", "FREQUENT_CHANGES", "SAMPLING_FAILURES", "CHANGE_AFTER_PENALTY",
                "LICENSE_EXPIRING", "SEGMENT_COMPLAINT_SPIKE")) {
            long planted = generated.planted().get(rule);
            assertThat(planted).as("planted " + rule).isPositive();
            assertThat(subjectsByRule.getOrDefault(rule, Set.of()).size()).as("warned " + rule)
                    .isGreaterThanOrEqualTo((int) planted);
        }
        JsonNode summary = json.readTree(baseline.resolve(Replay.SUMMARY).toFile());
        assertThat(summary.get("duplicates").asLong()).isEqualTo(generated.planted().get("DUPLICATES"));
        long rejected = 0;
        for (JsonNode count : summary.get("rejected")) {
            rejected += count.asLong();
        }
        assertThat(rejected).isEqualTo(generated.planted().get("BAD_RECORDS"));
        assertThat(summary.get("records").asLong()).isEqualTo(generated.records());
    }
}
