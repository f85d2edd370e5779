package org.creditwatch.io.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.creditwatch.domain.Stream;
import org.creditwatch.flink.PartitionWatermarks;
import org.creditwatch.io.OutputJson;
import org.creditwatch.io.RawFields;
import org.creditwatch.jobs.CreditwatchPipeline;
import org.creditwatch.model.PublishedModels;

/** The live job's Kafka ends: one source per input topic, and the notification and dead-letter topics. */
public final class KafkaIO {
    public static final String WARNINGS_TOPIC = "cw.warnings";
    public static final String REJECTS_TOPIC = "cw.rejects";
    /** A record may be up to 1 MiB plus its envelope; larger ones must still reach us, to be rejected as too large. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** Complainants' personal data is kept no longer than needed (spec §9): deploy/local/stack creates it so too. */
    public static final Duration COMPLAINTS_RETENTION = Duration.ofDays(7);
    /** How soon the job finds the model topic once the first set has been published. */
    static final long MODEL_TOPIC_DISCOVERY_MS = 10_000;

    private KafkaIO() {}

    /**
     * Sources for the five input topics, committing offsets on checkpoints and starting from the committed offsets
     * (the earliest on a first start), with event time from {@code reportedAt} per partition; a partition without
     * records for {@code idleAfter} does not hold the watermark back, except during the {@code startupGrace} before
     * its first record ({@link PartitionWatermarks}). {@code client}: security and other settings of every consumer
     * ({@link KafkaClientConfig}).
     */
    public static CreditwatchPipeline.Sources sources(String brokers, String groupId, String topicPrefix,
            Duration outOfOrderness, Duration idleAfter, Duration startupGrace, long maxClockSkewMs,
            KafkaClientConfig client) {
        return new CreditwatchPipeline.Sources() {
            @Override
            public Map<Stream, DataStream<String>> attach(StreamExecutionEnvironment env) {
                Map<Stream, DataStream<String>> sources = new EnumMap<>(Stream.class);
                // per partition, so that a backfill read faster from one topic than another stays in reportedAt
                // order; a record from the future (spec §3.6: the parser rejects it) never moves event time
                WatermarkStrategy<String> watermarks = PartitionWatermarks.<String>strategy(outOfOrderness, idleAfter,
                        startupGrace).withTimestampAssigner((raw, kafkaTimestamp) -> {
                            long reportedAt = RawFields.reportedAt(raw);
                            return reportedAt > System.currentTimeMillis() + maxClockSkewMs ? RawFields.NONE : reportedAt;
                        });
                for (Stream stream : Stream.values()) {
                    String name = stream.fileName().replace(".jsonl", "");
                    sources.put(stream, env.fromSource(source(brokers, client, groupId, topicPrefix + stream.topic()),
                            watermarks, "Kafka " + stream.topic()).uid("kafka-" + name));
                }
                return sources;
            }

            /**
             * The model sets, from the start of the compacted topic: the newest set is its last message. Subscribed
             * by pattern, so that a job runs before anyone has published (the topic appears with the first set).
             */
            @Override
            public DataStream<String> models(StreamExecutionEnvironment env) {
                KafkaSource<String> models = KafkaSource.<String>builder()
                        .setProperties(client.forClient())
                        .setBootstrapServers(brokers)
                        .setTopicPattern(Pattern.compile(Pattern.quote(topicPrefix + PublishedModels.TOPIC)))
                        .setGroupId(groupId)
                        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setValueOnlyDeserializer(new RawText())
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .setProperty("partition.discovery.interval.ms", String.valueOf(MODEL_TOPIC_DISCOVERY_MS))
                        .setProperty("max.partition.fetch.bytes", String.valueOf(MAX_MESSAGE_BYTES))
                        .build();
                return env.fromSource(models,
                                WatermarkStrategy.forGenerator(context -> new AlwaysIdle<>()),
                                "Kafka " + PublishedModels.TOPIC)
                        .uid("kafka-models");
            }
        };
    }

    private static KafkaSource<String> source(String brokers, KafkaClientConfig client, String groupId, String topic) {
        return KafkaSource.<String>builder()
                .setProperties(client.forClient())
                .setBootstrapServers(brokers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new RawText())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("max.partition.fetch.bytes", String.valueOf(MAX_MESSAGE_BYTES))
                .build();
    }

    /** The settings of an input topic: room for the largest record, and the complaints' retention (spec §9). */
    public static Map<String, String> inputTopicConfig(boolean complaints) {
        return complaints
                ? Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES),
                        "retention.ms", String.valueOf(COMPLAINTS_RETENTION.toMillis()))
                : Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    }

    /** The model topic carries no event time: it must never hold back the records' watermark. */
    static final class AlwaysIdle<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }

    /** A serialisable view of an element as text. */
    public interface Text<T> extends java.util.function.Function<T, String>, java.io.Serializable {}

    /**
     * At-least-once messages to a topic: the value as JSON, the key (for partitioning) as UTF-8 text; a message the
     * broker refuses for its content becomes a dead letter on {@code deadLetterTopic} ({@link KafkaOutputSink});
     * {@code client}: security and other producer settings ({@link KafkaClientConfig}).
     */
    public static <T> KafkaOutputSink<T> sink(String brokers, KafkaClientConfig client, String topic,
            String deadLetterTopic, Text<T> key, OutputJson.Format<T> value) {
        Properties producer = client.forClient();
        producer.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        return new KafkaOutputSink<>(producer, topic, deadLetterTopic, key, value);
    }

    /** A message as text; whatever its bytes, so that bad ones reach the parser and become rejects. */
    static final class RawText implements DeserializationSchema<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String deserialize(byte[] message) {
            return message == null ? "" : new String(message, StandardCharsets.UTF_8);
        }

        @Override
        public boolean isEndOfStream(String nextElement) {
            return false;
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }
}
