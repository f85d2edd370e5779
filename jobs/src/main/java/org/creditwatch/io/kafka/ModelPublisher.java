package org.creditwatch.io.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.creditwatch.model.PublishedModels;

/**
 * {@code creditwatch models publish}: one model set, as one message, on the compacted topic {@code cw.models}
 * (spec §12). Every message has the same key, so that compaction keeps the newest set: the one a job starting from
 * the beginning of the topic ends up with.
 */
public final class ModelPublisher {
    /** The key of every model set message. */
    public static final String KEY = "models";
    private static final long TIMEOUT_SECONDS = 30;

    private ModelPublisher() {}

    /**
     * Creates the topic if it is missing (one partition, so that sets stay in order; compacted; the broker's
     * replication), then publishes the set and waits for the broker to acknowledge it.
     *
     * @throws IOException when the broker cannot be reached or refuses the set
     */
    public static void publish(PublishedModels set, String brokers, String topicPrefix, KafkaClientConfig client)
            throws IOException, InterruptedException {
        String topic = topicPrefix + PublishedModels.TOPIC;
        try {
            createIfMissing(brokers, topic, client);
            Properties config = client.forClient();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(KafkaIO.MAX_MESSAGE_BYTES));
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)));
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, KEY.getBytes(StandardCharsets.UTF_8),
                        set.toJson().getBytes(StandardCharsets.UTF_8))).get();
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IOException("publishing the model set to " + topic + " at " + brokers + " failed: " + cause,
                    cause);
        }
    }

    /** Creates the model topic unless it exists. */
    public static void createTopic(String brokers, String topic, KafkaClientConfig client)
            throws IOException, InterruptedException {
        try {
            createIfMissing(brokers, topic, client);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("creating " + topic + " at " + brokers + " failed: " + e, e);
        }
    }

    private static void createIfMissing(String brokers, String topic, KafkaClientConfig client)
            throws ExecutionException, InterruptedException, TimeoutException {
        Properties config = client.forClient();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(config)) {
            NewTopic models = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(KafkaIO.MAX_MESSAGE_BYTES)));
            try {
                admin.createTopics(List.of(models)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
