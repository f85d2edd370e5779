package org.creditwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.TransportUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.creditwatch.domain.Stream;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.elasticsearch.ElasticsearchClients;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.io.elasticsearch.ElasticsearchIndices;
import org.creditwatch.io.kafka.KafkaClientConfig;
import org.creditwatch.io.kafka.Publisher;
import org.creditwatch.jobs.LiveJob;
import org.creditwatch.jobs.Replay;
import org.creditwatch.model.ModelSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §9 against the real secured servers of {@code deploy/local/stack up --secure}: every role sees exactly what
 * it should and nothing else, in Elasticsearch and in Kafka, and the live job runs end to end on TLS with its own
 * credentials. The documents written here have fixed ids, so a second run on the same stack writes the same ones.
 */
@ExtendWith(SecuredLocalStack.class)
class SecuredStackITCase {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String WRITER = "creditwatch-writer";
    static final String CENTRE = "monitoring-centre";
    static final String REGION = "150102";
    static final String OTHER_REGION = "150103";
    static final String INSPECTOR = "inspector-" + REGION;
    /** What an inspectorate may read (spec §9), regionCode in every document. */
    static final List<String> INSPECTED = List.of("cw-enterprise-risk", "cw-risk-history", "cw-warnings",
            "cw-spot-check-plans", "cw-inspection-outcomes");
    static final List<String> KAFKA_USERS = List.of("creditwatch-job", "source-enterprise", "source-credit-records",
            "source-complaints", "source-sampling-results", "source-inspections", "models-publisher", "notifier");
    static final Duration SETTLES_WITHIN = Duration.ofMinutes(2);

    static HttpClient https;

    @BeforeAll
    static void templatesAndDocuments() throws Exception {
        SSLContext tls = TransportUtils.sslContextFromHttpCaCrt(SecuredLocalStack.caCertificate().toFile());
        https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        // the writer installs the templates as the job does: manage_index_templates and manage on cw-*
        try (ElasticsearchClient client = ElasticsearchClients.create(writerConfig())) {
            ElasticsearchIndices.install(client, "");
        }
        // two documents of the inspector's region and one of another in every index an inspector may read
        StringBuilder bulk = new StringBuilder();
        for (String index : INSPECTED) {
            for (String id : List.of(docId(REGION, 1), docId(REGION, 2), docId(OTHER_REGION, 1))) {
                bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(id)
                        .append("\"}}\n{\"creditCode\":\"").append(id).append("\",\"regionCode\":\"")
                        .append(id, 0, 6).append("\"}\n");
            }
        }
        bulk.append("{\"index\":{\"_index\":\"cw-rejects\",\"_id\":\"secured-test\"}}\n")
                .append("{\"reason\":\"MALFORMED_JSON\",\"stream\":\"cw.complaints\",\"raw\":\"secured test\"}\n")
                .append("{\"index\":{\"_index\":\"cw-model-changes\",\"_id\":\"secured-test\"}}\n")
                .append("{\"changeId\":\"secured-test\",\"note\":\"secured test\"}\n");
        HttpResponse<String> response = es(WRITER, "POST", "/_bulk?refresh=true", bulk.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("errors").asBoolean()).as(response.body()).isFalse();
    }

    /** A document id that starts with its region: {@code 150102-secured-1}. */
    private static String docId(String region, int n) {
        return region + "-secured-" + n;
    }

    // --- Elasticsearch ---------------------------------------------------------------------------------------------

