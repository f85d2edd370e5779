package org.creditwatch.jobs;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.engine.Warning;
import org.creditwatch.io.OutputJson;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.io.elasticsearch.ElasticsearchEmitters;
import org.creditwatch.io.elasticsearch.ElasticsearchSink;
import org.creditwatch.io.kafka.KafkaClientConfig;
import org.creditwatch.io.kafka.KafkaIO;
import org.creditwatch.model.ModelSet;

/**
 * {@code creditwatch run}, and the job a cluster runs: the five Kafka topics in; assessments, warnings and rejects
 * out to Elasticsearch, warnings and rejects also to Kafka. Exactly the replay's pipeline and functions.
 */
public final class LiveJob {
    /**
     * Everything the live job is told; credentials stay inside the Elasticsearch config and the Kafka client settings
     * ({@link KafkaClientConfig}), which are never printed.
     */
    public record Options(String brokers, String topicPrefix, String groupId, ElasticsearchConfig elasticsearch,
            ModelSet models, int parallelism, Duration checkpointInterval, String checkpointDir, String restoreFrom,
            Duration outOfOrderness, Duration quietAfter, Duration idleAfter, Duration startupGrace, long retainMs,
            long maxClockSkewMs, KafkaClientConfig kafkaClient) {
        /** With a plaintext, unauthenticated Kafka client. */
        public Options(String brokers, String topicPrefix, String groupId, ElasticsearchConfig elasticsearch,
                ModelSet models, int parallelism, Duration checkpointInterval, String checkpointDir,
                String restoreFrom, Duration outOfOrderness, Duration quietAfter, Duration idleAfter,
                Duration startupGrace, long retainMs, long maxClockSkewMs) {
            this(brokers, topicPrefix, groupId, elasticsearch, models, parallelism, checkpointInterval, checkpointDir,
                    restoreFrom, outOfOrderness, quietAfter, idleAfter, startupGrace, retainMs, maxClockSkewMs,
                    KafkaClientConfig.NONE);
        }

        /** With the default retention (the models' own spans) and clock skew (one hour). */
        public Options(String brokers, String topicPrefix, String groupId, ElasticsearchConfig elasticsearch,
                ModelSet models, int parallelism, Duration checkpointInterval, String checkpointDir,
                String restoreFrom, Duration outOfOrderness, Duration quietAfter, Duration idleAfter,
                Duration startupGrace) {
            this(brokers, topicPrefix, groupId, elasticsearch, models, parallelism, checkpointInterval, checkpointDir,
                    restoreFrom, outOfOrderness, quietAfter, idleAfter, startupGrace, 0,
                    RecordParser.DEFAULT_MAX_CLOCK_SKEW_MS);
        }

        /** A copy whose Kafka clients use these settings. */
        public Options withKafkaClient(KafkaClientConfig settings) {
            return new Options(brokers, topicPrefix, groupId, elasticsearch, models, parallelism, checkpointInterval,
                    checkpointDir, restoreFrom, outOfOrderness, quietAfter, idleAfter, startupGrace, retainMs,
                    maxClockSkewMs, settings);
        }
    }

    static final int RESTARTS_BEFORE_GIVING_UP = 10;

    private LiveJob() {}

