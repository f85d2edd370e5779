package org.creditwatch.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.Stream;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.engine.Warning;
import org.creditwatch.flink.Counters;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.kafka.KafkaIO;
import org.creditwatch.io.kafka.KafkaClientConfig;
import org.creditwatch.io.kafka.ModelPublisher;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.PublishedModels;

/**
 * {@code creditwatch benchmark-rescore}: how long the live job takes to re-score every enterprise in its RocksDB
 * state when a model set is published (spec §12). Generated records of N enterprises go through the live pipeline
 * from bounded file sources into RocksDB state (timers in RocksDB too, as live); the model input is the real
 * {@code cw.models} topic of the broker. Once every record is applied, a set that changes weights and versions (so
 * that every enterprise gets a new assessment: the worst case) is published, then another; the time runs from each
 * one's publication to the instant the last instance of the engine has re-scored its enterprises
 * ({@link ModelChange#appliedAt}).
 * Assessments go to a discarding sink. A measurement, not a test: nothing here asserts a figure.
 */
public final class RescoreBenchmark {
    private static final Duration LOADS_WITHIN = Duration.ofHours(2);
    private static final Duration RESCORES_WITHIN = Duration.ofHours(1);
    /**
     * The CPU time of this JVM (the embedded cluster's threads, RocksDB's included): on a machine shared with other
     * work the wall-clock figure says as much about the neighbours as about the job.
     */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** @param retainMs the least time state keeps a time-bound record ({@code run --retain}) */
    public record Options(int enterprises, int days, long seed, Instant end, int parallelism, long retainMs,
            String brokers, Path work) {}

    private RescoreBenchmark() {}

    public static void run(Options options, PrintStream out) throws Exception {
        Path input = options.work().resolve("input");
        Generator.Stats stats = Generator.generate(new Generator.Options(options.enterprises(), options.days(),
                options.seed(), options.end()), input);
        out.printf("benchmark-rescore: generated %,d records of %,d enterprises (%d days) into %s%n", stats.records(),
                stats.enterprises(), options.days(), input);

        String topicPrefix = "benchmark-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        // made before the job starts, so that the job reads it from the first poll, not after partition discovery
        ModelPublisher.createTopic(options.brokers(), topicPrefix + PublishedModels.TOPIC, KafkaClientConfig.NONE);
        CreditwatchPipeline.Sources kafka = KafkaIO.sources(options.brokers(), topicPrefix + "group", topicPrefix,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, RecordParser.DEFAULT_MAX_CLOCK_SKEW_MS, KafkaClientConfig.NONE);
        CreditwatchPipeline.Sources files = Replay.fileSources(Replay.inputFiles(input));
        CreditwatchPipeline.Sources sources = new CreditwatchPipeline.Sources() {
            @Override
            public Map<Stream, DataStream<String>> attach(StreamExecutionEnvironment env) {
                return files.attach(env);
            }

            @Override
            public DataStream<String> models(StreamExecutionEnvironment env) {
                return kafka.models(env);
            }
        };
        Configuration config = LocalFlink.configuration(options.parallelism());
        config.set(RocksDBOptions.LOCAL_DIRECTORIES, options.work().resolve("rocksdb").toString());
        // the load is over when the counters say so; they travel with the heartbeats
        config.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(),
                config);
        DiscardingOutputs sinks = new DiscardingOutputs();
        // bounded file input: every record is applied when the files end, at the horizon, as in replay
        CreditwatchPipeline.build(env, sources, sinks, null, new CreditwatchPipeline.Settings(ModelSet.bundled(),
                options.retainMs(), RecordParser.DEFAULT_MAX_CLOCK_SKEW_MS, null, options.end().toEpochMilli()));

