package org.creditwatch.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.creditwatch.domain.Stream;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.io.kafka.KafkaIO;
import org.creditwatch.jobs.LiveJob;
import org.creditwatch.jobs.Replay;
import org.creditwatch.model.ModelSet;
import org.creditwatch.stack.LocalStack;

/**
 * One live run's world for the end-to-end tests: its own topics and indices (a random prefix), the job's options,
 * and reads of what reached Elasticsearch.
 */
final class LiveFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    final String topicPrefix;
    final String indexPrefix = prefix + "-";
    final Path checkpoints;

    LiveFixture(Path work) throws Exception {
        this(work, null);
    }

    /**
     * @param topicPrefix topics of a run gone before (a savepoint's): made anew and empty; null for topics of this
     *     fixture's own prefix
     */
    LiveFixture(Path work, String topicPrefix) throws Exception {
        this.topicPrefix = topicPrefix != null ? topicPrefix : prefix + ".";
        checkpoints = work.resolve("checkpoints-" + prefix);
        List<NewTopic> topics = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            topics.add(topic(this.topicPrefix + stream.topic()));
        }
        topics.add(topic(this.topicPrefix + KafkaIO.WARNINGS_TOPIC));
        topics.add(topic(this.topicPrefix + KafkaIO.REJECTS_TOPIC));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()))) {
            List<String> names = topics.stream().map(NewTopic::name).toList();
            admin.deleteTopics(admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(names::contains).toList()).all().get(30, TimeUnit.SECONDS);
            await("the old topics to be gone", Duration.ofSeconds(30), () -> java.util.Collections.disjoint(
                    admin.listTopics().names().get(30, TimeUnit.SECONDS), names));
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** How many records the five input topics hold. */
    long recordsInInputTopics() throws Exception {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The end offset of every partition of the five input topics, by "topic-partition". */
    Map<String, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (Stream stream : Stream.values()) {
            for (int p = 0; p < 4; p++) {
                ends.put(new TopicPartition(topicPrefix + stream.topic(), p), OffsetSpec.latest());
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()))) {
            Map<String, Long> offsets = new HashMap<>();
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> offsets.put(partition.toString(), info.offset()));
            return offsets;
        }
    }

    private static NewTopic topic(String name) {
        return new NewTopic(name, 4, (short) 1)
                .configs(Map.of("max.message.bytes", String.valueOf(KafkaIO.MAX_MESSAGE_BYTES)));
    }

    LiveJob.Options options(String restoreFrom) {
        return new LiveJob.Options(LocalStack.kafkaBootstrap(), topicPrefix, "group-" + prefix,
                ElasticsearchConfig.builder(LocalStack.elasticsearchUrl()).indexPrefix(indexPrefix).build(),
                ModelSet.bundled(), 2, Duration.ofSeconds(1), checkpoints.toUri().toString(), restoreFrom,
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(15));
    }

    /** The command line of {@code creditwatch run} with the same options as {@link #options}, and the given ones. */
    List<String> runArguments(String... more) {
        List<String> arguments = new ArrayList<>(List.of("run", "--brokers", LocalStack.kafkaBootstrap(),
                "--es", LocalStack.elasticsearchUrl(), "--topic-prefix", topicPrefix, "--index-prefix", indexPrefix,
                "--group-id", "group-" + prefix, "--parallelism", "2", "--checkpoint-interval", "1s",
                "--checkpoint-dir", checkpoints.toUri().toString(), "--out-of-orderness", "10s", "--quiet-after", "2s",
                "--idle-after", "3s", "--startup-grace", "15s"));
        arguments.addAll(List.of(more));
        return arguments;
    }

    /** Each enterprise's final (class, score, sequence) as replay writes it. */
    static Map<String, String> finalsOfReplay(Path output) throws IOException {
        Map<String, String> finals = new HashMap<>();
        for (String line : Files.readAllLines(output.resolve(Replay.ASSESSMENTS))) {
            JsonNode a = JSON.readTree(line);
            finals.put(a.get("creditCode").asText(), describe(a));
        }
        return finals;
    }

    /** Each enterprise's (class, score, sequence) in {@code cw-enterprise-risk}. */
    Map<String, String> finalsInElasticsearch() throws IOException, InterruptedException {
        Map<String, String> finals = new HashMap<>();
        for (JsonNode hit : search("cw-enterprise-risk")) {
            finals.put(hit.get("_id").asText(), describe(hit.get("_source")));
        }
        return finals;
    }

    /** How many {@code cw-risk-history} documents each enterprise has (an aggregation: they can be more than a page). */
    Map<String, Long> historyPerEnterprise() throws IOException, InterruptedException {
        JsonNode response = searchAfterRefresh("cw-risk-history",
                "{\"size\":0,\"aggs\":{\"codes\":{\"terms\":{\"field\":\"creditCode\",\"size\":65536}}}}");
        Map<String, Long> history = new HashMap<>();
        if (response != null) {
            for (JsonNode bucket : response.get("aggregations").get("codes").get("buckets")) {
                history.put(bucket.get("key").asText(), bucket.get("doc_count").asLong());
            }
        }
        return history;
    }

    private static String describe(JsonNode a) {
        return a.get("riskClass").asText() + " " + a.get("score").asDouble() + " #" + a.get("sequence").asLong();
    }

    /** Every document of an index (after a refresh), or none when the index does not exist yet. */
    List<JsonNode> search(String index) throws IOException, InterruptedException {
        JsonNode response = searchAfterRefresh(index, "{\"size\":10000}");
        List<JsonNode> hits = new ArrayList<>();
        if (response != null) {
            response.get("hits").get("hits").forEach(hits::add);
        }
        return hits;
    }

    /** A search of an index after a refresh, so that it sees every write so far; null when there is no index yet. */
    private JsonNode searchAfterRefresh(String index, String query) throws IOException, InterruptedException {
        String url = LocalStack.elasticsearchUrl() + "/" + indexPrefix + index;
        HttpResponse<String> refresh = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (refresh.statusCode() == 404) {
            return null;
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/_search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(query)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("search " + url + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A condition that may fail to be read (Elasticsearch down, an index not there yet): that counts as not yet. */
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls until the condition holds; fails with the description when the deadline passes. */
    static void await(String what, Duration deadline, Check condition) throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out after " + deadline + " waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    private static boolean holds(Check condition) {
        try {
            return condition.holds();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** Copies a directory tree (a savepoint) to {@code to}. */
    static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** The newest completed checkpoint of a job (a chk-N directory with its metadata), or null. */
    Path latestCheckpoint() throws IOException {
        if (!Files.exists(checkpoints)) {
            return null;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(checkpoints, 2)) {
            return walk.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max((a, b) -> Integer.compare(number(a), number(b)))
                    .orElse(null);
        }
    }

    private static int number(Path checkpoint) {
        return Integer.parseInt(checkpoint.getFileName().toString().substring(4));
    }
}
