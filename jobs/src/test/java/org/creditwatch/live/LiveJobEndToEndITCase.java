package org.creditwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.creditwatch.domain.Stream;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.kafka.KafkaIO;
import org.creditwatch.io.kafka.Publisher;
import org.creditwatch.jobs.LiveJob;
import org.creditwatch.jobs.Replay;
import org.creditwatch.model.ModelSet;
import org.creditwatch.stack.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job against the real Kafka broker and Elasticsearch of the local stack: its final
 * {@code cw-enterprise-risk} equals replay's answer for the same records, enterprise by enterprise (class, score,
 * sequence), also across a cancel and restore from a checkpoint, a SIGKILL of the command line and its restart, an
 * Elasticsearch outage and bad messages.
 */
@ExtendWith(LocalStack.class)
class LiveJobEndToEndITCase {
    static final Instant GENERATED_UNTIL = Instant.parse("2026-06-30T04:00:00Z");
    static final Duration SETTLES_WITHIN = Duration.ofMinutes(4);

    @TempDir
    static Path work;
    static Path input;
    static Map<String, String> replayed;
    static long bad;
    /** Records generated: the mid-stream tests publish them at a rate that spreads them over a fixed time. */
    static long records;

    @BeforeAll
    static void generateAndReplay() throws Exception {
        input = work.resolve("input");
        Generator.Stats stats = Generator.generate(new Generator.Options(300, 365, 3, GENERATED_UNTIL), input);
        bad = stats.planted().get("BAD_RECORDS");
        records = stats.records();
        Replay.run(new Replay.Options(input, work.resolve("replay"), null, ModelSet.bundled(), 2));
        replayed = LiveFixture.finalsOfReplay(work.resolve("replay"));
    }

    private static void publish(LiveFixture world, double perSecond) throws Exception {
        long published = Publisher.publish(Replay.inputFiles(input), LocalStack.kafkaBootstrap(), world.topicPrefix,
                perSecond, n -> {});
        assertThat(world.recordsInInputTopics()).as("records in Kafka").isGreaterThanOrEqualTo(published);
    }