        long started = System.nanoTime();
        JobClient job = env.executeAsync("creditwatch benchmark-rescore");
        try {
            Map<String, Long> loaded = awaitLoaded(job, stats.records());
            long enterprises = loaded.getOrDefault(Counters.ENTERPRISES_IN_STATE, 0L);
            out.printf("load:       %,d records applied, %,d enterprises in RocksDB state (%,.0f bytes each, encoded)"
                    + " in %.1f s%n", loaded.getOrDefault(Counters.APPLIED, 0L), enterprises,
                    loaded.getOrDefault(Counters.STATE_BYTES, 0L) / (double) Math.max(1, enterprises),
                    (System.nanoTime() - started) / 1e9);

            // the first right after the backfill, while RocksDB still compacts what the load wrote; the second on
            // state that has settled, as a job's that has run a while
            for (int version = 2; version <= 3; version++) {
                PublishedModels set = new PublishedModels(heavierWeights(version), "benchmark-rescore",
                        System.currentTimeMillis());
                long publishing = System.nanoTime();
                long cpuBefore = PROCESS.getProcessCpuTime();
                ModelPublisher.publish(set, options.brokers(), topicPrefix, KafkaClientConfig.NONE);
                CompletableFuture<ModelChange> applied = CompletableFuture.supplyAsync(() -> sinks.changes.next());
                ModelChange change = applied.get(RESCORES_WITHIN.toSeconds(), TimeUnit.SECONDS);
                double seen = (System.nanoTime() - publishing) / 1e9;
                double cpu = (PROCESS.getProcessCpuTime() - cpuBefore) / 1e9;
                double rescore = (change.appliedAt - change.publishedAt) / 1000.0;
                out.printf("rescore %d:  %,d enterprises re-scored, %,d assessments emitted, at parallelism %d: %.1f s"
                        + " from publication to the last instance done (%,.0f enterprises/s); the change seen %.1f s"
                        + " after publication, using %.1f s of CPU%n", version - 1, change.enterprisesRescored,
                        change.assessmentsEmitted, options.parallelism(), rescore,
                        change.enterprisesRescored / Math.max(0.001, rescore), seen, cpu);
            }
        } finally {
            job.cancel().get();
            sinks.changes.close();
        }
    }

    /** Polls the job's counters until every record read has been applied, skipped or rejected. */
    private static Map<String, Long> awaitLoaded(JobClient job, long records) throws Exception {
        long until = System.nanoTime() + LOADS_WITHIN.toNanos();
        while (System.nanoTime() < until) {
            Map<String, Long> counters = new HashMap<>();
            job.getAccumulators().get().forEach((name, value) -> counters.put(name, ((Number) value).longValue()));
            long done = counters.getOrDefault(Counters.APPLIED, 0L) + counters.getOrDefault(Counters.DUPLICATES, 0L)
                    + counters.getOrDefault(Counters.REJECTED, 0L) + counters.getOrDefault(Counters.AFTER_AS_OF, 0L);
            if (done >= records) {
                return counters;
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the job ended before every record was applied: "
                        + job.getJobStatus().get());
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the records were not all applied within " + LOADS_WITHIN);
    }

    /**
     * The bundled models at a new version, with penalties and complaints weighed more the higher it is: every
     * assessment changes.
     */
    private static SortedMap<String, String> heavierWeights(int version) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("base-v1.yaml", bundled("base-v1.yaml").replace("version: 1", "version: " + version)
                .replace("  PENALTY:\n", "  PENALTY:\n    weight: " + (1.0 + version / 5.0) + "\n")
                .replace("  COMPLAINT:\n", "  COMPLAINT:\n    weight: " + version + ".0\n"));
        files.put("online-food-v1.yaml", bundled("online-food-v1.yaml").replace("version: 1", "version: " + version));
        return files;
    }

    private static String bundled(String name) throws IOException {
        try (InputStream in = RescoreBenchmark.class.getClassLoader().getResourceAsStream("models/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Everything discarded but the model changes, which the benchmark reads as they come. */
    private static final class DiscardingOutputs implements CreditwatchPipeline.Sinks {
        private final CreditwatchPipeline.Sinks discarding = LiveBenchmark.discardingSinks();
        CloseableIterator<ModelChange> changes;

        @Override
        public void assessments(DataStream<Assessment> assessments) {
            discarding.assessments(assessments);
        }

        @Override
        public void warnings(DataStream<Warning> warnings) {
            discarding.warnings(warnings);
        }

        @Override
        public void rejects(DataStream<Reject> rejects) {
            discarding.rejects(rejects);
        }

        @Override
        public void outcomes(DataStream<InspectionOutcome> outcomes) {
            discarding.outcomes(outcomes);
        }

        @Override
        public void modelChanges(DataStream<ModelChange> modelChanges) {
            changes = modelChanges.collectAsync();
        }
    }
}
