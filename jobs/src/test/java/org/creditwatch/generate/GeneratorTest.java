package org.creditwatch.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.creditwatch.domain.CreditCode;
import org.creditwatch.domain.RecordParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
    private static final Instant END = Instant.parse("2026-06-30T04:00:00Z");
    private static final Instant START = END.minus(Duration.ofDays(365));
    private static final List<String> RECORD_FILES = List.of("enterprise.jsonl", "credit-records.jsonl",
            "complaints.jsonl", "sampling-results.jsonl", "inspections.jsonl");
    private static final List<String> ALL_FILES = List.of("enterprise.jsonl", "credit-records.jsonl",
            "complaints.jsonl", "sampling-results.jsonl", "inspections.jsonl", "ground-truth.jsonl", "planted.json");
    private static final List<String> PATTERNS = List.of(
            "COMPLAINT_SURGE", "FREQUENT_CHANGES", "SAMPLING_FAILURES", "CHANGE_AFTER_PENALTY", "LICENSE_EXPIRING",
            "SEGMENT_COMPLAINT_SPIKE", "DUPLICATES", "BAD_RECORDS");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path year;
    private static Generator.Stats stats;
    /** The lines of each record file, and each line as JSON with an eventId or null (a planted non-JSON line). */
    private static final Map<String, List<String>> LINES = new HashMap<>();
    private static final Map<String, List<JsonNode>> JSON = new HashMap<>();

    /** One 2000-enterprise year shared by the checks, read once: every pattern should be planted at that size. */
    @BeforeAll
    static void generateYear() throws IOException {
        year = tmp.resolve("year");
        stats = Generator.generate(new Generator.Options(2000, 365, 42, END), year);
        for (String file : RECORD_FILES) {
            List<String> lines = lines(file);
            LINES.put(file, lines);
            JSON.put(file, lines.stream().map(GeneratorTest::readable).toList());
        }
    }

    @Test
    void sameOptionsGiveByteIdenticalFiles(@TempDir Path again) throws IOException {
        Generator.Stats second = Generator.generate(new Generator.Options(2000, 365, 42, END), again);

        assertThat(second).isEqualTo(stats);
        for (String file : ALL_FILES) {
            assertThat(Files.mismatch(year.resolve(file), again.resolve(file))).as(file).isEqualTo(-1L);
        }
        try (var leftovers = Files.list(again)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(ALL_FILES);
        }
    }

    @Test
    void anotherSeedGivesOtherFiles(@TempDir Path one, @TempDir Path two) throws IOException {
        Generator.generate(new Generator.Options(200, 60, 1, END), one);
        Generator.generate(new Generator.Options(200, 60, 2, END), two);

        for (String file : List.of("enterprise.jsonl", "complaints.jsonl", "ground-truth.jsonl")) {
            assertThat(Files.mismatch(one.resolve(file), two.resolve(file))).as(file).isNotEqualTo(-1L);
        }
    }

    @Test
    void thePipelineRejectsExactlyThePlantedBadRecords() {
        RecordParser parser = new RecordParser();
        long rejected = 0;
        List<String> unexpected = new ArrayList<>();
        for (OutFile file : OutFile.values()) {
            List<String> lines = LINES.get(file.fileName());
            for (int i = 0; i < lines.size(); i++) {
                if (parser.parse(file.stream, lines.get(i)).reject != null) {
                    rejected++;
                } else if (!wellFormed(JSON.get(file.fileName()).get(i))) {
                    unexpected.add(lines.get(i));
                }
            }
        }
        assertThat(unexpected).isEmpty();
        assertThat(rejected).isEqualTo(stats.planted().get("BAD_RECORDS"));
    }

    @Test
    void filesAreSortedByReportedAtWithinThePeriod() {
        for (String file : RECORD_FILES) {
            Instant previous = START;
            List<String> outOfOrder = new ArrayList<>();
            for (JsonNode json : JSON.get(file)) {
                if (json == null || !json.path("reportedAt").isTextual()) {
                    continue;
                }
                Instant reported = OffsetDateTime.parse(json.get("reportedAt").asText()).toInstant();
                if (reported.isBefore(previous) || reported.isAfter(END)) {
                    outOfOrder.add(json.toString());
                }
                previous = reported;
            }
            assertThat(outOfOrder).as(file).isEmpty();
        }
    }

    @Test
    void eventIdsRepeatOnlyAsThePlantedExactDuplicates() {
        long duplicates = 0;
        for (String file : RECORD_FILES) {
            Map<String, String> byId = new HashMap<>();
            List<String> lines = LINES.get(file);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode json = JSON.get(file).get(i);
                if (json == null) {
                    continue;
                }
                String line = lines.get(i);
                String first = byId.putIfAbsent(json.get("eventId").asText(), line);
                if (first != null) {
                    assertThat(line).isEqualTo(first);
                    duplicates++;
                }
            }
        }
        assertThat(duplicates).isEqualTo(stats.planted().get("DUPLICATES"));
    }

    @Test
    void everyPatternIsPlantedAndReported() throws IOException {
        assertThat(stats.planted().keySet()).containsExactlyElementsOf(PATTERNS);
        assertThat(stats.planted().values()).allMatch(count -> count > 0);
        Map<?, ?> written = MAPPER.readValue(year.resolve("planted.json").toFile(), Map.class);
        for (String pattern : PATTERNS) {
            assertThat(((Number) written.get(pattern)).longValue()).isEqualTo(stats.planted().get(pattern));
        }
    }

    @Test
    void countsAddUp() {
        long total = 0;
        for (String file : RECORD_FILES) {
            assertThat((long) LINES.get(file).size()).as(file).isEqualTo(stats.recordsByFile().get(file));
            total += stats.recordsByFile().get(file);
        }
        assertThat(stats.recordsByFile().keySet()).containsExactlyElementsOf(RECORD_FILES);
        assertThat(stats.records()).isEqualTo(total);
        assertThat(stats.enterprises()).isEqualTo(2000);
        // Most enterprises are rarely in trouble: a few complaints, samplings and changes a year (README, generate).
        assertThat(stats.records() / 2000.0).as("records per enterprise and year").isBetween(5.0, 7.5);
    }

    @Test
    void groundTruthNamesEveryRegisteredEnterpriseOnce() throws IOException {
        Set<String> truth = new HashSet<>();
        for (String line : lines("ground-truth.jsonl")) {
            JsonNode json = MAPPER.readTree(line);
            assertThat(truth.add(json.get("creditCode").asText())).isTrue();
            assertThat(json.get("trueRisk").asText()).isIn("HIGH", "MEDIUM", "GENERAL", "LOW");
            assertThat(json.get("onlineFood").isBoolean()).isTrue();
        }
        Set<String> registered = new HashSet<>();
        for (JsonNode json : JSON.get("enterprise.jsonl")) {
            if (json != null && "REGISTERED".equals(json.path("type").asText())
                    && CreditCode.normalize(json.path("creditCode").asText()) != null) {
                registered.add(json.get("creditCode").asText());
            }
        }
        assertThat(truth).hasSize(2000);
        assertThat(registered).isEqualTo(truth);
    }

    @Test
    void aboutHalfTheComplaintsCarryPersonalData() {
        List<String> complaints = LINES.get("complaints.jsonl");
        long personal = complaints.stream().filter(line -> line.contains("\"complainantName\"")).count();
        assertThat(personal / (double) complaints.size()).isBetween(0.4, 0.6);
    }

    @Test
    void rejectsImpossibleOptions(@TempDir Path dir) {
        assertThatThrownBy(() -> Generator.generate(new Generator.Options(0, 365, 1, END), dir))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Generator.generate(new Generator.Options(10, 0, 1, END), dir))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The common fields as text, a valid credit code, times in China Standard Time. */
    private static boolean wellFormed(JsonNode json) {
        for (String field : List.of("eventId", "creditCode", "type", "occurredAt", "reportedAt")) {
            if (!json.path(field).isTextual()) {
                return false;
            }
        }
        return CreditCode.normalize(json.get("creditCode").asText()) != null
                && json.get("occurredAt").asText().endsWith("+08:00")
                && json.get("reportedAt").asText().endsWith("+08:00");
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(year.resolve(file), StandardCharsets.UTF_8);
    }

    /** The line as JSON with an eventId, or null for a planted line that is not JSON. */
    private static JsonNode readable(String line) {
        try {
            JsonNode json = MAPPER.readTree(line);
            return json.path("eventId").isTextual() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }
}
