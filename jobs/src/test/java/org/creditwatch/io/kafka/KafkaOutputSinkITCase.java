package org.creditwatch.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.creditwatch.stack.LocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka output sink against the local stack's broker, in a Flink job at parallelism 2: a message the broker
 * refuses for its content becomes a dead letter and the job finishes; messages whose event time lies years ahead are
 * written with the time of writing.
 */
@ExtendWith(LocalStack.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaOutputSinkITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The output topic takes messages up to this size: a larger one is refused for its content. */
    private static final int SMALL_TOPIC_MAX_BYTES = 1024;
    /** 2027-05-01T00:00:00Z: a licence's end, far beyond what a broker accepts as a timestamp. */
    private static final long EVENT_TIME_IN_2027 = 1_809_129_600_000L;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private String outputs;
    private String deadLetters;

    @BeforeEach
    void createTopics() throws Exception {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
        outputs = prefix + KafkaIO.WARNINGS_TOPIC;
        deadLetters = prefix + KafkaIO.REJECTS_TOPIC;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                    new NewTopic(outputs, 2, (short) 1).configs(Map.of("max.message.bytes",
                            String.valueOf(SMALL_TOPIC_MAX_BYTES))),
                    new NewTopic(deadLetters, 2, (short) 1).configs(Map.of("max.message.bytes",
                            String.valueOf(KafkaIO.MAX_MESSAGE_BYTES))))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMessageRefusedForItsContentBecomesADeadLetterAndTheJobFinishes() throws Exception {
        String tooLarge = "{\"creditCode\":\"oversized\",\"text\":\"" + "x".repeat(2 * SMALL_TOPIC_MAX_BYTES) + "\"}";
        List<String> fitting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fitting.add("{\"creditCode\":\"c" + i + "\"}");
        }
        List<String> elements = new ArrayList<>(fitting);
        elements.add(7, tooLarge);

        long before = System.currentTimeMillis();
        StreamExecutionEnvironment env = environment();
        env.fromData(elements)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<String>forMonotonousTimestamps()
                        .withTimestampAssigner((element, previous) -> EVENT_TIME_IN_2027))
                .sinkTo(KafkaIO.sink(LocalStack.kafkaBootstrap(), KafkaClientConfig.NONE, outputs, deadLetters,
                        KafkaOutputSinkITCase::creditCode,
                        text -> text.getBytes(StandardCharsets.UTF_8)));
        env.execute("kafka-output-sink-refused");
        long after = System.currentTimeMillis();

        List<ConsumerRecord<String, String>> written = readAll(outputs, fitting.size());
        assertThat(written).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(fitting);
        assertThat(written).allSatisfy(r -> assertThat(r.timestamp()).isBetween(before, after));

        List<ConsumerRecord<String, String>> letters = readAll(deadLetters, 1);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).key()).isEqualTo("oversized");
        JsonNode letter = JSON.readTree(letters.get(0).value());
        assertThat(letter.get("reason").asText()).isEqualTo(KafkaOutputSink.KAFKA_REJECTED);
        assertThat(letter.get("stream").asText()).isEqualTo(outputs);
        assertThat(letter.get("detail").asText()).contains("RecordTooLargeException");
        assertThat(tooLarge).startsWith(letter.get("raw").asText());
    }

    @Test
    void aRefusedMessageOfTheDeadLetterTopicItselfIsLoggedAndTheJobFinishes() throws Exception {
        String tooLarge = "{\"creditCode\":\"oversized\",\"text\":\"" + "x".repeat(2 * SMALL_TOPIC_MAX_BYTES) + "\"}";
        String fitting = "{\"creditCode\":\"c1\"}";

        StreamExecutionEnvironment env = environment();
        env.fromData(tooLarge, fitting)
                .sinkTo(KafkaIO.sink(LocalStack.kafkaBootstrap(), KafkaClientConfig.NONE, outputs, outputs,
                        KafkaOutputSinkITCase::creditCode,
                        text -> text.getBytes(StandardCharsets.UTF_8)));
        env.execute("kafka-output-sink-refused-dead-letter");

        assertThat(readAll(outputs, 1)).extracting(ConsumerRecord::value).containsExactly(fitting);
    }

    /** Every record of a topic, reading until {@code expected} have come and then a little longer for strays. */
    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "read-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyPollsAfterExpected = 0;
            while (System.nanoTime() < until && emptyPollsAfterExpected < 2) {
                int polled = 0;
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(record);
                    polled++;
                }
                if (records.size() >= expected && polled == 0) {
                    emptyPollsAfterExpected++;
                }
            }
        }
        return records;
    }

    /** The key of a test message: its credit code. */
    private static String creditCode(String message) {
        int start = message.indexOf("\"creditCode\":\"") + "\"creditCode\":\"".length();
        return message.substring(start, message.indexOf('"', start));
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()));
    }

    private static StreamExecutionEnvironment environment() {
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(2);
        return env;
    }
}