    @Test
    void anonymousAndPlainHttpAreRefused() throws Exception {
        HttpResponse<String> anonymous = https.send(HttpRequest.newBuilder(
                URI.create(SecuredLocalStack.elasticsearchUrl() + "/cw-enterprise-risk/_search")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(es(CENTRE, "wrong password", "GET", "/", null).statusCode()).isEqualTo(401);
        String plain = SecuredLocalStack.elasticsearchUrl().replace("https:", "http:") + "/";
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void writerWritesTheIndicesAndReadsNothing() throws Exception {
        assertThat(es(WRITER, "PUT", "/cw-warnings/_doc/" + docId(REGION, 3), "{\"regionCode\":\"" + REGION + "\"}")
                .statusCode()).isIn(200, 201);
        for (String index : List.of("cw-warnings", "cw-enterprise-risk", "cw-rejects", "cw-*")) {
            assertThat(es(WRITER, "GET", "/" + index + "/_search", null).statusCode()).as(index).isEqualTo(403);
        }
        assertThat(es(WRITER, "GET", "/cw-warnings/_doc/" + docId(REGION, 3), null).statusCode()).isEqualTo(403);
        // nor anything outside cw-*
        assertThat(es(WRITER, "PUT", "/other-index", null).statusCode()).isEqualTo(403);
        assertThat(es(WRITER, "GET", "/_security/user", null).statusCode()).isEqualTo(403);
    }

    @Test
    void monitoringCentreReadsEveryIndex() throws Exception {
        for (String index : INSPECTED) {
            assertThat(seededCount(CENTRE, index)).as(index).isEqualTo(3);
        }
        for (String index : List.of("cw-rejects", "cw-model-changes")) {
            assertThat(count(CENTRE, index, "{\"ids\":{\"values\":[\"secured-test\"]}}")).as(index).isEqualTo(1);
        }
        assertThat(es(CENTRE, "PUT", "/cw-warnings/_doc/x", "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void anInspectorSeesOnlyItsRegion() throws Exception {
        for (String index : INSPECTED) {
            assertThat(seededCount(INSPECTOR, index)).as(index).isEqualTo(2);
            assertThat(seededCount("inspector-" + OTHER_REGION, index)).as(index).isEqualTo(1);
            HttpResponse<String> own = es(INSPECTOR, "GET", "/" + index + "/_doc/" + docId(REGION, 1), null);
            assertThat(JSON.readTree(own.body()).get("found").asBoolean()).as(index + " " + own.body()).isTrue();
            HttpResponse<String> other = es(INSPECTOR, "GET", "/" + index + "/_doc/" + docId(OTHER_REGION, 1), null);
            assertThat(JSON.readTree(other.body()).get("found").asBoolean()).as(index + " " + other.body()).isFalse();
            assertThat(es(INSPECTOR, "PUT", "/" + index + "/_doc/" + docId(REGION, 9),
                    "{\"regionCode\":\"" + REGION + "\"}").statusCode()).as(index).isEqualTo(403);
        }
        for (String index : List.of("cw-rejects", "cw-model-changes")) {
            assertThat(es(INSPECTOR, "GET", "/" + index + "/_search", null).statusCode()).as(index).isEqualTo(403);
            assertThat(es(INSPECTOR, "GET", "/" + index + "/_doc/secured-test", null).statusCode()).as(index)
                    .isEqualTo(403);
        }
        // a wildcard search leaves the forbidden indices out and filters the rest
        JsonNode all = JSON.readTree(es(INSPECTOR, "POST", "/cw-*/_search",
                "{\"size\":10000,\"query\":{\"bool\":{\"must_not\":{\"term\":{\"regionCode\":\"" + REGION
                        + "\"}}}}}").body());
        assertThat(all.get("hits").get("total").get("value").asLong()).as(all.toString()).isZero();
    }

    @Test
    void thePlannerReadsTheClassesAndRecordsPlansOnly() throws Exception {
        String planner = "spot-check-planner";
        assertThat(seededCount(planner, "cw-enterprise-risk")).isEqualTo(3);
        assertThat(es(planner, "PUT", "/cw-spot-check-plans/_create/secured-test-plan:" + docId(REGION, 1),
                "{\"planId\":\"secured-test-plan\",\"regionCode\":\"" + REGION + "\"}").statusCode()).isIn(201, 409);
        assertThat(es(planner, "PUT", "/cw-enterprise-risk/_doc/" + docId(REGION, 1), "{}").statusCode())
                .isEqualTo(403);
        for (String index : List.of("cw-warnings", "cw-rejects", "cw-inspection-outcomes", "cw-model-changes")) {
            assertThat(es(planner, "GET", "/" + index + "/_search", null).statusCode()).as(index).isEqualTo(403);
        }
    }

    // --- Kafka -----------------------------------------------------------------------------------------------------

    @Test
    void kafkaRefusesUnauthenticatedClients() throws Exception {
        Properties plaintext = new Properties();
        plaintext.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, SecuredLocalStack.kafkaBootstrap());
        plaintext.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        plaintext.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (Admin admin = Admin.create(plaintext)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
        Properties wrongPassword = kafka("notifier");
        wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"notifier\" password=\"not-the-password\";");
        wrongPassword.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        wrongPassword.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "8000");
        try (Admin admin = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aSourceSystemWritesOnlyItsOwnTopic() throws Exception {
        try (KafkaProducer<String, String> producer = producer("source-enterprise")) {
            producer.send(new ProducerRecord<>("cw.enterprise", "secured-test", "secured test: not a record"))
                    .get(30, TimeUnit.SECONDS);
            for (String other : List.of("cw.complaints", "cw.credit-records", "cw.warnings", "cw.rejects")) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(other, "secured-test", "x"))
                        .get(30, TimeUnit.SECONDS)).as(other).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void nobodyButTheJobReadsComplaints() throws Exception {
        TopicPartition complaints = new TopicPartition("cw.complaints", 0);
        for (String user : KAFKA_USERS) {
            try (KafkaConsumer<String, String> consumer = consumer(user)) {
                consumer.assign(List.of(complaints));
                consumer.seekToBeginning(List.of(complaints));
                if (user.equals("creditwatch-job")) {
                    consumer.poll(Duration.ofSeconds(2)); // no error: the job may read it
                } else {
                    assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).as(user)
                            .isInstanceOf(TopicAuthorizationException.class);
                }
            }
        }
    }

    @Test
    void complaintsAreKeptSevenDays() throws Exception {
        try (Admin admin = Admin.create(kafka("admin"))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "cw.complaints");
            Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(config.get("retention.ms").value()).isEqualTo(String.valueOf(Duration.ofDays(7).toMillis()));
        }
    }

    // --- the live job ----------------------------------------------------------------------------------------------

    /**
     * A small generated data set, published by each source system with its own credentials, through the live job
     * (SASL_SSL to Kafka, TLS and the writer's password to Elasticsearch) lands in Elasticsearch as replay says; the
     * inspector then sees exactly its region's share of every index it may read.
     */
    @Test
    void theLiveJobRunsSecuredEndToEnd(@TempDir Path work) throws Exception {
        Path input = work.resolve("input");
        // a seed of its own (the credit codes follow it): documents of an earlier run on this stack, whose sequences
        // may be higher, never stand for this run's
        long seed = System.nanoTime();
        Generator.generate(new Generator.Options(40, 120, seed, Instant.parse("2026-06-30T04:00:00Z")), input);
        Replay.run(new Replay.Options(input, work.resolve("replay"), null, ModelSet.bundled(), 2));
        Map<String, String> replayed = new HashMap<>();
        for (String line : Files.readAllLines(work.resolve("replay").resolve(Replay.ASSESSMENTS))) {
            JsonNode a = JSON.readTree(line);
            replayed.put(a.get("creditCode").asText(), describe(a));
        }
        emptyInputTopics();
        for (Map.Entry<Stream, Path> file : Replay.inputFiles(input).entrySet()) {
            String source = "source-" + file.getKey().topic().substring("cw.".length());
            Publisher.publish(Map.of(file.getKey(), file.getValue()), SecuredLocalStack.kafkaBootstrap(),
                    KafkaClientConfig.load(SecuredLocalStack.kafkaConfig(source)), "", 0, n -> {});
        }
        LiveJob.Options options = new LiveJob.Options(SecuredLocalStack.kafkaBootstrap(), "",
                "creditwatch-secured-" + UUID.randomUUID(), writerConfig(), ModelSet.bundled(), 2,
                Duration.ofSeconds(1), work.resolve("checkpoints").toUri().toString(), null, Duration.ofSeconds(10),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(15))
                .withKafkaClient(KafkaClientConfig.load(SecuredLocalStack.kafkaConfig("creditwatch-job")));
        JobClient job = LiveJob.start(options);
        Map<String, String> seen = Map.of();
        try {
            long until = System.nanoTime() + SETTLES_WITHIN.toNanos();
            while (!(seen = finalsInElasticsearch(replayed.keySet())).equals(replayed) && System.nanoTime() < until) {
                Thread.sleep(1000);
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        assertThat(seen).as("cw-enterprise-risk as the monitoring centre reads it (seed %d)", seed).isEqualTo(replayed);

        // the inspector's counts are the data's: every document of its region, and no other
        for (String index : INSPECTED) {
            String ofRegion = "{\"term\":{\"regionCode\":\"" + REGION + "\"}}";
            assertThat(count(INSPECTOR, index, "{\"match_all\":{}}")).as(index)
                    .isEqualTo(count(CENTRE, index, ofRegion));
        }
        assertThat(count(INSPECTOR, "cw-enterprise-risk", "{\"match_all\":{}}")).isPositive();
        assertNoSecretInLogsOrProcessList();
    }

    /**
     * Deletes every record of the five input topics (as the stack's admin), so that the job reads this test's records
     * only: another data set on the same stack (a demo's) would move event time past this one's end.
     */
    private static void emptyInputTopics() throws Exception {
        List<String> topics = Arrays.stream(Stream.values()).map(Stream::topic).toList();
        try (Admin admin = Admin.create(kafka("admin"))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(topic ->
                    topic.partitions().forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, RecordsToDelete> all = new HashMap<>();
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, end) -> all.put(partition, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(all).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** No password of any user in the stack's logs or in any process's command line. */
    private static void assertNoSecretInLogsOrProcessList() throws IOException {
        List<String> secrets = new ArrayList<>();
        for (String kind : List.of("elasticsearch", "kafka")) {
            try (var files = Files.list(SecuredLocalStack.stackDir().resolve("secrets").resolve(kind))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".password")).toList()) {
                    secrets.add(Files.readString(f, StandardCharsets.UTF_8).strip());
                }
            }
        }
        assertThat(secrets).hasSizeGreaterThan(10);
        List<Path> places = new ArrayList<>();
        try (var logs = Files.walk(SecuredLocalStack.stackDir().resolve("logs"))) {
            logs.filter(Files::isRegularFile).forEach(places::add);
        }
        try (var processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> p.resolve("cmdline")).forEach(places::add);
        }
        for (Path place : places) {
            String text;
            try {
                text = new String(Files.readAllBytes(place), StandardCharsets.ISO_8859_1);
            } catch (IOException gone) {
                continue; // a process that ended meanwhile
            }
            for (String secret : secrets) {
                assertThat(text.contains(secret)).as("a password in " + place).isFalse();
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static ElasticsearchConfig writerConfig() throws IOException {
        return ElasticsearchConfig.builder(SecuredLocalStack.elasticsearchUrl())
                .basicAuth(WRITER, SecuredLocalStack.elasticsearchPassword(WRITER))
                .caCertificatePath(SecuredLocalStack.caCertificate().toString())
                .build();
    }

    private static HttpResponse<String> es(String user, String method, String path, String body) throws Exception {
        return es(user, SecuredLocalStack.elasticsearchPassword(user), method, path, body);
    }

    private static HttpResponse<String> es(String user, String password, String method, String path, String body)
            throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SecuredLocalStack.elasticsearchUrl() + path))
                .header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", path.startsWith("/_bulk") ? "application/x-ndjson" : "application/json");
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How many documents of an index match a query, as the user may see them. */
    private static long count(String user, String index, String query) throws Exception {
        HttpResponse<String> response = es(user, "POST", "/" + index + "/_count", "{\"query\":" + query + "}");
        assertThat(response.statusCode()).as(user + " " + index + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("count").asLong();
    }

    /** How many of the documents written by {@link #templatesAndDocuments} the user sees in an index. */
    private static long seededCount(String user, String index) throws Exception {
        return count(user, index, "{\"ids\":{\"values\":[\"" + docId(REGION, 1) + "\",\"" + docId(REGION, 2)
                + "\",\"" + docId(OTHER_REGION, 1) + "\"]}}");
    }

    private static Map<String, String> finalsInElasticsearch(Set<String> codes) throws Exception {
        es(WRITER, "POST", "/cw-enterprise-risk/_refresh", null);
        String terms = codes.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
        HttpResponse<String> response = es(CENTRE, "POST", "/cw-enterprise-risk/_search",
                "{\"size\":10000,\"query\":{\"terms\":{\"creditCode\":[" + terms + "]}}}");
        Map<String, String> finals = new HashMap<>();
        if (response.statusCode() == 200) {
            for (JsonNode hit : JSON.readTree(response.body()).get("hits").get("hits")) {
                finals.put(hit.get("_id").asText(), describe(hit.get("_source")));
            }
        }
        return finals;
    }

    private static String describe(JsonNode a) {
        return a.get("riskClass").asText() + " " + a.get("score").asDouble() + " #" + a.get("sequence").asLong();
    }

    /** A user's client settings from the file the stack generated, with the bootstrap address. */
    private static Properties kafka(String user) throws IOException {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(SecuredLocalStack.kafkaConfig(user))) {
            settings.load(in);
        }
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, SecuredLocalStack.kafkaBootstrap());
        return settings;
    }

    private static KafkaProducer<String, String> producer(String user) throws IOException {
        Properties settings = kafka(user);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String user) throws IOException {
        // no group: partitions assigned by hand, so that only the topic's ACLs decide
        Properties settings = kafka(user);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }
}
