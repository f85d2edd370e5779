package org.creditwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.creditwatch.io.kafka.ModelPublisher;
import org.creditwatch.model.PublishedModels;
import org.creditwatch.stack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code creditwatch models publish} against the real broker (spec §12): a broken set is refused with file, line and
 * field and publishes nothing; a valid one is one message on a compacted single-partition topic it creates.
 */
@ExtendWith(LocalStack.class)
class ModelsPublishITCase {
    @TempDir
    Path work;

    private final String topicPrefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path bundled(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("models/" + name)) {
            Path file = work.resolve(name);
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    @Test
    void aBrokenFileIsNamedWithLineAndFieldAndNothingIsPublished() throws Exception {
        Path base = bundled("base-v1.yaml");
        Path food = bundled("online-food-v1.yaml");
        List<String> lines = Files.readAllLines(base);
        int capLine = lines.indexOf("    cap: 40") + 1;
        lines.set(capLine - 1, "    cap: forty");
        Files.write(base, lines);

        int exit = run("models", "publish", base.toString(), food.toString(), "--note", "broken",
                "--brokers", LocalStack.kafkaBootstrap(), "--topic-prefix", topicPrefix);

        assertThat(exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("creditwatch: " + base + ":" + capLine + ": indicators.PENALTY.cap: ");
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .doesNotContain(topicPrefix + PublishedModels.TOPIC);
        }
    }

    @Test
    void aNoteIsRequired() throws Exception {
        int exit = run("models", "publish", bundled("base-v1.yaml").toString(), "--topic-prefix", topicPrefix);

        assertThat(exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("creditwatch: models publish: --note is required");
    }

    @Test
    void eachSetIsOneMessageUnderOneKeyOnACompactedTopic() throws Exception {
        Path base = bundled("base-v1.yaml");
        Path food = bundled("online-food-v1.yaml");
        Files.writeString(base, Files.readString(base).replace("version: 1", "version: 2"));

        assertThat(run("models", "publish", base.toString(), food.toString(), "--note", "first",
                "--brokers", LocalStack.kafkaBootstrap(), "--topic-prefix", topicPrefix)).as(err.toString()).isZero();
        assertThat(run("models", "publish", base.toString(), "--note", "second", "--brokers",
                LocalStack.kafkaBootstrap(), "--topic-prefix", topicPrefix)).as(err.toString()).isZero();

        String topic = topicPrefix + PublishedModels.TOPIC;
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            assertThat(description.partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        List<ConsumerRecord<String, String>> messages = readAll(topic, 2);
        assertThat(messages).extracting(ConsumerRecord::key).containsOnly(ModelPublisher.KEY);
        PublishedModels first = PublishedModels.fromJson(messages.get(0).value());
        PublishedModels second = PublishedModels.fromJson(messages.get(1).value());
        assertThat(first.note).isEqualTo("first");
        assertThat(PublishedModels.versions(first.load())).containsExactly("base-v1@2", "online-food-v1@1");
        assertThat(second.note).isEqualTo("second");
        assertThat(PublishedModels.versions(second.load())).containsExactly("base-v1@2");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("as change " + second.changeId);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()));
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
