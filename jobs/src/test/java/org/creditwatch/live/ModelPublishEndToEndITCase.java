package org.creditwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.creditwatch.domain.Stream;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.OutputJson;
import org.creditwatch.io.kafka.KafkaIO;
import org.creditwatch.io.kafka.KafkaClientConfig;
import org.creditwatch.io.kafka.ModelPublisher;
import org.creditwatch.io.kafka.Publisher;
import org.creditwatch.jobs.LiveJob;
import org.creditwatch.jobs.Replay;
import org.creditwatch.model.ModelLoader;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.PublishedModels;
import org.creditwatch.model.RiskClass;
import org.creditwatch.stack.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §12 against the real Kafka broker and Elasticsearch: after a backfill, a published set with other weights
 * re-scores every enterprise without a restart, so that {@code cw-enterprise-risk} equals a replay under that set as
 * of the same instant, raises no warning and writes one {@code cw-model-changes} document; a broken set is a dead
 * letter and the job goes on scoring under the set it has, also after a restore from its checkpoint.
 */
@ExtendWith(LocalStack.class)
class ModelPublishEndToEndITCase {
    static final Instant GENERATED_UNTIL = Instant.parse("2026-06-30T04:00:00Z");
    static final Duration SETTLES_WITHIN = Duration.ofMinutes(4);

    @TempDir
    static Path work;
    static Path input;
    static long asOf;
    static Map<String, String> replayedUnderBundled;
    static Set<String> warningsUnderBundled;
    static Map<String, String> replayedUnderNewSet;
    static SortedMap<String, String> newSetFiles;