    /** The configuration of the job's environment: RocksDB, incremental retained checkpoints, restarts. */
    static Configuration configuration(Options options) {
        Configuration config = LocalFlink.configuration(options.parallelism());
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval());
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.checkpointDir());
        config.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        config.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // a checkpoint cannot complete while Elasticsearch is down (the sink's flush waits): that is backpressure,
        // not a reason to restart the job
        config.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, Integer.MAX_VALUE);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        // a job that keeps failing gives up (`run` then exits non-zero with the cause) so that whatever supervises
        // it restarts the process, with --restore-from latest; an hour without a failure starts the count anew
        config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTARTS_BEFORE_GIVING_UP);
        // enterprises in state and state bytes (spec §14): RocksDB's own figures, per state, as metrics
        config.set(RocksDBNativeMetricOptions.ESTIMATE_NUM_KEYS, true);
        config.set(RocksDBNativeMetricOptions.ESTIMATE_LIVE_DATA_SIZE, true);
        config.set(RocksDBNativeMetricOptions.MONITOR_TOTAL_SST_FILES_SIZE, true);
        return config;
    }

    /** Builds the job into an environment made from {@link #configuration}, with the given sinks. */
    static void build(StreamExecutionEnvironment env, Options options, CreditwatchPipeline.Sinks sinks) {
        CreditwatchPipeline.build(env,
                KafkaIO.sources(options.brokers(), options.groupId(), options.topicPrefix(), options.outOfOrderness(),
                        options.idleAfter(), options.startupGrace(), options.maxClockSkewMs(), options.kafkaClient()),
                sinks, options.quietAfter(), new CreditwatchPipeline.Settings(options.models(), options.retainMs(),
                        options.maxClockSkewMs(), null, Long.MAX_VALUE));
    }

    /** Elasticsearch for everything; Kafka for warnings and rejects (spec §8). */
    public static CreditwatchPipeline.Sinks outputs(Options options) {
        String brokers = options.brokers();
        KafkaClientConfig kafka = options.kafkaClient();
        String prefix = options.topicPrefix();
        CreditwatchPipeline.Sinks elasticsearch = elasticsearch(options.elasticsearch());
        return new CreditwatchPipeline.Sinks() {
            @Override
            public void assessments(DataStream<Assessment> assessments) {
                elasticsearch.assessments(assessments);
            }

            @Override
            public void warnings(DataStream<Warning> warnings) {
                elasticsearch.warnings(warnings);
                warnings.sinkTo(KafkaIO.sink(brokers, kafka, prefix + KafkaIO.WARNINGS_TOPIC,
                                prefix + KafkaIO.REJECTS_TOPIC,
                                w -> w.creditCode != null ? w.creditCode : w.regionCode + "|" + w.industry,
                                OutputJson::warning))
                        .uid("kafka-warnings").name("Kafka " + KafkaIO.WARNINGS_TOPIC);
            }

            @Override
            public void rejects(DataStream<Reject> rejects) {
                elasticsearch.rejects(rejects);
                rejects.sinkTo(KafkaIO.sink(brokers, kafka, prefix + KafkaIO.REJECTS_TOPIC,
                                prefix + KafkaIO.REJECTS_TOPIC,
                                r -> r.stream, OutputJson::reject))
                        .uid("kafka-rejects").name("Kafka " + KafkaIO.REJECTS_TOPIC);
            }

            @Override
            public void outcomes(DataStream<InspectionOutcome> outcomes) {
                elasticsearch.outcomes(outcomes);
            }

            @Override
            public void modelChanges(DataStream<ModelChange> changes) {
                elasticsearch.modelChanges(changes);
            }
        };
    }

    /** Every output into its Elasticsearch index (spec §8). */
    public static CreditwatchPipeline.Sinks elasticsearch(ElasticsearchConfig es) {
        String indexPrefix = es.indexPrefix();
        return new CreditwatchPipeline.Sinks() {
            @Override
            public void assessments(DataStream<Assessment> assessments) {
                assessments.sinkTo(new ElasticsearchSink<>(es, ElasticsearchEmitters.assessments(indexPrefix)))
                        .uid("es-assessments").name("Elasticsearch assessments");
            }

            @Override
            public void warnings(DataStream<Warning> warnings) {
                warnings.sinkTo(new ElasticsearchSink<>(es, ElasticsearchEmitters.warnings(indexPrefix)))
                        .uid("es-warnings").name("Elasticsearch warnings");
            }

            @Override
            public void rejects(DataStream<Reject> rejects) {
                rejects.sinkTo(new ElasticsearchSink<>(es, ElasticsearchEmitters.rejects(indexPrefix)))
                        .uid("es-rejects").name("Elasticsearch rejects");
            }

            @Override
            public void outcomes(DataStream<InspectionOutcome> outcomes) {
                outcomes.sinkTo(new ElasticsearchSink<>(es, ElasticsearchEmitters.outcomes(indexPrefix)))
                        .uid("es-outcomes").name("Elasticsearch inspection outcomes");
            }

            @Override
            public void modelChanges(DataStream<ModelChange> changes) {
                changes.sinkTo(new ElasticsearchSink<>(es, ElasticsearchEmitters.modelChanges(indexPrefix)))
                        .uid("es-model-changes").name("Elasticsearch model changes");
            }
        };
    }

    /** Starts the job and returns at once; on a cluster ({@code flink run}) the cluster runs it. */
    public static JobClient start(Options options) throws Exception {
        return start(options, outputs(options));
    }

    /**
     * Whether {@link #start} hands the job to a cluster that runs it without a client ({@code flink run -d}); then
     * nothing waits for its end.
     */
    public static boolean detached() {
        return !StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration().get(DeploymentOptions.ATTACHED);
    }

    public static JobClient start(Options options, CreditwatchPipeline.Sinks sinks) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(options));
        build(env, options, sinks);
        // `flink run -s` puts the savepoint into the environment's configuration instead of the options
        String restoreFrom = options.restoreFrom() != null ? options.restoreFrom()
                : env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH).orElse(null);
        if (restoreFrom != null) {
            Set<String> uids = new HashSet<>();
            for (Transformation<?> sink : env.getTransformations()) {
                sink.getTransitivePredecessors().forEach(t -> uids.add(t.getUid()));
            }
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
            restore.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE,
                    RetiredOperators.onlyRetiredUnclaimed(restoreFrom, uids));
            env.configure(restore);
        }
        return env.executeAsync("creditwatch");
    }
}
