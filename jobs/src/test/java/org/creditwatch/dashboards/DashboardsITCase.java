package org.creditwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.creditwatch.dashboards.SavedObjects.DataView;
import org.creditwatch.dashboards.SavedObjects.FieldUse;
import org.creditwatch.dashboards.SavedObjects.Panel;
import org.creditwatch.dashboards.SavedObjects.SavedObject;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.elasticsearch.ElasticsearchClients;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.io.elasticsearch.ElasticsearchIndices;
import org.creditwatch.jobs.CreditwatchPipeline;
import org.creditwatch.jobs.LiveJob;
import org.creditwatch.jobs.LocalFlink;
import org.creditwatch.jobs.Replay;
import org.creditwatch.jobs.SpotCheckPlans;
import org.creditwatch.model.ModelSet;
import org.creditwatch.stack.LocalStack;
import org.creditwatch.supervision.PlanScope;
import org.creditwatch.supervision.Ratios;
import org.creditwatch.supervision.SpotCheckPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards against the real Elasticsearch: every field of every panel exists in the mappings that the
 * project's templates give the real indices, with a type the panel can aggregate on; and once a small demo has
 * filled the indices (generated records through the live pipeline into Elasticsearch, with the job's own sinks and
 * emitters, and a spot-check plan drawn by the {@code plan} command from them), every panel's query, run as the
 * equivalent search, finds data. Indices under a prefix of their own.
 */
