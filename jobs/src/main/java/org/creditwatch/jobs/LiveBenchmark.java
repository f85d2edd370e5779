package org.creditwatch.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.creditwatch.domain.CreditCode;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.Stream;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.engine.Warning;
import org.creditwatch.flink.Counters;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.io.elasticsearch.ElasticsearchIndices;
import org.creditwatch.io.kafka.KafkaIO;
import org.creditwatch.io.kafka.Publisher;

/**
 * {@code creditwatch benchmark-live}: on the local stack, a generated backfill read from Kafka and scored, its results
 * written to Elasticsearch, then to a discarding sink, then to a discarding sink at parallelism 1; and the end-to-end
 * latency from producing a record to its assessment being searchable. Prints figures; asserts nothing.
 */
public final class LiveBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Throughput is timed between these shares of the backfill: without the start-up and the quiet-stream tail. */
    private static final double FROM_SHARE = 0.1;
    private static final double TO_SHARE = 0.9;
    private static final Duration POLL = Duration.ofMillis(250);
    /** Ten polls at least, so that the counts' granularity stays small beside the time measured. */
    private static final Duration SHORTEST_TIMED = POLL.multipliedBy(10);
    private static final Duration GIVE_UP_WITHOUT_PROGRESS = Duration.ofMinutes(2);
    /** Beyond the time the quiet-stream rule takes to apply the last records (--idle-after plus --quiet-after). */
    private static final Duration SETTLING_MARGIN = Duration.ofSeconds(10);

    private LiveBenchmark() {}

    public record Options(Path home, Path work, int enterprises, int days, int probes, double probesPerSecond,
            LiveJob.Options job) {}

    public static void run(Options options, PrintStream out) throws Exception {
        Process stack = new ProcessBuilder(options.home().resolve("deploy/local/stack").toString(), "up")
                .inheritIO().start();
        if (stack.waitFor() != 0) {
            throw new IOException("deploy/local/stack up failed");
        }
        Path input = options.work().resolve("input");
        Generator.Stats stats = Generator.generate(new Generator.Options(options.enterprises(), options.days(), 5,
                Instant.parse("2026-06-30T04:00:00Z")), input);
        out.printf("benchmark-live: %,d records of %,d enterprises; throughput is timed from %.0f %% to %.0f %% of them"
                        + " applied%n", stats.records(), stats.enterprises(), FROM_SHARE * 100, TO_SHARE * 100);
        int parallelism = options.job().parallelism();
        String run = "bench" + System.currentTimeMillis();

        LiveJob.Options withEs = variant(options, run + "es", parallelism);
        publish(input, withEs);
        JobClient job = start(withEs, LiveJob.outputs(withEs));
        double elasticsearch;
        List<Long> latencies;
        try {
            elasticsearch = recordsPerSecond(job, stats.records());
            out.printf("Kafka → scoring → Elasticsearch, parallelism %d: %,.0f records/s%n", parallelism,
                    elasticsearch);
            awaitSettled(job, withEs);
            String history = withEs.elasticsearch().urls().get(0) + "/" + withEs.elasticsearch().indexPrefix()
                    + ElasticsearchIndices.RISK_HISTORY;
            latencies = probeLatency(options, withEs, history);
        } finally {
            finish(job, withEs, options.work());
        }
        Collections.sort(latencies);
        out.printf("latency, production → searchable: p50 %,d ms, p99 %,d ms (%d probes at %.0f/s: each waits until"
                        + " the stream is %d s of reportedAt past it, or for the quiet-stream rule after the last)%n",
                percentile(latencies, 50), percentile(latencies, 99), latencies.size(), options.probesPerSecond(),
                options.job().outOfOrderness().toSeconds());

        double discarding = discarding(options, run + "null", parallelism, input, stats.records());
        out.printf("Kafka → scoring → discarding sink, parallelism %d: %,.0f records/s%n", parallelism, discarding);
        out.printf("Elasticsearch sink / discarding sink: %.0f %%%n", 100 * elasticsearch / discarding);
        if (parallelism > 1) {
            double single = discarding(options, run + "single", 1, input, stats.records());
            out.printf("Kafka → scoring → discarding sink, parallelism 1: %,.0f records/s%n", single);
            out.printf("parallelism %d / parallelism 1: %.2f×%n", parallelism, discarding / single);
        }
    }

    private static double discarding(Options options, String name, int parallelism, Path input, long records)
            throws Exception {
        LiveJob.Options job = variant(options, name, parallelism);
        publish(input, job);
        JobClient client = start(job, discardingSinks());
        try {
            return recordsPerSecond(client, records);
        } finally {
            finish(client, job, options.work());
        }
    }

    /** The live job, on an embedded cluster whose task managers report their counts four times a second. */
    private static JobClient start(LiveJob.Options job, CreditwatchPipeline.Sinks sinks) throws Exception {
        Configuration config = LiveJob.configuration(job);
        // the counts reach the client with the task managers' heartbeats: every 10 s by default, too coarse to time
        config.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, POLL);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        LiveJob.build(env, job, sinks);
        return env.executeAsync("creditwatch benchmark");
    }

    /**
     * Fresh topics, indices and checkpoints for one run, so that runs never see each other's records, and a later
     * {@code run --restore-from latest} never finds a benchmark's checkpoint.
     */
    private static LiveJob.Options variant(Options options, String name, int parallelism) throws Exception {
        LiveJob.Options job = options.job();
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : topics(name)) {
            topics.add(new NewTopic(topic, 4, (short) 1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, job.brokers()))) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
        ElasticsearchConfig es = ElasticsearchConfig.builder(job.elasticsearch().urls()).indexPrefix(name + "-").build();
        return new LiveJob.Options(job.brokers(), name + ".", "group-" + name, es, job.models(), parallelism,
                job.checkpointInterval(), checkpoints(options.work(), name).toUri().toString(), null,
                job.outOfOrderness(), job.quietAfter(), job.idleAfter(), job.startupGrace());
    }

    private static List<String> topics(String name) {
        List<String> topics = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            topics.add(name + "." + stream.topic());
        }
        topics.add(name + "." + KafkaIO.WARNINGS_TOPIC);
        topics.add(name + "." + KafkaIO.REJECTS_TOPIC);
        return topics;
    }

    private static Path checkpoints(Path work, String name) {
        return work.resolve("checkpoints").resolve(name);
    }

    /** Ends a run and removes what it made: Elasticsearch's merges and Kafka's files would weigh on the next runs. */
    private static void finish(JobClient job, LiveJob.Options run, Path work) throws Exception {
        job.cancel().get();
        String name = run.topicPrefix().substring(0, run.topicPrefix().length() - 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, run.brokers()))) {
            admin.deleteTopics(topics(name)).all().get(30, TimeUnit.SECONDS);
        }
        deleteIndices(run.elasticsearch());
        Replay.deleteRecursively(checkpoints(work, name));
    }

    private static void publish(Path input, LiveJob.Options job) throws Exception {
        Publisher.publish(Replay.inputFiles(input), job.brokers(), job.topicPrefix(), 0, n -> {});
    }

    /**
     * Records per second while the job applies the backfill, timed from {@link #FROM_SHARE} to {@link #TO_SHARE} of
     * {@code records} applied (or rejected, or found to be duplicates); with backpressure, applying keeps the pace of
     * the slowest sink.
     */
    private static double recordsPerSecond(JobClient job, long records) throws InterruptedException {
        long from = 0;
        long doneAtFrom = 0;
        long last = -1;
        long progressedAt = System.nanoTime();
        while (true) {
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            Map<String, Object> counts = accumulators(job);
            long done = count(counts, Counters.APPLIED) + count(counts, Counters.DUPLICATES)
                    + count(counts, Counters.REJECTED);
            long now = System.nanoTime();
            if (from == 0 && done >= FROM_SHARE * records) {
                from = now;
                doneAtFrom = done;
            }
            if (done >= TO_SHARE * records) {
                if (now - from < SHORTEST_TIMED.toNanos()) {
                    throw new IllegalArgumentException("the backfill was applied in under "
                            + SHORTEST_TIMED.toMillis() + " ms, too fast to time: give it more --enterprises");
                }
                return (done - doneAtFrom) / ((now - from) / 1e9);
            }
            if (done != last) {
                last = done;
                progressedAt = now;
            } else if (now - progressedAt > GIVE_UP_WITHOUT_PROGRESS.toNanos()) {
                throw new IllegalStateException("the job has applied " + done + " of " + records
                        + " records and made no progress for " + GIVE_UP_WITHOUT_PROGRESS.toSeconds() + " s");
            }
        }
    }

    /** Until the backfill's last records are applied: latency is timed on a job that keeps up. */
    private static void awaitSettled(JobClient job, LiveJob.Options options) throws InterruptedException {
        long settledAfter = options.idleAfter().plus(options.quietAfter()).plus(SETTLING_MARGIN).toNanos();
        long last = -1;
        long progressedAt = System.nanoTime();
        while (System.nanoTime() - progressedAt < settledAfter) {
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            long applied = count(accumulators(job), Counters.APPLIED);
            if (applied != last) {
                last = applied;
                progressedAt = System.nanoTime();
            }
        }
    }

    /** Records of enterprises never seen before, each assessed on arrival; the time until its assessment is found. */
    private static List<Long> probeLatency(Options options, LiveJob.Options job, String history) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    List<String> pending = new ArrayList<>(sentAt.keySet());
                    if (!pending.isEmpty()) {
                        for (String found : findCodes(history, pending)) {
                            Long sent = sentAt.remove(found);
                            if (sent != null) {
                                latencies.add((System.nanoTime() - sent) / 1_000_000);
                            }
                        }
                    }
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // Elasticsearch busy: the next poll counts the wait
                }
            }
        });
        poller.start();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, job.brokers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < options.probes(); i++) {
                String first17 = String.format("9115019%010d", i);
                String code = first17 + CreditCode.checkCharacterOf(first17);
                String now = OffsetDateTime.now(ZoneOffset.ofHours(8)).toString();
                String record = "{\"eventId\":\"probe-" + i + "\",\"creditCode\":\"" + code + "\",\"type\":\"PENALTY\","
                        + "\"occurredAt\":\"" + now + "\",\"reportedAt\":\"" + now + "\",\"decisionNo\":\"p" + i
                        + "\",\"severity\":\"MAJOR\"}";
                sentAt.put(code, System.nanoTime());
                producer.send(new ProducerRecord<>(job.topicPrefix() + Stream.CREDIT_RECORDS.topic(), code, record));
                TimeUnit.MICROSECONDS.sleep((long) (1e6 / options.probesPerSecond()));
            }
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sentAt.isEmpty() && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        poller.interrupt();
        poller.join();
        return new ArrayList<>(latencies);
    }

    private static List<String> findCodes(String history, List<String> codes) throws Exception {
        String terms = codes.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
        JsonNode response = post(history + "/_search?filter_path=hits.hits._source.creditCode",
                "{\"size\":10000,\"_source\":[\"creditCode\"],\"query\":{\"terms\":{\"creditCode\":[" + terms + "]}}}");
        List<String> found = new ArrayList<>();
        if (response != null) {
            response.path("hits").path("hits").forEach(h -> found.add(h.path("_source").path("creditCode").asText()));
        }
        return found;
    }

    private static Map<String, Object> accumulators(JobClient job) {
        try {
            return job.getAccumulators().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static long count(Map<String, Object> counts, String name) {
        Object value = counts.get(name);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** By name: a cluster may refuse wildcards in deletions ({@code action.destructive_requires_name}). */
    private static void deleteIndices(ElasticsearchConfig es) throws Exception {
        String indices = List.of(ElasticsearchIndices.ENTERPRISE_RISK, ElasticsearchIndices.RISK_HISTORY,
                        ElasticsearchIndices.WARNINGS, ElasticsearchIndices.REJECTS,
                        ElasticsearchIndices.INSPECTION_OUTCOMES, ElasticsearchIndices.MODEL_CHANGES).stream()
                .map(index -> es.indexPrefix() + index).collect(Collectors.joining(","));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                        es.urls().get(0) + "/" + indices + "?ignore_unavailable=true")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("could not delete the benchmark's indices: " + response.body());
        }
    }

    private static JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    /** Every output into a sink that discards it: the benchmarks' measure of the pipeline without its outputs. */
    static CreditwatchPipeline.Sinks discardingSinks() {
        return new CreditwatchPipeline.Sinks() {
            @Override
            public void assessments(DataStream<Assessment> assessments) {
                assessments.sinkTo(new DiscardingSink<>()).uid("discard-assessments").name("Discard assessments");
            }

            @Override
            public void warnings(DataStream<Warning> warnings) {
                warnings.sinkTo(new DiscardingSink<>()).uid("discard-warnings").name("Discard warnings");
            }

            @Override
            public void rejects(DataStream<Reject> rejects) {
                rejects.sinkTo(new DiscardingSink<>()).uid("discard-rejects").name("Discard rejects");
            }

            @Override
            public void outcomes(DataStream<InspectionOutcome> outcomes) {
                outcomes.sinkTo(new DiscardingSink<>()).uid("discard-outcomes").name("Discard outcomes");
            }

            @Override
            public void modelChanges(DataStream<ModelChange> changes) {
                changes.sinkTo(new DiscardingSink<>()).uid("discard-model-changes").name("Discard model changes");
            }
        };
    }
}
