package org.creditwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.get_index_template.IndexTemplateItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.creditwatch.domain.CreditCode;
import org.creditwatch.engine.Assessment;
import org.creditwatch.io.OutputJson;
import org.creditwatch.io.elasticsearch.ElasticsearchClients;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.io.elasticsearch.ElasticsearchEmitters;
import org.creditwatch.io.elasticsearch.ElasticsearchIndices;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.RiskClass;
import org.creditwatch.stack.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code creditwatch plan --from-es} against the local stack's Elasticsearch (spec §10): more enterprises than one
 * page of the point-in-time scan, the drawn set checked against an independent rendering of the rule and against
 * the same plan drawn from a replay's files, the documents in {@code cw-spot-check-plans}, a past as-of read from
 * {@code cw-risk-history}, and a plan id that is refused the second time without writing anything.
 */
@ExtendWith(LocalStack.class)
class PlanFromElasticsearchITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_782_792_000_000L; // 2026-06-30T12:00:00+08:00
    private static final long DAY = 86_400_000L;
    private static final int ENTERPRISES = 2_300; // more than two pages of the scan
    private static final String SEED = "announced-2026-07";
    private static final String[] REGIONS = {"150102", "150103", "150104", "150105"};

    @TempDir
    Path dir;
    private String prefix;
    private ElasticsearchClient client;
    private Path roster;
    /** Every enterprise's latest assessment, as written into cw-enterprise-risk. */
    private final List<Assessment> latest = new ArrayList<>();
    private Assessment changed;

    @BeforeEach
    void indexEnterprises() throws IOException {
        prefix = "t" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE) + "-";
        client = ElasticsearchClients.create(ElasticsearchConfig.builder(LocalStack.elasticsearchUrl()).build());
        ElasticsearchIndices.install(client, prefix);
        Random random = new Random(42);
        List<BulkOperation> operations = new ArrayList<>();
        for (int i = 0; i < ENTERPRISES; i++) {
            int draw = random.nextInt(100);
            RiskClass riskClass = draw < 3 ? RiskClass.A : draw < 10 ? RiskClass.B : draw < 30 ? RiskClass.C
                    : RiskClass.D;
            Assessment a = assessment(i, riskClass, i % 50 == 0 ? Assessment.Status.DEREGISTERED
                    : Assessment.Status.ACTIVE, NOW - (i % 90) * DAY, 3);
            latest.add(a);
            operations.add(index(ElasticsearchIndices.ENTERPRISE_RISK, a.creditCode, a));
            operations.add(index(ElasticsearchIndices.RISK_HISTORY, a.creditCode + ":" + a.sequence, a));
        }
        // one enterprise was class A until 10 days ago and is D now: a past as-of must see it as A
        changed = latest.get(7);
        Assessment before = assessment(7, RiskClass.A, Assessment.Status.ACTIVE, NOW - 40 * DAY, 2);
        changed.riskClass = RiskClass.D;
        changed.assessedAt = NOW - 10 * DAY;
        changed.status = Assessment.Status.ACTIVE;
        operations.set(14, index(ElasticsearchIndices.ENTERPRISE_RISK, changed.creditCode, changed));
        operations.set(15, index(ElasticsearchIndices.RISK_HISTORY, changed.creditCode + ":3", changed));
        operations.add(index(ElasticsearchIndices.RISK_HISTORY, before.creditCode + ":2", before));
        for (int from = 0; from < operations.size(); from += 1000) {
            List<BulkOperation> chunk = operations.subList(from, Math.min(operations.size(), from + 1000));
            assertThat(client.bulk(b -> b.operations(chunk).refresh(Refresh.WaitFor)).errors()).isFalse();
        }
        roster = dir.resolve("roster.jsonl");
        List<String> inspectors = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inspectors.add("{\"inspectorId\":\"insp-" + i + "\",\"name\":\"检查员" + i + "\",\"regions\":[\""
                    + REGIONS[i % REGIONS.length] + "\"]}");
        }
        inspectors.add("{\"inspectorId\":\"lead\",\"name\":\"组长\",\"regions\":[],\"excludes\":[\""
                + latest.get(0).creditCode + "\"]}");
        Files.write(roster, inspectors);
    }

    @AfterEach
    void removeIndicesAndTemplates() throws IOException {
        for (String index : ElasticsearchIndices.ALL) {
            client.indices().delete(d -> d.index(prefix + index).ignoreUnavailable(true));
        }
        for (IndexTemplateItem template : client.indices().getIndexTemplate(g -> g.name(prefix + "*")).indexTemplates()) {
            client.indices().deleteIndexTemplate(d -> d.name(template.name()));
        }
        client.close();
    }

    @Test
    void drawsFromTheLiveIndexRecordsThePlanAndRefusesItsIdASecondTime() throws Exception {
        Path output = dir.resolve("plan");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(plan("P-2026-07", output, err)).as(err.toString(StandardCharsets.UTF_8)).isZero();

        // the independent rendering of §10: ACTIVE enterprises, per class the ceil(ratio × N) smallest keys
        Map<RiskClass, BigDecimal> ratios = Map.of(RiskClass.A, new BigDecimal("0.30"), RiskClass.B,
                new BigDecimal("0.10"), RiskClass.C, new BigDecimal("0.05"), RiskClass.D, new BigDecimal("0.02"));
        Map<RiskClass, List<Assessment>> strata = latest.stream().filter(a -> a.status == Assessment.Status.ACTIVE)
                .collect(Collectors.groupingBy(a -> a.riskClass, TreeMap::new, Collectors.toList()));
        List<String> expected = new ArrayList<>();
        strata.forEach((riskClass, members) -> {
            int n = ratios.get(riskClass).multiply(BigDecimal.valueOf(members.size()))
                    .setScale(0, RoundingMode.CEILING).intValueExact();
            members.stream().map(a -> sha256(SEED + "|P-2026-07|" + a.creditCode) + " " + a.creditCode).sorted()
                    .limit(n).forEach(expected::add);
        });
        expected.sort(Comparator.naturalOrder());
        List<JsonNode> lines = jsonLines(output.resolve("plan.jsonl"));
        assertThat(lines).extracting(l -> l.get("drawKey").asText() + " " + l.get("creditCode").asText())
                .containsExactlyElementsOf(expected);
        assertThat(lines).allSatisfy(l -> assertThat(l.get("inspectors")).hasSize(2));
        JsonNode summary = JSON.readTree(output.resolve("plan-summary.json").toFile());
        String population = latest.stream().filter(a -> a.status == Assessment.Status.ACTIVE)
                .map(a -> a.creditCode + "|" + a.riskClass).sorted().collect(Collectors.joining("\n"));
        assertThat(summary.get("populationDigest").asText()).isEqualTo(sha256(population));
        assertThat(summary.get("population").asInt()).isEqualTo(ENTERPRISES - ENTERPRISES / 50);

        // the same snapshot as a replay's files gives the same plan
        Path replay = Files.createDirectories(dir.resolve("replay"));
        try (OutputStream out = Files.newOutputStream(replay.resolve("assessments.jsonl"))) {
            for (Assessment a : latest) {
                out.write(OutputJson.assessment(a));
                out.write('\n');
            }
        }
        Path fromReplay = dir.resolve("from-replay");
        assertThat(Main.run(new String[] {"plan", "--plan-id", "P-2026-07", "--seed", SEED, "--inspectors",
            roster.toString(), "--output", fromReplay.toString(), "--from-replay", replay.toString()},
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err))).isZero();
        assertThat(fromReplay.resolve("plan.jsonl")).hasSameTextualContentAs(output.resolve("plan.jsonl"));

        // the plan's documents, one per drawn enterprise under planId:creditCode
        String plans = prefix + ElasticsearchIndices.SPOT_CHECK_PLANS;
        client.indices().refresh(r -> r.index(plans));
        SearchResponse<JsonNode> documents = client.search(s -> s.index(plans).size(1000), JsonNode.class);
        assertThat(documents.hits().hits()).hasSize(lines.size());
        for (JsonNode line : lines) {
            Hit<JsonNode> hit = documents.hits().hits().stream()
                    .filter(h -> h.id().equals("P-2026-07:" + line.get("creditCode").asText())).findFirst().orElseThrow();
            assertThat(hit.source().get("inspectors")).isEqualTo(line.get("inspectors"));
            assertThat(hit.source().get("riskClass")).isEqualTo(line.get("riskClass"));
            assertThat(hit.source().get("seed").asText()).isEqualTo(SEED);
        }

        // drawn once: the same id again is refused, with one line, and writes nothing
        Path again = dir.resolve("again");
        err.reset();
        assertThat(plan("P-2026-07", again, err)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("creditwatch: plan id P-2026-07 is already used in " + plans + " (a plan is drawn once)");
        assertThat(again).doesNotExist();
        assertThat(client.count(c -> c.index(plans)).count()).isEqualTo(lines.size());
    }

    @Test
    void aPlanIdTakenWhileDrawingIsRefusedAndWhatWasCreatedIsRemoved() throws Exception {
        // another run got one document of "P-race" in first, after this run's check: creating that one conflicts
        String plans = prefix + ElasticsearchIndices.SPOT_CHECK_PLANS;
        String taken = latest.get(1).creditCode;
        client.index(i -> i.index(plans).id("P-race:" + taken).refresh(Refresh.WaitFor)
                .document(Map.of("planId", "P-race-other-run", "creditCode", taken)));
        Path output = dir.resolve("race");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(plan("P-race", output, err, "--ratios", "A=1,B=1,C=1,D=1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("creditwatch: plan id P-race is already used in " + plans + " (a plan is drawn once)");
        assertThat(output).doesNotExist();
        client.indices().refresh(r -> r.index(plans));
        assertThat(client.count(c -> c.index(plans)).count()).isEqualTo(1);
    }

    @Test
    void aPastAsOfReadsTheHistory() throws Exception {
        Path output = dir.resolve("past");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(plan("P-past", output, err, "--as-of", OutputJson.time(NOW - 20 * DAY), "--ratios", "A=1,D=0",
                "--regions", changed.regionCode)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<JsonNode> lines = jsonLines(output.resolve("plan.jsonl"));
        // 20 days ago it was still class A (and is D today)
        assertThat(lines).filteredOn(l -> l.get("creditCode").asText().equals(changed.creditCode))
                .extracting(l -> l.get("riskClass").asText()).containsExactly("A");
        JsonNode summary = JSON.readTree(output.resolve("plan-summary.json").toFile());
        assertThat(summary.get("asOf").asText()).isEqualTo(OutputJson.time(NOW - 20 * DAY));
        // then, enterprise i had been assessed when i % 90 ≥ 20 days ago; enterprise 7 by its older assessment
        long seenThen = 0;
        for (int i = 0; i < ENTERPRISES; i++) {
            if (REGIONS[i % REGIONS.length].equals(changed.regionCode) && i % 50 != 0 && (i % 90 >= 20 || i == 7)) {
                seenThen++;
            }
        }
        assertThat(summary.get("population").asLong()).isEqualTo(seenThen);
    }

    private int plan(String planId, Path output, ByteArrayOutputStream err, String... more) {
        List<String> args = new ArrayList<>(List.of("plan", "--plan-id", planId, "--seed", SEED, "--inspectors",
                roster.toString(), "--output", output.toString(), "--from-es", LocalStack.elasticsearchUrl(),
                "--index-prefix", prefix));
        args.addAll(List.of(more));
        return Main.run(args.toArray(new String[0]), new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private BulkOperation index(String index, String id, Assessment a) {
        byte[] source = OutputJson.assessment(a);
        return BulkOperation.of(o -> o.index(i -> i.index(prefix + index).id(id)
                .document(ElasticsearchEmitters.json(source))));
    }

    private static Assessment assessment(int enterprise, RiskClass riskClass, Assessment.Status status,
            long assessedAt, long sequence) {
        String region = REGIONS[enterprise % REGIONS.length];
        String first17 = "91" + region + String.format("%09d", enterprise);
        Assessment a = new Assessment();
        a.creditCode = first17 + CreditCode.checkCharacterOf(first17);
        a.sequence = sequence;
        a.name = "呼和浩特市测试商贸有限公司" + enterprise;
        a.regionCode = region;
        a.industry = enterprise % 3 == 0 ? "H6210" : "F5292";
        a.tags = enterprise % 2 == 0 ? new String[] {"ONLINE_FOOD"} : new String[0];
        a.model = enterprise % 2 == 0 ? "online-food-v1" : "base-v1";
        a.modelVersion = 1;
        a.score = riskClass == RiskClass.A ? 65 : riskClass == RiskClass.B ? 45 : riskClass == RiskClass.C ? 25 : 5;
        a.riskClass = riskClass;
        a.status = status;
        a.assessedAt = assessedAt;
        a.contributions = new Assessment.Contribution[] {new Assessment.Contribution(Indicator.PENALTY, a.score, 1)};
        a.floors = new Indicator[0];
        return a;
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