@ExtendWith(LocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardsITCase {
    /** The dashboards show the last two years up to now: the fixture's year ends today, whenever the test runs. */
    private static final Instant GENERATED_UNTIL = Instant.now().truncatedTo(ChronoUnit.DAYS);
    private static final Set<String> NUMERIC = Set.of("long", "integer", "short", "byte", "double", "float",
            "half_float", "scaled_float", "unsigned_long");
    private static final Set<String> DATES = Set.of("date", "date_nanos");
    private static final Set<String> AGGREGATABLE = union(Set.of("keyword", "constant_keyword", "boolean", "ip"),
            NUMERIC, DATES);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private String es;
    private ElasticsearchClient client;
    private SavedObjects saved;
    /** Field path to mapping type, per data view title; a field inside a nested object has the type "nested:T". */
    private final Map<String, Map<String, String>> mappings = new TreeMap<>();
    private String profileEnterprise;

    @BeforeAll
    void fillIndices(@TempDir Path work) throws Exception {
        es = LocalStack.elasticsearchUrl();
        client = ElasticsearchClients.create(ElasticsearchConfig.builder(es).build());
        saved = SavedObjects.read();
        ElasticsearchIndices.install(client, prefix);
        for (String index : ElasticsearchIndices.ALL) {
            send("PUT", prefix + index, null);
        }
        for (SavedObject view : saved.ofType("index-pattern")) {
            mappings.put(view.attributes().path("title").asText(), mapping(view.attributes().path("title").asText()));
        }

        Path input = work.resolve("input");
        Generator.generate(new Generator.Options(1000, 365, 7, GENERATED_UNTIL), input);
        runPipelineIntoElasticsearch(input, work.resolve("rocksdb"));
        send("POST", prefix + "cw-*/_refresh", null);
        drawPlan(work);
        send("POST", prefix + "cw-*/_refresh", null);
        profileEnterprise = enterpriseWithWarningsInspectionsAndAPlan();
    }

    @AfterAll
    void removeIndicesAndTemplates() throws IOException, InterruptedException {
        for (String index : ElasticsearchIndices.ALL) {
            send("DELETE", prefix + index + "?ignore_unavailable=true", null);
            send("DELETE", "_index_template/" + prefix + index, null);
        }
        client.close();
    }

    @Test
    void everyFieldOfEveryPanelExistsInTheRealMappingsWithATypeThePanelCanUse() {
        List<String> checked = new ArrayList<>();
        for (SavedObject dashboard : saved.ofType("dashboard")) {
            for (Panel panel : saved.panels(dashboard)) {
                if (panel.dataView() == null) {
                    assertThat(panel.aggs()).as(panel.name() + " (text only)").isEmpty();
                    continue;
                }
                Map<String, String> fields = mappings.get(panel.dataView().title());
                for (FieldUse use : panel.fields()) {
                    String type = fields.get(use.field());
                    assertThat(type).as(panel.name() + ": " + use + " in " + panel.dataView().title()).isNotNull();
                    assertThat(usable(use.use(), type)).as(panel.name() + ": " + use + " is " + type).isTrue();
                    checked.add(panel.dataView().title() + ":" + use.field());
                }
            }
            for (SavedObjects.Control control : saved.controls(dashboard)) {
                String type = mappings.get(control.dataView().title()).get(control.field());
                assertThat(usable(SavedObjects.Use.CONTROL, type)).as(control + " is " + type).isTrue();
                // a control's filter reaches the other panels by field name: each of their data views needs it
                for (Panel panel : saved.panels(dashboard)) {
                    if (panel.dataView() != null) {
                        String there = mappings.get(panel.dataView().title()).get(control.field());
                        assertThat(usable(SavedObjects.Use.QUERY, there))
                                .as(control.field() + " in " + panel.name() + " is " + there).isTrue();
                    }
                }
            }
        }
        for (SavedObject view : saved.ofType("index-pattern")) {
            String timeField = view.attributes().path("timeFieldName").asText(null);
            if (timeField != null) {
                assertThat(mappings.get(view.attributes().path("title").asText()).get(timeField))
                        .as(view.id() + " time field").isIn(DATES);
            }
        }
        // text fields are not aggregatable: the check must be able to say no
        assertThat(usable(SavedObjects.Use.TERMS, mappings.get("cw-warnings*").get("message"))).isFalse();
        assertThat(checked).hasSizeGreaterThan(50);
    }

    @Test
    void everyPanelFindsDataOnceTheDemoHasRun() throws Exception {
        for (SavedObject dashboard : saved.ofType("dashboard")) {
            for (Panel panel : saved.panels(dashboard)) {
                if (panel.dataView() != null) {
                    assertFindsData(dashboard, panel, null);
                }
            }
        }
    }

    @Test
    void theEnterpriseProfileOfOneEnterpriseFindsItsDataInEveryPanel() throws Exception {
        SavedObject profile = saved.ofType("dashboard").stream()
                .filter(d -> d.title().equals(DashboardsTest.PROFILE)).findFirst().orElseThrow();
        ObjectNode filter = JSON.createObjectNode();
        filter.putObject("term").put("creditCode", profileEnterprise);
        for (Panel panel : saved.panels(profile)) {
            if (panel.dataView() != null) {
                assertFindsData(profile, panel, filter);
            }
        }
    }

    /** Runs the panel's search (its query, the dashboard's time range, its aggregations) and asserts data. */
    private JsonNode assertFindsData(SavedObject dashboard, Panel panel, JsonNode extraFilter) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode filters = body.putObject("query").putObject("bool").putArray("filter");
        panel.query().forEach((field, value) -> filters.addObject().putObject("term").put(field, value));
        DataView view = panel.dataView();
        if (view.timeField() != null) {
            filters.addObject().putObject("range").putObject(view.timeField())
                    .put("gte", dashboard.attributes().path("timeFrom").asText())
                    .put("lte", dashboard.attributes().path("timeTo").asText());
        }
        if (extraFilter != null) {
            filters.add(extraFilter);
        }
        body.put("track_total_hits", true);
        String what = panel.name() + " on " + view.title();
        if (panel.object().type().equals("search")) {
            body.put("size", 1);
            ArrayNode sort = body.putArray("sort");
            panel.sort().forEach(field -> sort.addObject().put(field, "desc"));
            JsonNode response = search(view, body);
            assertThat(response.path("hits").path("total").path("value").asLong()).as(what).isPositive();
            return response;
        }
        body.put("size", 0);
        List<SavedObjects.Agg> buckets = panel.aggs().stream().filter(SavedObjects.Agg::bucket).toList();
        List<SavedObjects.Agg> metrics = panel.aggs().stream().filter(a -> !a.bucket()).toList();
        ObjectNode level = body;
        for (SavedObjects.Agg bucket : buckets) {
            ObjectNode aggs = level.putObject("aggs");
            metrics.forEach(m -> metricAgg(aggs, m));
            level = bucketAgg(aggs, bucket, metrics);
        }
        ObjectNode leaf = level.putObject("aggs");
        metrics.forEach(m -> metricAgg(leaf, m));
        JsonNode response = search(view, body);
        assertThat(response.path("hits").path("total").path("value").asLong()).as(what + " documents").isPositive();
        assertThat(deepestFilled(response.path("aggregations"), buckets, metrics, 0))
                .as(what + ": a bucket at every level of " + buckets + " with " + metrics).isTrue();
        return response;
    }

    private static ObjectNode bucketAgg(ObjectNode aggs, SavedObjects.Agg agg, List<SavedObjects.Agg> metrics) {
        ObjectNode node = aggs.putObject("b" + agg.id());
        JsonNode params = agg.params();
        if (agg.type().equals("terms")) {
            ObjectNode terms = node.putObject("terms");
            terms.put("field", params.path("field").asText()).put("size", params.path("size").asInt());
            String orderBy = params.path("orderBy").asText();
            String order = params.path("order").asText();
            boolean byMetric = metrics.stream().anyMatch(m -> m.id().equals(orderBy) && !m.type().equals("count"));
            terms.putObject("order").put(orderBy.equals("_key") ? "_key" : byMetric ? "m" + orderBy : "_count", order);
            if (params.path("missingBucket").asBoolean()) {
                terms.put("missing", "__missing__");
            }
        } else {
            String interval = params.path("interval").asText();
            node.putObject("date_histogram").put("field", params.path("field").asText())
                    .put("calendar_interval", "1" + interval).put("min_doc_count", 1);
        }
        return node;
    }

    private static void metricAgg(ObjectNode aggs, SavedObjects.Agg metric) {
        if (!metric.type().equals("count")) {
            aggs.putObject("m" + metric.id()).putObject(metric.type())
                    .put("field", metric.params().path("field").asText());
        }
    }

    /** Whether some path of buckets reaches the innermost level, with a value for every metric there. */
    private static boolean deepestFilled(JsonNode level, List<SavedObjects.Agg> buckets,
            List<SavedObjects.Agg> metrics, int depth) {
        if (depth == buckets.size()) {
            return metrics.stream().allMatch(m -> m.type().equals("count")
                    || !level.path("m" + m.id()).path("value").isNull() && level.path("m" + m.id()).has("value"));
        }
        for (JsonNode bucket : level.path("b" + buckets.get(depth).id()).path("buckets")) {
            if (bucket.path("doc_count").asLong() > 0 && deepestFilled(bucket, buckets, metrics, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean usable(SavedObjects.Use use, String type) {
        if (type == null) {
            return false;
        }
        boolean nested = type.startsWith("nested:");
        String base = nested ? type.substring("nested:".length()) : type;
        return switch (use) {
            // Discover shows a nested document's values; aggregation-based panels cannot reach into one
            case COLUMN -> true;
            case TERMS, CARDINALITY, QUERY, SORT, CONTROL -> !nested && AGGREGATABLE.contains(base);
            case DATE_HISTOGRAM, TIME_FIELD -> !nested && DATES.contains(base);
            case MIN_MAX -> !nested && (NUMERIC.contains(base) || DATES.contains(base));
            case NUMERIC_METRIC -> !nested && NUMERIC.contains(base);
        };
    }

    /** The live pipeline on the generated files, bounded, writing through the job's Elasticsearch sinks. */
    private void runPipelineIntoElasticsearch(Path input, Path rocksDb) throws Exception {
        ElasticsearchConfig config = ElasticsearchConfig.builder(es).indexPrefix(prefix).build();
        CreditwatchPipeline.Sinks sinks = LiveJob.elasticsearch(config);
        StreamExecutionEnvironment env = LocalFlink.boundedEnvironment(2, rocksDb);
        CreditwatchPipeline.build(env, Replay.fileSources(Replay.inputFiles(input)), sinks, null,
                new CreditwatchPipeline.Settings(ModelSet.bundled(), 0, RecordParser.DEFAULT_MAX_CLOCK_SKEW_MS,
                        System.currentTimeMillis(), GENERATED_UNTIL.toEpochMilli()));
        env.execute("dashboards fixture");
    }

    /**
     * A spot-check plan drawn by the {@code plan} command from the live index, recorded in
     * {@code cw-spot-check-plans}: every A enterprise (so the profiled one is among them) and the default shares of
     * the others, two of twelve inspectors each.
     */
    private void drawPlan(Path work) throws IOException {
        StringBuilder roster = new StringBuilder("inspectorId,name,regions,excludes\n");
        for (int i = 1; i <= 12; i++) {
            roster.append(String.format("insp-%02d,检查员%02d,,%n", i, i));
        }
        Path inspectors = Files.writeString(work.resolve("inspectors.csv"), roster);
        SpotCheckPlan plan = SpotCheckPlans.run(new SpotCheckPlans.Options("DASH-1", "dashboards", inspectors,
                work.resolve("plan"), null, ElasticsearchConfig.builder(es).indexPrefix(prefix).build(), null,
                PlanScope.EVERYTHING, Ratios.parse("A=1,B=0.10,C=0.05,D=0.02"), 2), new PrintStream(
                OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(plan.drawn()).as("drawn enterprises").isNotEmpty();
    }

    /** The enterprise with the highest score among those with warnings, inspection outcomes and a plan. */
    private String enterpriseWithWarningsInspectionsAndAPlan() throws Exception {
        Set<String> codes = codes(ElasticsearchIndices.WARNINGS);
        codes.retainAll(codes(ElasticsearchIndices.INSPECTION_OUTCOMES));
        codes.retainAll(codes(ElasticsearchIndices.SPOT_CHECK_PLANS));
        assertThat(codes).as("enterprises with warnings, inspections and a plan in the fixture").isNotEmpty();
        ObjectNode body = JSON.createObjectNode().put("size", 1);
        ArrayNode values = body.putObject("query").putObject("terms").putArray("creditCode");
        codes.forEach(values::add);
        body.putArray("sort").addObject().put("score", "desc");
        JsonNode hit = send("POST", prefix + ElasticsearchIndices.ENTERPRISE_RISK + "/_search", body)
                .path("hits").path("hits").path(0);
        return hit.path("_source").path("creditCode").asText();
    }

    private Set<String> codes(String index) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("size", 0);
        body.putObject("aggs").putObject("codes").putObject("terms").put("field", "creditCode").put("size", 5000);
        Set<String> codes = new LinkedHashSet<>();
        send("POST", prefix + index + "/_search", body).path("aggregations").path("codes").path("buckets")
                .forEach(b -> codes.add(b.path("key").asText()));
        return codes;
    }

    /** The fields of the real indices that a data view's title matches, flattened to their paths. */
    private Map<String, String> mapping(String title) throws Exception {
        JsonNode response = send("GET", prefix + title + "/_mapping", null);
        assertThat(response.size()).as("indices matching " + prefix + title).isPositive();
        Map<String, String> fields = new TreeMap<>();
        response.forEach(index -> flatten(index.path("mappings").path("properties"), "", false, fields));
        return fields;
    }

    private static void flatten(JsonNode properties, String path, boolean nested, Map<String, String> fields) {
        properties.properties().forEach(e -> {
            String field = path + e.getKey();
            JsonNode mapping = e.getValue();
            String type = mapping.path("type").asText("object");
            fields.put(field, (nested ? "nested:" : "") + type);
            if (mapping.has("properties")) {
                flatten(mapping.get("properties"), field + ".", nested || type.equals("nested"), fields);
            }
            mapping.path("fields").properties().forEach(sub -> fields.put(field + "." + sub.getKey(),
                    (nested ? "nested:" : "") + sub.getValue().path("type").asText()));
        });
    }

    private JsonNode search(DataView view, JsonNode body) throws Exception {
        return send("POST", prefix + view.title() + "/_search", body);
    }

    private JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(es + "/" + path))
                .header("Content-Type", path.endsWith("_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new LinkedHashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
