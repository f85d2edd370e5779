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
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
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
import org.creditwatch.io.kafka.KafkaIO;
import org.creditwatch.io.kafka.Publisher;

/**
 * {@code creditwatch benchmark-live}: on the local stack, a generated backfill read from Kafka, scored and written to
 * Elasticsearch; the same pipeline with a discarding sink; and the end-to-end latency from producing a record to
 * its assessment being searchable. Prints figures; asserts nothing.
 */
public final class LiveBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final double SHARE_MEASURED = 0.99;

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
        out.printf("benchmark-live: %,d records of %,d enterprises%n", stats.records(), stats.enterprises());

        String run = "bench" + System.currentTimeMillis();
        LiveJob.Options withEs = variant(options.job(), run + "es");
        publish(input, withEs);
        long started = System.nanoTime();
        JobClient job = LiveJob.start(withEs);
        String history = withEs.elasticsearch().urls().get(0) + "/" + withEs.elasticsearch().indexPrefix()
                + "cw-risk-history";
        double seconds = secondsToFinish(() -> count(history), () -> accumulator(job, Counters.ASSESSMENTS), started);
        out.printf("Kafka → scoring → Elasticsearch: %,.0f records/s (%.1f s for %.0f %% of %,d records)%n",
                SHARE_MEASURED * stats.records() / seconds, seconds, SHARE_MEASURED * 100, stats.records());
        List<Long> latencies = probeLatency(options, withEs, history);
        job.cancel().get();
        Collections.sort(latencies);
        out.printf("latency, production → searchable: p50 %,d ms, p99 %,d ms (%d probes at %.0f/s: each waits until"
                        + " the stream is %d s of reportedAt past it, or for the quiet-stream rule after the last)%n",
                percentile(latencies, 50), percentile(latencies, 99), latencies.size(), options.probesPerSecond(),
                options.job().outOfOrderness().toSeconds());

        LiveJob.Options discarding = variant(options.job(), run + "null");
        publish(input, discarding);
        started = System.nanoTime();
        JobClient discarded = LiveJob.start(discarding, discardingSinks());
        double discardSeconds = secondsToFinish(() -> accumulator(discarded, Counters.APPLIED)
                        + accumulator(discarded, Counters.DUPLICATES) + accumulator(discarded, Counters.REJECTED),
                () -> stats.records(), started);
        discarded.cancel().get();
        out.printf("Kafka → scoring → discarding sink: %,.0f records/s (%.1f s)%n",
                SHARE_MEASURED * stats.records() / discardSeconds, discardSeconds);
    }

    /** Fresh topics and indices for one run, so runs never see each other's records. */
    private static LiveJob.Options variant(LiveJob.Options job, String name) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            topics.add(new NewTopic(name + "." + stream.topic(), 4, (short) 1));
        }
        topics.add(new NewTopic(name + "." + KafkaIO.WARNINGS_TOPIC, 4, (short) 1));
        topics.add(new NewTopic(name + "." + KafkaIO.REJECTS_TOPIC, 4, (short) 1));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, job.brokers()))) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
        ElasticsearchConfig es = ElasticsearchConfig.builder(job.elasticsearch().urls()).indexPrefix(name + "-").build();
        return new LiveJob.Options(job.brokers(), name + ".", "group-" + name, es, job.models(), job.parallelism(),
                job.checkpointInterval(), job.checkpointDir(), null, job.outOfOrderness(), job.quietAfter(),
                job.idleAfter(), job.startupGrace());
    }

    private static void publish(Path input, LiveJob.Options job) throws Exception {
        Publisher.publish(Replay.inputFiles(input), job.brokers(), job.topicPrefix(), 0, n -> {});
    }

    /**
     * Seconds from {@code started} until {@code progress} reaches 99 % of {@code total} as it stands once the job has
     * settled: the last records of a backfill wait for the quiet-stream rule, which is not throughput.
     */
    private static double secondsToFinish(LongSupplier progress, LongSupplier total, long started)
            throws InterruptedException {
        long reachedAt = 0;
        long last = -1;
        long stableSince = System.nanoTime();
        while (true) {
            TimeUnit.MILLISECONDS.sleep(200);
            long now = progress.getAsLong();
            if (reachedAt == 0 && now > 0 && now >= SHARE_MEASURED * total.getAsLong()) {
                reachedAt = System.nanoTime();
            }
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (reachedAt != 0 && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(30)) {
                if (now >= SHARE_MEASURED * total.getAsLong()) {
                    return (reachedAt - started) / 1e9;
                }
                reachedAt = 0;
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

    private static long count(String index) {
        try {
            JsonNode response = post(index + "/_count", "{}");
            return response == null ? 0 : response.path("count").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    private static long accumulator(JobClient job, String name) {
        try {
            Object value = job.getAccumulators().get(10, TimeUnit.SECONDS).get(name);
            return value == null ? 0 : ((Number) value).longValue();
        } catch (Exception e) {
            return 0;
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