    @BeforeAll
    static void generateAndReplayUnderBothSets() throws Exception {
        input = work.resolve("input");
        Generator.generate(new Generator.Options(300, 365, 11, GENERATED_UNTIL), input);
        Replay.Result bundled = Replay.run(new Replay.Options(input, work.resolve("replay-v1"), null,
                ModelSet.bundled(), 2));
        asOf = OffsetDateTime.parse((String) bundled.summary().get("asOf")).toInstant().toEpochMilli();
        replayedUnderBundled = modelledOfReplay(work.resolve("replay-v1"));
        warningsUnderBundled = new HashSet<>();
        for (String line : Files.readAllLines(work.resolve("replay-v1").resolve(Replay.WARNINGS))) {
            warningsUnderBundled.add(LiveFixture.JSON.readTree(line).get("warningId").asText());
        }

        newSetFiles = new TreeMap<>();
        newSetFiles.put("base-v1.yaml", bundledText("base-v1.yaml").replace("version: 1", "version: 2")
                .replace("  PENALTY:\n", "  PENALTY:\n    weight: 1.4\n")
                .replace("  COMPLAINT:\n", "  COMPLAINT:\n    weight: 2.0\n"));
        newSetFiles.put("online-food-v1.yaml", bundledText("online-food-v1.yaml").replace("version: 1", "version: 2")
                .replace("  SAMPLING:\n    weight: 1.5", "  SAMPLING:\n    weight: 2.5"));
        Path newSet = Files.createDirectories(work.resolve("models-v2"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> file : newSetFiles.entrySet()) {
            files.add(Files.writeString(newSet.resolve(file.getKey()), file.getValue()));
        }
        Replay.run(new Replay.Options(input, work.resolve("replay-v2"), asOf, ModelLoader.loadFiles(files), 2));
        replayedUnderNewSet = modelledOfReplay(work.resolve("replay-v2"));
        assertThat(replayedUnderNewSet).as("the new weights change some class or score")
                .hasSameSizeAs(replayedUnderBundled)
                .isNotEqualTo(withVersion2(replayedUnderBundled));
    }

    @Test
    void aPublishedSetRescoresEveryEnterpriseAsAReplayUnderItWouldAndABrokenOneIsADeadLetter() throws Exception {
        LiveFixture world = new LiveFixture(work);
        Publisher.publish(Replay.inputFiles(input), LocalStack.kafkaBootstrap(), world.topicPrefix, 0, n -> {});
        JobClient job = LiveJob.start(world.options(null));
        AtomicReference<JsonNode> change = new AtomicReference<>();
        try {
            awaitModelled(world, replayedUnderBundled, "the backfill under the bundled set");
            LiveFixture.await("every warning of the backfill in cw-warnings", SETTLES_WITHIN,
                    () -> warningIds(world).equals(warningsUnderBundled));

            PublishedModels set = new PublishedModels(newSetFiles, "heavier penalties and complaints",
                    System.currentTimeMillis());
            ModelPublisher.publish(set, LocalStack.kafkaBootstrap(), world.topicPrefix, KafkaClientConfig.NONE);
            LiveFixture.await("the cw-model-changes document", SETTLES_WITHIN, () -> {
                List<JsonNode> changes = world.search("cw-model-changes");
                change.set(changes.isEmpty() ? null : changes.get(0));
                return changes.size() == 1;
            });
            awaitModelled(world, replayedUnderNewSet, "the re-score under the published set");

            JsonNode doc = change.get().get("_source");
            assertThat(change.get().get("_id").asText()).isEqualTo(set.changeId);
            assertThat(doc.get("note").asText()).isEqualTo(set.note);
            assertThat(LiveFixture.JSON.convertValue(doc.get("versions"), List.class))
                    .containsExactly("base-v1@2", "online-food-v1@2");
            assertThat(LiveFixture.JSON.convertValue(doc.get("previousVersions"), List.class))
                    .containsExactly("base-v1@1", "online-food-v1@1");
            assertThat(doc.get("enterprisesRescored").asLong()).isEqualTo(replayedUnderBundled.size());
            // the model's version is part of every assessment: each enterprise has a new one
            assertThat(doc.get("assessmentsEmitted").asLong()).isEqualTo(replayedUnderBundled.size());
            assertThat(LiveFixture.JSON.convertValue(doc.get("transitions"), Map.class))
                    .isEqualTo(expectedTransitions());

            // the second checkpoint after the latest one now began after the re-score, and every sink flushes on it:
            // a warning the re-score raised would be in Elasticsearch by then
            int checkpointAfterRescore = checkpointNumber(world) + 1;
            LiveFixture.await("a checkpoint after the re-score", SETTLES_WITHIN,
                    () -> checkpointNumber(world) > checkpointAfterRescore);
            assertThat(warningIds(world)).as("warnings after the re-score").isEqualTo(warningsUnderBundled);

            String broken = new PublishedModels(new TreeMap<>(Map.of("base-v1.yaml", newSetFiles.get("base-v1.yaml")
                    .replace("cap: 40", "cap: forty"))), "broken", System.currentTimeMillis()).toJson();
            send(world.topicPrefix + PublishedModels.TOPIC, ModelPublisher.KEY, broken);
            LiveFixture.await("the broken set in cw-rejects", SETTLES_WITHIN,
                    () -> world.search("cw-rejects").stream().map(hit -> hit.get("_source"))
                            .anyMatch(r -> r.get("stream").asText().equals(PublishedModels.TOPIC)));
            List<JsonNode> rejected = world.search("cw-rejects").stream().map(hit -> hit.get("_source"))
                    .filter(r -> r.get("stream").asText().equals(PublishedModels.TOPIC)).toList();
            assertThat(rejected).hasSize(1);
            assertThat(rejected.get(0).get("reason").asText()).isEqualTo("INVALID_MODEL_SET");
            assertThat(rejected.get(0).get("detail").asText()).contains("base-v1.yaml:").contains("PENALTY.cap");
            LiveFixture.await("the broken set on the dead-letter topic", SETTLES_WITHIN,
                    () -> deadLetters(world).stream().anyMatch(r -> r.contains("\"stream\":\"cw.models\"")
                            && r.contains("\"reason\":\"INVALID_MODEL_SET\"")));

            String first = replayedUnderBundled.keySet().stream().sorted().findFirst().orElseThrow();
            complain(world, first, asOf + 60_000);
            awaitScoredUnderNewSet(world, first, asOf + 60_000);

            int checkpointAfterRecord = checkpointNumber(world) + 1;
            LiveFixture.await("a checkpoint after the new record", SETTLES_WITHIN,
                    () -> checkpointNumber(world) > checkpointAfterRecord);
        } finally {
            cancel(job);
        }

        // restarted with the bundled set on its command line, the job goes on with the published one in its state
        JobClient restored = LiveJob.start(world.options(world.latestCheckpoint().toUri().toString()));
        try {
            String last = replayedUnderBundled.keySet().stream().sorted().reduce((a, b) -> b).orElseThrow();
            complain(world, last, asOf + 120_000);
            awaitScoredUnderNewSet(world, last, asOf + 120_000);
            // applied again, the change would have its document rewritten with a later appliedAt
            assertThat(world.search("cw-model-changes")).singleElement()
                    .satisfies(after -> assertThat(after.get("_source").get("appliedAt"))
                            .isEqualTo(change.get().get("_source").get("appliedAt")));
        } finally {
            cancel(restored);
        }
    }

    /**
     * Cancels a job and waits until its embedded cluster is down: until then it may still write to its checkpoint
     * directory, which the next restore reads and the end of the test deletes.
     */
    private static void cancel(JobClient job) throws Exception {
        job.cancel().get();
        try {
            job.getJobExecutionResult().get();
        } catch (ExecutionException cancelled) {
            // the result of a cancelled job is its cancellation
        }
    }

    /** A substantiated complaint about an enterprise, reported at {@code reportedAt}. */
    private static void complain(LiveFixture world, String creditCode, long reportedAt) throws Exception {
        String time = OutputJson.time(reportedAt);
        send(world.topicPrefix + Stream.COMPLAINTS.topic(), creditCode, "{\"eventId\":\"com-after-publish-"
                + reportedAt + "\",\"creditCode\":\"" + creditCode + "\",\"type\":\"COMPLAINT\",\"occurredAt\":\""
                + time + "\",\"reportedAt\":\"" + time + "\",\"complaintId\":\"12315-" + reportedAt
                + "\",\"category\":\"食品安全\",\"substantiated\":true}");
    }

    /** The enterprise's latest assessment is that of the record reported at {@code reportedAt}, under the new set. */
    private static void awaitScoredUnderNewSet(LiveFixture world, String creditCode, long reportedAt)
            throws InterruptedException {
        LiveFixture.await(creditCode + " assessed at its new record", SETTLES_WITHIN, () -> {
            JsonNode doc = world.search("cw-enterprise-risk").stream()
                    .filter(hit -> hit.get("_id").asText().equals(creditCode)).findFirst().orElseThrow()
                    .get("_source");
            return doc.get("assessedAt").asText().equals(OutputJson.time(reportedAt))
                    && doc.get("modelVersion").asInt() == 2;
        });
    }

    /** Polls until {@code cw-enterprise-risk} equals the expected (class, score, model and version). */
    private static void awaitModelled(LiveFixture world, Map<String, String> expected, String what)
            throws InterruptedException {
        AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
        try {
            LiveFixture.await("cw-enterprise-risk to equal " + what, SETTLES_WITHIN, () -> {
                last.set(modelledInElasticsearch(world));
                return last.get().equals(expected);
            });
        } catch (AssertionError timeout) {
            assertThat(last.get()).as("cw-enterprise-risk after " + what).isEqualTo(expected);
        }
    }

    /** The transition matrix the switch must report: each enterprise from its class under v1 to that under v2. */
    private static Map<String, Map<String, Integer>> expectedTransitions() {
        Map<String, Map<String, Integer>> matrix = new HashMap<>();
        for (RiskClass from : RiskClass.values()) {
            Map<String, Integer> row = new HashMap<>();
            for (RiskClass to : RiskClass.values()) {
                row.put(to.name(), 0);
            }
            matrix.put(from.name(), row);
        }
        replayedUnderBundled.forEach((code, before) -> matrix.get(before.substring(0, 1))
                .merge(replayedUnderNewSet.get(code).substring(0, 1), 1, Integer::sum));
        return matrix;
    }

    private static Map<String, String> modelledOfReplay(Path output) throws IOException {
        Map<String, String> finals = new HashMap<>();
        for (String line : Files.readAllLines(output.resolve(Replay.ASSESSMENTS))) {
            JsonNode a = LiveFixture.JSON.readTree(line);
            finals.put(a.get("creditCode").asText(), describe(a));
        }
        return finals;
    }

    private static Map<String, String> modelledInElasticsearch(LiveFixture world) throws Exception {
        Map<String, String> finals = new HashMap<>();
        for (JsonNode hit : world.search("cw-enterprise-risk")) {
            finals.put(hit.get("_id").asText(), describe(hit.get("_source")));
        }
        return finals;
    }

    private static String describe(JsonNode a) {
        return a.get("riskClass").asText() + " " + a.get("score").asDouble() + " " + a.get("model").asText() + "@"
                + a.get("modelVersion").asInt();
    }

    private static Map<String, String> withVersion2(Map<String, String> described) {
        Map<String, String> renamed = new HashMap<>();
        described.forEach((code, d) -> renamed.put(code, d.replace("@1", "@2")));
        return renamed;
    }

    private static Set<String> warningIds(LiveFixture world) throws Exception {
        Set<String> ids = new HashSet<>();
        for (JsonNode hit : world.search("cw-warnings")) {
            ids.add(hit.get("_id").asText());
        }
        return ids;
    }

    private static int checkpointNumber(LiveFixture world) throws IOException {
        Path latest = world.latestCheckpoint();
        return latest == null ? 0 : Integer.parseInt(latest.getFileName().toString().substring(4));
    }

    private static String bundledText(String name) throws IOException {
        try (InputStream in = ModelPublishEndToEndITCase.class.getClassLoader().getResourceAsStream("models/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Raw text to a topic, as another system might publish it: no validation on the way. */
    private static void send(String topic, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Every message on the job's dead-letter topic so far. */
    private static List<String> deadLetters(LiveFixture world) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        List<String> messages = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            String topic = world.topicPrefix + KafkaIO.REJECTS_TOPIC;
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> messages.add(r.value()));
            }
        }
        return messages;
    }
}