    private static CompletableFuture<Void> publishInBackground(LiveFixture world, double perSecond) {
        return CompletableFuture.runAsync(() -> {
            try {
                publish(world, perSecond);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitReplayedState(LiveFixture world, JobClient job) throws Exception {
        awaitReplayedState(world, () -> "the job's counters: " + job.getAccumulators().get());
    }

    private static void awaitReplayedState(LiveFixture world, Callable<String> context) throws Exception {
        AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
        try {
            LiveFixture.await("cw-enterprise-risk to equal the replay", SETTLES_WITHIN, () -> {
                last.set(world.finalsInElasticsearch());
                return last.get().equals(replayed);
            });
        } catch (AssertionError timeout) {
            assertThat(last.get()).as("cw-enterprise-risk; %s", context.call()).isEqualTo(replayed);
        }
    }

    /**
     * Nothing lost on the way: every bad record is in {@code cw-rejects}, and {@code cw-risk-history} holds every
     * assessment (sequence 1 to the final one) of every enterprise. Polled, because after an outage some operations
     * may still wait for their retry when the latest states already agree.
     */
    private static void awaitEveryRejectAndAssessment(LiveFixture world) throws Exception {
        Map<String, Long> expectedHistory = new HashMap<>();
        replayed.forEach((code, last) -> expectedHistory.put(code, Long.parseLong(last.substring(last.indexOf('#') + 1))));
        AtomicReference<String> seen = new AtomicReference<>("nothing read");
        try {
            LiveFixture.await("every reject and assessment in Elasticsearch", SETTLES_WITHIN, () -> {
                int rejects = world.search("cw-rejects").size();
                Map<String, Long> history = world.historyPerEnterprise();
                seen.set(rejects + " rejects, " + history.values().stream().mapToLong(Long::longValue).sum()
                        + " history documents");
                return rejects == bad && history.equals(expectedHistory);
            });
        } catch (AssertionError timeout) {
            assertThat(world.search("cw-rejects")).as(seen.get()).hasSize((int) bad);
            assertThat(world.historyPerEnterprise()).as(seen.get()).isEqualTo(expectedHistory);
        }
    }

    @Test
    void liveEqualsReplay() throws Exception {
        LiveFixture world = new LiveFixture(work);
        publish(world, 0);
        JobClient job = LiveJob.start(world.options(null));
        try {
            awaitReplayedState(world, job);
            awaitEveryRejectAndAssessment(world);
            assertThat(world.search("cw-warnings")).isNotEmpty();
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void cancelledMidStreamAndRestoredFromTheLastCheckpoint() throws Exception {
        LiveFixture world = new LiveFixture(work);
        CompletableFuture<Void> producing = publishInBackground(world, records / 15.0);
        JobClient first = LiveJob.start(world.options(null));
        LiveFixture.await("a checkpoint with some enterprises assessed", SETTLES_WITHIN,
                () -> world.latestCheckpoint() != null && world.finalsInElasticsearch().size() > 20);
        first.cancel().get();
        assertThat(producing).as("cancelled mid-stream").isNotDone();
        Path checkpoint = world.latestCheckpoint();
        JobClient second = LiveJob.start(world.options(checkpoint.toUri().toString()));
        try {
            producing.get();
            awaitReplayedState(world, second);
        } finally {
            second.cancel().get();
        }
    }

    /**
     * The command line as a supervisor runs it: killed with SIGKILL mid-stream, started again with the same arguments
     * ({@code --restore-from latest}), it goes on from the newest checkpoint; a record from the year 9999 then is a
     * reject and moves no enterprise's clock.
     */
    @Test
    void killedMidStreamAndRestartedFromTheNewestCheckpointThenAFutureRecordIsRejected() throws Exception {
        LiveFixture world = new LiveFixture(work);
        List<String> command = world.runArguments("--restore-from", "latest");
        // slower than in-process: a JVM of its own starts before it reads
        CompletableFuture<Void> producing = publishInBackground(world, records / 60.0);
        Process first = CommandLine.start(command, work.resolve("first-run.log"));
        LiveFixture.await("a checkpoint with some enterprises assessed", SETTLES_WITHIN,
                () -> world.latestCheckpoint() != null && world.finalsInElasticsearch().size() > 20);
        first.destroyForcibly().waitFor();
        assertThat(!producing.isDone() || !world.finalsInElasticsearch().equals(replayed))
                .as("killed mid-stream: records still coming or not all applied").isTrue();

        Path secondLog = work.resolve("second-run.log");
        Process second = CommandLine.start(command, secondLog);
        try {
            LiveFixture.await("the restart to name the checkpoint it restores", Duration.ofMinutes(1),
                    () -> Files.readString(secondLog).contains("restored from "));
            producing.get();
            awaitReplayedState(world, () -> Files.readString(secondLog));

            publishFutureRecord(world);
            LiveFixture.await("the future record in cw-rejects", SETTLES_WITHIN, () -> world.search("cw-rejects")
                    .stream().anyMatch(d -> d.get("_source").get("reason").asText().equals("FUTURE_REPORTED_AT")));
            assertThat(world.search("cw-rejects")).hasSize((int) bad + 1);
            assertThat(world.finalsInElasticsearch()).isEqualTo(replayed);
            assertThat(second.isAlive()).as("still running: %s", Files.readString(secondLog)).isTrue();
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    /** One of the input's credit records again, as a new event reported in the year 9999. */
    private static void publishFutureRecord(LiveFixture world) throws Exception {
        Path file = Replay.inputFiles(input).get(Stream.CREDIT_RECORDS);
        ObjectNode record = (ObjectNode) LiveFixture.JSON.readTree(Files.readAllLines(file).get(0));
        record.put("eventId", "from-the-year-9999");
        record.put("reportedAt", "9999-01-01T00:00:00+08:00");
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(world.topicPrefix + Stream.CREDIT_RECORDS.topic(),
                    record.get("creditCode").asText(), record.toString())).get();
        }
    }

    @Test
    void holdsWhileElasticsearchIsDownAndCatchesUp() throws Exception {
        LiveFixture world = new LiveFixture(work);
        CompletableFuture<Void> producing = publishInBackground(world, records / 15.0);
        JobClient job = LiveJob.start(world.options(null));
        try {
            LiveFixture.await("some enterprises assessed", SETTLES_WITHIN,
                    () -> world.finalsInElasticsearch().size() > 20);
            LocalStack.stopElasticsearch();
            Thread.sleep(30_000); // the outage itself, not a synchronisation
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job alive during outage").isFalse();
            LocalStack.startElasticsearch();
            producing.get();
            awaitReplayedState(world, job);
            awaitEveryRejectAndAssessment(world);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void rejectsMalformedAndOversizedMessagesOnEveryTopicAndKeepsRunning() throws Exception {
        LiveFixture world = new LiveFixture(work);
        JobClient job = LiveJob.start(world.options(null));
        try {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(KafkaIO.MAX_MESSAGE_BYTES));
            String oversized = "{\"eventId\":\"big\",\"filler\":\"" + "x".repeat(1_100_000) + "\"}";
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                for (Stream stream : Stream.values()) {
                    String topic = world.topicPrefix + stream.topic();
                    producer.send(new ProducerRecord<>(topic, "k", "{not json"));
                    producer.send(new ProducerRecord<>(topic, "k", oversized));
                    producer.send(new ProducerRecord<>(topic, null, new String(new byte[] {(byte) 0xC3, 0x28},
                            StandardCharsets.ISO_8859_1)));
                }
            }
            publish(world, 0);
            LiveFixture.await("every bad message in cw-rejects", SETTLES_WITHIN,
                    () -> world.search("cw-rejects").size() == bad + 3 * Stream.values().length);
            Map<String, Long> byReason = new HashMap<>();
            for (JsonNode doc : world.search("cw-rejects")) {
                byReason.merge(doc.get("_source").get("reason").asText(), 1L, Long::sum);
            }
            assertThat(byReason.get("TOO_LARGE")).isEqualTo(Stream.values().length);
            awaitReplayedState(world, job);
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
        } finally {
            job.cancel().get();
        }
    }
}
