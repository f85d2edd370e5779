package org.creditwatch.io.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.get_index_template.IndexTemplateItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.RejectReason;
import org.creditwatch.domain.Stream;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.Warning;
import org.creditwatch.io.OutputJson;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.RiskClass;
import org.creditwatch.stack.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Elasticsearch sink against the local stack's Elasticsearch: templates, a Flink job at parallelism 2, versioning,
 * coalescing, refused documents, flush semantics and an outage. Every test writes under its own index prefix.
 */
@ExtendWith(LocalStack.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ElasticsearchSinkITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ASSESSED_AT = 1_782_792_000_000L; // 2026-06-30T12:00:00+08:00

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private String prefix;
    private ElasticsearchClient client;

    @BeforeEach
    void connect() throws IOException {
        prefix = "t" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE) + "-";
        client = ElasticsearchClients.create(config().build());
    }

    @AfterEach
    void removeIndicesAndTemplates() throws IOException {
        for (String index : ElasticsearchIndices.ALL) {
            client.indices().delete(d -> d.index(prefix + index).ignoreUnavailable(true));
        }
        for (IndexTemplateItem template : templates()) {
            client.indices().deleteIndexTemplate(d -> d.name(template.name()));
        }
        client.close();
    }

    @Test
    void templatesAreInstalledIdempotentlyWithTheIntendedMappings() throws IOException {
        ElasticsearchIndices.install(client, prefix);
        List<IndexTemplateItem> first = templates();
        ElasticsearchIndices.install(client, prefix);
        List<IndexTemplateItem> second = templates();
        assertThat(second).hasSize(ElasticsearchIndices.ALL.size());
        for (int i = 0; i < second.size(); i++) {
            String index = second.get(i).name().substring(prefix.length());
            assertThat(second.get(i).indexTemplate().meta()).containsKey(ElasticsearchIndices.CHECKSUM);
            assertThat(second.get(i).indexTemplate().version())
                    .isEqualTo(JSON.readTree(ElasticsearchIndices.templateText(index)).get("version").asLong());
            // Installing again from the same files leaves the templates as they are.
            assertThat(second.get(i).indexTemplate().modifiedDateMillis()).isNotNull()
                    .isEqualTo(first.get(i).indexTemplate().modifiedDateMillis());
        }
        assertThat(second).extracting(IndexTemplateItem::name).containsExactlyInAnyOrderElementsOf(
                ElasticsearchIndices.ALL.stream().map(index -> prefix + index).toList());
        for (String index : ElasticsearchIndices.ALL) {
            client.indices().create(c -> c.index(prefix + index));
        }

        TypeMapping latest = mapping(ElasticsearchIndices.ENTERPRISE_RISK);
        assertThat(latest.dynamic()).isEqualTo(DynamicMapping.Strict);
        Map<String, Property> fields = latest.properties();
        for (String keyword : List.of("creditCode", "regionCode", "industry", "model", "riskClass", "color",
                "status", "floors")) {
            assertThat(fields.get(keyword).isKeyword()).as(keyword).isTrue();
        }
        assertThat(fields.get("name").keyword().fields().get("text").isText()).isTrue();
        assertThat(fields.get("score").isFloat()).isTrue();
        assertThat(fields.get("assessedAt").date().format()).isEqualTo("strict_date_optional_time");
        Map<String, Property> contribution = fields.get("contributions").nested().properties();
        assertThat(contribution.get("indicator").isKeyword()).isTrue();
        assertThat(contribution.get("points").isFloat()).isTrue();
        assertThat(contribution.get("records").isInteger()).isTrue();
        assertThat(mapping(ElasticsearchIndices.RISK_HISTORY).toString()).isEqualTo(latest.toString());

        TypeMapping rejects = mapping(ElasticsearchIndices.REJECTS);
        assertThat(rejects.dynamic()).isEqualTo(DynamicMapping.Strict);
        assertThat(rejects.properties().get("raw").text().index()).isFalse();
        assertThat(rejects.properties().get("detail").isText()).isTrue();
        assertThat(rejects.properties().keySet()).containsExactlyInAnyOrder("reason", "detail", "stream", "eventId",
                "raw");

        TypeMapping warningMapping = mapping(ElasticsearchIndices.WARNINGS);
        assertThat(warningMapping.dynamic()).isEqualTo(DynamicMapping.Strict);
        Map<String, Property> warnings = warningMapping.properties();
        assertThat(warnings.get("warningId").isKeyword()).isTrue();
        assertThat(warnings.get("evidence").isKeyword()).isTrue();
        assertThat(warnings.get("message").isText()).isTrue();
        assertThat(warnings.get("windowEnd").isDate()).isTrue();

        // One shard and no replica on a single node: every index is green.
        for (String index : ElasticsearchIndices.ALL) {
            assertThat(client.cluster().health(h -> h.index(prefix + index)).status()).isEqualTo(HealthStatus.Green);
            assertThat(client.indices().getSettings(s -> s.index(prefix + index)).get(prefix + index).settings()
                    .index().numberOfShards()).isEqualTo("1");
        }
    }

    @Test
    void aFlinkJobWritesTheLatestAssessmentOfEachEnterpriseAndTheWholeHistory() throws Exception {
        int enterprises = 40;
        int sequences = 6;
        List<Assessment> input = new ArrayList<>();
        for (int e = 0; e < enterprises; e++) {
            for (int s = 1; s <= sequences; s++) {
                input.add(assessment(creditCode(e), s));
            }
        }
        // Newer before older for some enterprises, and the two writers get them in no particular order.
        Collections.shuffle(input, new Random(7));

        StreamExecutionEnvironment env = environment();
        env.fromData(input).rebalance()
                .sinkTo(new ElasticsearchSink<>(config().bulkActions(25).build(),
                        ElasticsearchEmitters.assessments(prefix)))
                .setParallelism(2);
        env.execute("elasticsearch-sink-assessments");

        refresh();
        assertThat(count(ElasticsearchIndices.RISK_HISTORY)).isEqualTo(enterprises * sequences);
        assertThat(count(ElasticsearchIndices.ENTERPRISE_RISK)).isEqualTo(enterprises);
        for (int e = 0; e < enterprises; e++) {
            GetResponse<ObjectNode> latest = get(ElasticsearchIndices.ENTERPRISE_RISK, creditCode(e));
            assertThat(latest.version()).isEqualTo(sequences);
            assertThat((JsonNode) latest.source())
                    .isEqualTo(JSON.readTree(OutputJson.assessment(assessment(creditCode(e), sequences))));
        }
        GetResponse<ObjectNode> old = get(ElasticsearchIndices.RISK_HISTORY, creditCode(3) + ":2");
        assertThat((JsonNode) old.source()).isEqualTo(JSON.readTree(OutputJson.assessment(assessment(creditCode(3), 2))));
    }

    @Test
    void anOlderSequenceAfterANewerOneLeavesTheNewer() throws Exception {
        try (ElasticsearchSinkWriter<Assessment> writer = writer(config(), ElasticsearchEmitters.assessments(prefix))) {
            writer.write(assessment(creditCode(1), 5), null);
            writer.flush(false);
            writer.write(assessment(creditCode(1), 3), null);
            writer.flush(false);

            assertThat(writer.versionConflicts()).isEqualTo(1);
            assertThat(writer.refusedDocuments()).isZero();
        }
        refresh();
        assertThat(get(ElasticsearchIndices.ENTERPRISE_RISK, creditCode(1)).source().get("sequence").asLong())
                .isEqualTo(5);
        assertThat(count(ElasticsearchIndices.RISK_HISTORY)).isEqualTo(2);
    }

    @Test
    void anEnterpriseReturningAfterItWasForgottenReplacesItsLastAssessmentAndKeepsBothHistories() throws Exception {
        Assessment lastBeforeForgotten = assessment(creditCode(2), 7);
        Assessment firstAfterReturn = assessment(creditCode(2), 1);
        firstAfterReturn.lifetimeStart = lastBeforeForgotten.assessedAt + 400 * 86_400_000L;
        try (ElasticsearchSinkWriter<Assessment> writer = writer(config(), ElasticsearchEmitters.assessments(prefix))) {
            writer.write(lastBeforeForgotten, null);
            writer.flush(false);
            writer.write(firstAfterReturn, null);
            writer.flush(false);

            assertThat(writer.versionConflicts()).isZero();
        }
        refresh();
        assertThat(get(ElasticsearchIndices.ENTERPRISE_RISK, creditCode(2)).source().get("score").asDouble())
                .isEqualTo(firstAfterReturn.score);
        assertThat(count(ElasticsearchIndices.RISK_HISTORY)).isEqualTo(2);
    }

    @Test
    void severalAssessmentsOfOneEnterpriseBetweenFlushesWriteItsLatestOnce() throws Exception {
        ElasticsearchConfig.Builder config = config().flushInterval(Duration.ZERO);
        try (ElasticsearchSinkWriter<Assessment> writer = writer(config, ElasticsearchEmitters.assessments(prefix))) {
            for (int s : new int[] {2, 1, 5, 3, 4}) {
                writer.write(assessment(creditCode(9), s), null);
            }
            writer.flush(false);

            assertThat(writer.coalescedOperations()).isEqualTo(4);
            assertThat(writer.writtenOperations()).isEqualTo(1 + 5); // one latest, five history documents
            assertThat(writer.versionConflicts()).isZero();
        }
        refresh();
        assertThat(get(ElasticsearchIndices.ENTERPRISE_RISK, creditCode(9)).version()).isEqualTo(5);
        assertThat(count(ElasticsearchIndices.RISK_HISTORY)).isEqualTo(5);
    }

    @Test
    void aDocumentRefusedForItsContentEndsUpInRejectsAndTheJobFinishes() throws Exception {
        String good = new String(OutputJson.assessment(assessment(creditCode(2), 1)), StandardCharsets.UTF_8);
        String wrongType = good.replaceFirst("\"score\":[0-9.]+", "\"score\":\"very high\"");
        String unknownField = "{\"creditCode\":\"" + creditCode(3) + "\",\"mood\":\"grumpy\"}";

        StreamExecutionEnvironment env = environment();
        env.fromData(good, wrongType, unknownField)
                .sinkTo(new ElasticsearchSink<>(config().build(), rawHistory(prefix)))
                .setParallelism(2);
        env.execute("elasticsearch-sink-refused");

        refresh();
        assertThat(count(ElasticsearchIndices.RISK_HISTORY)).isEqualTo(1);
        SearchResponse<ObjectNode> rejects = client.search(s -> s.index(prefix + ElasticsearchIndices.REJECTS),
                ObjectNode.class);
        List<ObjectNode> documents = rejects.hits().hits().stream().map(Hit::source).toList();
        assertThat(documents).hasSize(2);
        assertThat(documents).extracting(d -> d.get("raw").asText())
                .containsExactlyInAnyOrder(wrongType, unknownField);
        for (ObjectNode reject : documents) {
            assertThat(reject.get("reason").asText()).isEqualTo(ElasticsearchEmitters.ELASTICSEARCH_REJECTED);
            assertThat(reject.get("stream").asText()).isEqualTo(prefix + ElasticsearchIndices.RISK_HISTORY);
            assertThat(reject.get("detail").asText()).isNotBlank();
            assertThat(reject.get("eventId").isNull()).isTrue();
        }
    }

    @Test
    void aRejectDocumentRefusedTooIsCountedAndLoggedAndTheWriterGoesOn() throws Exception {
        // both indices take no field at all: the document is refused, and so is its reject document
        for (String index : List.of(ElasticsearchIndices.RISK_HISTORY, ElasticsearchIndices.REJECTS)) {
            client.indices().create(c -> c.index(prefix + index).mappings(m -> m.dynamic(DynamicMapping.Strict)));
        }
        String refused = "{\"creditCode\":\"" + creditCode(5) + "\"}";
        ElasticsearchConfig.Builder config = config().installTemplates(false).flushInterval(Duration.ZERO);
        try (ElasticsearchSinkWriter<String> writer = writer(config, rawHistory(prefix))) {
            writer.write(refused, null);
            writer.flush(false);
            assertThat(writer.refusedDocuments()).isEqualTo(1);
            assertThat(writer.lostDocuments()).isEqualTo(1);

            client.indices().putMapping(m -> m.index(prefix + ElasticsearchIndices.RISK_HISTORY)
                    .properties("creditCode", p -> p.keyword(k -> k)));
            writer.write(refused, null);
            writer.flush(true);
            assertThat(writer.writtenOperations()).isEqualTo(1);
        }
        refresh();
        assertThat(count(ElasticsearchIndices.RISK_HISTORY)).isEqualTo(1);
        assertThat(count(ElasticsearchIndices.REJECTS)).isZero();
    }

    @Test
    void rejectsAreWrittenUnderIdsThatAReplayOverwrites() throws Exception {
        Reject reject = new Reject(RejectReason.MALFORMED_JSON, "not JSON", Stream.COMPLAINTS.topic(), "{oops", null);
        try (ElasticsearchSinkWriter<Reject> writer = writer(config(), ElasticsearchEmitters.rejects(prefix))) {
            writer.write(reject, null);
            writer.flush(false);
            writer.write(reject, null);
            writer.flush(true);
        }
        refresh();
        assertThat(count(ElasticsearchIndices.REJECTS)).isEqualTo(1);
        SearchResponse<ObjectNode> found = client.search(s -> s.index(prefix + ElasticsearchIndices.REJECTS),
                ObjectNode.class);
        assertThat((JsonNode) found.hits().hits().get(0).source()).isEqualTo(JSON.readTree(OutputJson.reject(reject)));
    }

    @Test
    void warningsAreWrittenUnderTheirWarningId() throws Exception {
        Warning warning = new Warning();
        warning.warningId = "w-0123456789abcdef";
        warning.rule = Warning.Rule.COMPLAINT_SURGE;
        warning.severity = Warning.Severity.MEDIUM;
        warning.creditCode = creditCode(4);
        warning.name = "呼和浩特市测试餐饮有限公司";
        warning.regionCode = "150102";
        warning.industry = "H6210";
        warning.riskClass = RiskClass.C;
        warning.score = 24.5;
        warning.raisedAt = ASSESSED_AT;
        warning.windowStart = ASSESSED_AT - 6 * 86_400_000L;
        warning.windowEnd = ASSESSED_AT;
        warning.evidence = new String[] {"c-1", "c-2", "c-3", "c-4", "c-5"};
        warning.message = "5 complaints within 7 days";
        try (ElasticsearchSinkWriter<Warning> writer = writer(config(), ElasticsearchEmitters.warnings(prefix))) {
            writer.write(warning, null);
            writer.write(warning, null);
            writer.flush(true);
            assertThat(writer.refusedDocuments()).isZero();
        }
        refresh();
        assertThat(count(ElasticsearchIndices.WARNINGS)).isEqualTo(1);
        assertThat((JsonNode) get(ElasticsearchIndices.WARNINGS, warning.warningId).source())
                .isEqualTo(JSON.readTree(OutputJson.warning(warning)));
    }

    @Test
    void flushReturnsOnlyWhenEveryBulkRequestHasBeenAnswered() throws Exception {
        int enterprises = 600;
        ElasticsearchConfig.Builder config = config().bulkActions(50).maxConcurrentRequests(3)
                .flushInterval(Duration.ZERO);
        try (ElasticsearchSinkWriter<Assessment> writer = writer(config, ElasticsearchEmitters.assessments(prefix))) {
            for (int e = 0; e < enterprises; e++) {
                writer.write(assessment(creditCode(e), 1), null);
            }
            writer.flush(false);

            assertThat(writer.unresolvedOperations()).isZero();
            assertThat(writer.writtenOperations()).isEqualTo(2L * enterprises);
            refresh();
            assertThat(count(ElasticsearchIndices.ENTERPRISE_RISK)).isEqualTo(enterprises);
            assertThat(count(ElasticsearchIndices.RISK_HISTORY)).isEqualTo(enterprises);
        }
    }

    @Test
    void whileElasticsearchIsUnreachableWritesAndFlushWaitAndNothingIsLost() throws Exception {
        ElasticsearchIndices.install(client, prefix);
        URI elasticsearch = URI.create(LocalStack.elasticsearchUrl());
        int enterprises = 50;
        try (Forwarder forwarder = new Forwarder(new InetSocketAddress(elasticsearch.getHost(), elasticsearch.getPort()))) {
            // At most 10 × (1 + 1) operations may wait: the writer must block long before the 100th.
            ElasticsearchConfig.Builder config = ElasticsearchConfig.builder("http://127.0.0.1:" + forwarder.port)
                    .indexPrefix(prefix).installTemplates(false).flushInterval(Duration.ZERO)
                    .bulkActions(10).maxConcurrentRequests(1)
                    .backoff(Duration.ofMillis(20), Duration.ofMillis(100));
            try (ElasticsearchSinkWriter<Assessment> writer = writer(config, ElasticsearchEmitters.assessments(prefix))) {
                CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                    try {
                        for (int e = 0; e < enterprises; e++) {
                            writer.write(assessment(creditCode(e), 1), null);
                        }
                        writer.flush(false);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                awaitTrue(() -> writer.connectionFailures() >= 3 && writer.unresolvedOperations() >= 20);
                assertThat(writes).isNotDone();
                assertThat(writer.writtenOperations()).isZero();

                forwarder.start();
                writes.get(30, TimeUnit.SECONDS);
                assertThat(writer.writtenOperations()).isEqualTo(2L * enterprises);
            }
        }
        refresh();
        assertThat(count(ElasticsearchIndices.ENTERPRISE_RISK)).isEqualTo(enterprises);
        assertThat(count(ElasticsearchIndices.RISK_HISTORY)).isEqualTo(enterprises);
    }

    @Test
    void busyAnswersAreRetriedWithBackoffAndNothingIsLost() throws Exception {
        ElasticsearchIndices.install(client, prefix);
        // The first bulk request is refused whole (429), the second item by item (503); the rest go through.
        try (BusyElasticsearch busy = new BusyElasticsearch(LocalStack.elasticsearchUrl(), 1, 1)) {
            ElasticsearchConfig.Builder config = ElasticsearchConfig.builder(busy.url())
                    .indexPrefix(prefix).installTemplates(false).flushInterval(Duration.ZERO)
                    .backoff(Duration.ofMillis(20), Duration.ofMillis(100));
            try (ElasticsearchSinkWriter<Assessment> writer = writer(config, ElasticsearchEmitters.assessments(prefix))) {
                for (int e = 0; e < 20; e++) {
                    writer.write(assessment(creditCode(e), 1), null);
                }
                writer.flush(false);

                assertThat(writer.retriedOperations()).isEqualTo(2 * 40);
                assertThat(writer.writtenOperations()).isEqualTo(40);
            }
        }
        refresh();
        assertThat(count(ElasticsearchIndices.ENTERPRISE_RISK)).isEqualTo(20);
        assertThat(count(ElasticsearchIndices.RISK_HISTORY)).isEqualTo(20);
    }

    @Test
    void anOperationStillRefusedAfterTheLastRetryFailsTheFlush() throws Exception {
        try (BusyElasticsearch busy = new BusyElasticsearch(LocalStack.elasticsearchUrl(), 0, Integer.MAX_VALUE)) {
            ElasticsearchConfig.Builder config = ElasticsearchConfig.builder(busy.url())
                    .indexPrefix(prefix).installTemplates(false).maxRetries(2)
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(20));
            try (ElasticsearchSinkWriter<Assessment> writer = writer(config, ElasticsearchEmitters.assessments(prefix))) {
                writer.write(assessment(creditCode(1), 1), null);

                assertThatThrownBy(() -> writer.flush(false)).isInstanceOf(IOException.class)
                        .hasMessageContaining("after 2 retries").hasMessageContaining("HTTP 503");
            }
        }
    }

    // ----- helpers

    private ElasticsearchConfig.Builder config() {
        return ElasticsearchConfig.builder(LocalStack.elasticsearchUrl())
                .indexPrefix(prefix)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    private static <T> ElasticsearchSinkWriter<T> writer(ElasticsearchConfig.Builder config,
            ElasticsearchEmitter<T> emitter) throws IOException {
        return new ElasticsearchSinkWriter<>(config.build(), emitter,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(), "elasticsearch-sink-test");
    }

    private static StreamExecutionEnvironment environment() {
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(2);
        return env;
    }

    /** JSON text as it is into the history index: lets a test send documents that the mapping refuses. */
    private static ElasticsearchEmitter<String> rawHistory(String prefix) {
        String index = prefix + ElasticsearchIndices.RISK_HISTORY;
        return text -> List.of(BulkOperation.of(o -> o.index(i -> i.index(index)
                .id(Integer.toHexString(text.hashCode())).document(ElasticsearchEmitters.json(text)))));
    }

    private static String creditCode(int enterprise) {
        return String.format("91150102MA%08d", enterprise);
    }

    private static Assessment assessment(String creditCode, long sequence) {
        Assessment a = new Assessment();
        a.creditCode = creditCode;
        a.sequence = sequence;
        a.name = "呼和浩特市测试商贸有限公司 " + creditCode;
        a.regionCode = "150102";
        a.industry = "F5292";
        a.model = "online-food-v1";
        a.score = 10.5 * sequence;
        a.riskClass = a.score >= 60 ? RiskClass.A : a.score >= 40 ? RiskClass.B : a.score >= 20 ? RiskClass.C
                : RiskClass.D;
        a.status = Assessment.Status.ACTIVE;
        a.assessedAt = ASSESSED_AT + sequence * 86_400_000L + 123;
        a.contributions = new Assessment.Contribution[] {
            new Assessment.Contribution(Indicator.PENALTY, 7.5 * sequence, (int) sequence),
            new Assessment.Contribution(Indicator.SCALE, 2, 1)};
        a.floors = sequence % 2 == 0 ? new Indicator[] {Indicator.SERIOUS_DISHONEST} : new Indicator[0];
        return a;
    }

    private List<IndexTemplateItem> templates() throws IOException {
        return client.indices().getIndexTemplate(g -> g.name(prefix + "*")).indexTemplates().stream()
                .sorted(Comparator.comparing(IndexTemplateItem::name)).toList();
    }

    private TypeMapping mapping(String index) throws IOException {
        return client.indices().getMapping(m -> m.index(prefix + index)).get(prefix + index).mappings();
    }

    private void refresh() throws IOException {
        client.indices().refresh(r -> r.index(prefix + "cw-*").ignoreUnavailable(true).allowNoIndices(true));
    }

    private long count(String index) throws IOException {
        return client.count(c -> c.index(prefix + index)).count();
    }

    private GetResponse<ObjectNode> get(String index, String id) throws IOException {
        GetResponse<ObjectNode> response = client.get(g -> g.index(prefix + index).id(id), ObjectNode.class);
        assertThat(response.found()).as(index + "/" + id).isTrue();
        return response;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /**
     * A TCP port that refuses connections until {@link #start()}, then forwards them to Elasticsearch: an outage
     * and a recovery without stopping the shared Elasticsearch.
     */
    private static final class Forwarder implements AutoCloseable {
        final int port;
        private final InetSocketAddress target;
        private final List<Closeable> open = Collections.synchronizedList(new ArrayList<>());

        Forwarder(InetSocketAddress target) throws IOException {
            this.target = target;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                this.port = probe.getLocalPort();
            }
        }

        void start() throws IOException {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            open.add(server);
            daemon(() -> {
                while (!server.isClosed()) {
                    Socket in = server.accept();
                    Socket out = new Socket(target.getAddress(), target.getPort());
                    open.add(in);
                    open.add(out);
                    daemon(() -> pipe(in, out));
                    daemon(() -> pipe(out, in));
                }
            });
        }

        private static void pipe(Socket from, Socket to) throws IOException {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        }

        private interface IoTask {
            void run() throws IOException;
        }

        private static void daemon(IoTask task) {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } catch (IOException closed) {
                    // the forwarder or a peer closed the connection
                }
            }, "forwarder");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            synchronized (open) {
                for (Closeable c : open) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }
    }

    /**
     * An HTTP proxy in front of Elasticsearch that answers the first bulk requests itself: the first
     * {@code wholeRequestRefusals} with 429, the next {@code itemRefusals} with every item failed 503.
     */
    private static final class BusyElasticsearch implements AutoCloseable {
        /** The client refuses answers without it. */
        private static final String PRODUCT_HEADER = "X-Elastic-Product";
        private final HttpServer server;
        private final HttpClient http = HttpClient.newHttpClient();
        private final String target;
        private final AtomicInteger bulks = new AtomicInteger();

        BusyElasticsearch(String target, int wholeRequestRefusals, int itemRefusals) throws IOException {
            this.target = target;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int bulk = exchange.getRequestURI().getPath().endsWith("/_bulk") ? bulks.incrementAndGet() : 0;
                if (bulk >= 1 && bulk <= wholeRequestRefusals) {
                    answer(exchange, 429, "{\"error\":{\"type\":\"es_rejected_execution_exception\","
                            + "\"reason\":\"queue full\"},\"status\":429}");
                } else if (bulk > wholeRequestRefusals && bulk - wholeRequestRefusals <= itemRefusals) {
                    answer(exchange, 200, everyItemFailed(body));
                } else {
                    forward(exchange, body);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private static String everyItemFailed(byte[] bulk) throws IOException {
            ArrayNode items = JSON.createArrayNode();
            List<String> lines = new String(bulk, StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i += 2) { // only index operations: an action and a document each
                JsonNode action = JSON.readTree(lines.get(i)).get("index");
                ObjectNode item = items.addObject().putObject("index");
                item.put("_index", action.get("_index").asText()).put("_id", action.get("_id").asText())
                        .put("status", 503);
                item.putObject("error").put("type", "unavailable_shards_exception").put("reason", "primary busy");
            }
            return "{\"took\":1,\"errors\":true,\"items\":" + items + "}";
        }

        private void forward(HttpExchange exchange, byte[] body) throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                for (String header : List.of("Content-Type", PRODUCT_HEADER)) {
                    response.headers().firstValue(header)
                            .ifPresent(value -> exchange.getResponseHeaders().set(header, value));
                }
                exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1
                        : response.body().length);
                exchange.getResponseBody().write(response.body());
                exchange.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        private static void answer(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set(PRODUCT_HEADER, "Elasticsearch");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
