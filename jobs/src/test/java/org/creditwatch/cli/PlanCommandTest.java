package org.creditwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code creditwatch plan --from-replay} on a hand-written replay output: which assessment stands for an enterprise
 * at the as-of instant, the three files, and bad input (exit 2 with one line naming file and line).
 */
class PlanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path replay;
    private Path roster;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void replayOutput() throws IOException {
        replay = Files.createDirectories(dir.resolve("replay"));
        Files.write(replay.resolve("assessments.jsonl"), List.of(
                // A at as-of: its later assessment (after as-of) is not taken
                assessment("91150102MA00000017", 1, "A", "ACTIVE", "2026-06-01T10:00:00+08:00", "[\"ONLINE_FOOD\"]"),
                assessment("91150102MA00000017", 2, "D", "ACTIVE", "2026-07-01T10:00:00+08:00", "[\"ONLINE_FOOD\"]"),
                // deregistered at as-of: not in the population
                assessment("91150102MA0000002A", 1, "B", "ACTIVE", "2026-05-01T10:00:00+08:00", "[]"),
                assessment("91150102MA0000002A", 2, "B", "DEREGISTERED", "2026-06-10T10:00:00+08:00", "[]"),
                // a later lifetime restarts its sequence: the newer assessedAt stands
                assessment("91150102MA0000003D", 7, "A", "DEREGISTERED", "2025-01-01T10:00:00+08:00", "[]"),
                assessment("91150102MA0000003D", 1, "C", "ACTIVE", "2026-06-20T10:00:00+08:00", "[]"),
                assessment("91150103MA0000004Y", 1, "D", "ACTIVE", "2026-06-20T10:00:00+08:00", "[]")));
        Files.writeString(replay.resolve("summary.json"), "{\"asOf\":\"2026-06-30T12:00:00+08:00\",\"records\":9}");
        roster = dir.resolve("roster.csv");
        Files.write(roster, List.of("inspectorId,name,regions,excludes", "i1,甲,,", "i2,乙,150102,", "i3,丙,,"));
    }

    @Test
    void drawsFromTheLatestAssessmentAtTheReplaysAsOfAndWritesTheThreeFiles() throws IOException {
        // keys of s|P1|code: …3D 107f…, …17 9248…, …4Y dc55…; for …3D the tie-break keys are i3 23f6… < i1 d330… <
        // i2 f296… (Python's hashlib); i2 may work in 150102 only
        Path output = dir.resolve("plan");
        assertThat(plan("--output", output.toString(), "--ratios", "A=1,B=1,C=1,D=1")).isZero();

        List<JsonNode> lines = jsonLines(output.resolve("plan.jsonl"));
        assertThat(lines).extracting(l -> l.get("creditCode").asText() + "|" + l.get("riskClass").asText())
                .containsExactlyInAnyOrder("91150102MA00000017|A", "91150102MA0000003D|C", "91150103MA0000004Y|D");
        assertThat(lines).extracting(l -> l.get("drawKey").asText()).isSorted();
        assertThat(lines).allSatisfy(l -> assertThat(l.get("inspectors")).hasSize(2));
        JsonNode summary = JSON.readTree(output.resolve("plan-summary.json").toFile());
        assertThat(summary.get("asOf").asText()).isEqualTo("2026-06-30T12:00:00+08:00");
        assertThat(summary.get("population").asInt()).isEqualTo(3);
        assertThat(summary.get("strata").get("B").get("population").asInt()).isZero();
        assertThat(summary.get("strata").get("A").get("ratio").decimalValue()).isEqualByComparingTo("1");
        assertThat(summary.get("unassigned")).isEmpty();

        List<String> published = Files.readAllLines(output.resolve("plan-public.csv"));
        assertThat(published.get(0)).isEqualTo("planId,creditCode,name,regionCode,inspectors");
        assertThat(published).hasSize(4);
        // plan id, code, name, region, inspectors: no class, score or model
        assertThat(published.get(1)).isEqualTo("P1,91150102MA0000003D,企业91150102MA0000003D,150102,i3;i1");
        assertThat(String.join("\n", published)).doesNotContain("base-v1").doesNotContain("12.5");
    }

    @Test
    void aNameThatASpreadsheetWouldRunIsPublishedAsText() throws IOException {
        Files.write(replay.resolve("assessments.jsonl"), List.of(
                assessment("91150102MA00000017", 1, "A", "ACTIVE", "2026-06-01T10:00:00+08:00", "[]")
                        .replace("企业91150102MA00000017", "=HYPERLINK(\\\"http://x.example\\\",\\\"y\\\")"),
                assessment("91150103MA0000004Y", 1, "D", "ACTIVE", "2026-06-20T10:00:00+08:00", "[]")
                        .replace("企业91150103MA0000004Y", "-1+1")));
        Path output = dir.resolve("plan");
        assertThat(plan("--output", output.toString(), "--ratios", "A=1,D=1")).isZero();

        String published = Files.readString(output.resolve("plan-public.csv"));
        assertThat(published)
                .contains("P1,91150102MA00000017,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",150102,")
                .contains("P1,91150103MA0000004Y,'-1+1,150103,");
        assertThat(jsonLines(output.resolve("plan.jsonl"))).extracting(l -> l.get("name").asText())
                .as("the internal plan keeps the name as registered")
                .containsExactlyInAnyOrder("=HYPERLINK(\"http://x.example\",\"y\")", "-1+1");
    }

    @Test
    void anAsOfBeforeLaterAssessmentsTakesWhatStoodThen() throws IOException {
        Path output = dir.resolve("plan");
        assertThat(plan("--output", output.toString(), "--as-of", "2026-07-02T00:00:00+08:00",
                "--ratios", "A=1,B=1,C=1,D=1", "--tags", "ONLINE_FOOD")).isZero();
        List<JsonNode> lines = jsonLines(output.resolve("plan.jsonl"));
        assertThat(lines).extracting(l -> l.get("creditCode").asText() + "|" + l.get("riskClass").asText())
                .containsExactly("91150102MA00000017|D");
    }

    @Test
    void tooFewInspectorsAreListedAsUnassigned() throws IOException {
        Path output = dir.resolve("plan");
        assertThat(plan("--output", output.toString(), "--ratios", "A=1,B=1,C=1,D=1", "--per-enterprise", "3",
                "--regions", "150103")).isZero();
        JsonNode summary = JSON.readTree(output.resolve("plan-summary.json").toFile());
        // 150103: i1 and i3 may work there, i2 only in 150102
        assertThat(summary.get("unassigned").toString()).isEqualTo("[{\"creditCode\":\"91150103MA0000004Y\","
                + "\"reason\":\"TOO_FEW_ELIGIBLE_INSPECTORS\",\"eligible\":2,\"needed\":3}]");
        assertThat(jsonLines(output.resolve("plan.jsonl")).get(0).get("inspectors")).isEmpty();
    }

    @Test
    void anEmptyPopulationIsAPlanWithNothingDrawn() throws IOException {
        Path output = dir.resolve("plan");
        assertThat(plan("--output", output.toString(), "--regions", "150999")).isZero();
        assertThat(Files.readAllLines(output.resolve("plan.jsonl"))).isEmpty();
        assertThat(Files.readAllLines(output.resolve("plan-public.csv"))).hasSize(1);
        JsonNode summary = JSON.readTree(output.resolve("plan-summary.json").toFile());
        assertThat(summary.get("drawn").asInt()).isZero();
        assertThat(summary.get("populationDigest").asText())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void badInputExitsWithTwoAndOneLineNamingIt() throws IOException {
        Path output = dir.resolve("plan");
        assertRefused("--ratios: unknown class 'E'", "--output", output.toString(), "--ratios", "E=0.1");
        assertRefused("--ratios: A=1.2 is outside 0…1", "--output", output.toString(), "--ratios", "A=1.2");

        Files.write(roster, List.of("inspectorId,name,regions,excludes", "i1,甲,,", ",乙,,"));
        assertRefused(roster + ":3: inspectorId is missing", "--output", output.toString());

        Files.delete(roster);
        assertRefused(roster + ": cannot read the roster", "--output", output.toString());
        Files.write(roster, List.of("inspectorId", "i1", "i2"));

        Files.writeString(replay.resolve("assessments.jsonl"), assessment("91150102MA00000017", 1, "A", "ACTIVE",
                "2026-06-01T10:00:00+08:00", "[]") + "\n{\"creditCode\":\"91150102MA0000002A\"}\n");
        assertRefused(replay.resolve("assessments.jsonl") + ":2: assessedAt is missing", "--output", output.toString());
        Files.delete(replay.resolve("assessments.jsonl"));
        assertRefused("holds no assessments.jsonl", "--output", output.toString());
        assertThat(output).doesNotExist();
    }

    @Test
    void badOptionsExitWithTwo() {
        assertThat(Main.run(new String[] {"plan", "--plan-id", "P1", "--seed", "s", "--inspectors", roster.toString(),
            "--output", dir.resolve("o").toString()}, print(out), print(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("exactly one of --from-es URL and --from-replay DIR");
        assertThat(plan("--output", dir.resolve("o").toString(), "--regions", "1501")).isEqualTo(2);
        assertThat(plan("--output", dir.resolve("o").toString(), "--industries", "F52")).isEqualTo(2);
        assertThat(plan("--output", dir.resolve("o").toString(), "--per-enterprise", "0")).isEqualTo(2);
        assertThat(Main.run(new String[] {"plan", "--plan-id", "P 1", "--seed", "s", "--inspectors",
            roster.toString(), "--output", dir.resolve("o").toString(), "--from-replay", replay.toString()},
                print(out), print(err))).isEqualTo(2);
    }

    private void assertRefused(String message, String... options) {
        err.reset();
        assertThat(plan(options)).as(message).isEqualTo(2);
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text).contains(message);
        assertThat(text.strip().lines()).as("one line: " + text).hasSize(1);
    }

    private int plan(String... options) {
        List<String> args = new ArrayList<>(List.of("plan", "--plan-id", "P1", "--seed", "s", "--inspectors",
                roster.toString(), "--from-replay", replay.toString()));
        args.addAll(List.of(options));
        return Main.run(args.toArray(new String[0]), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static String assessment(String code, int sequence, String riskClass, String status, String assessedAt,
            String tags) {
        return "{\"creditCode\":\"" + code + "\",\"sequence\":" + sequence + ",\"name\":\"企业" + code
                + "\",\"regionCode\":\"" + code.substring(2, 8) + "\",\"industry\":\"F5292\",\"tags\":" + tags
                + ",\"model\":\"base-v1\",\"modelVersion\":1,\"score\":12.5,\"riskClass\":\"" + riskClass
                + "\",\"color\":\"red\",\"status\":\"" + status + "\",\"assessedAt\":\"" + assessedAt
                + "\",\"contributions\":[],\"floors\":[]}";
    }
}
