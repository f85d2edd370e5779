package org.creditwatch.io.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * {@code --kafka-config FILE}: a Java properties file of Kafka client settings (security.protocol, sasl.mechanism,
 * sasl.jaas.config, ssl.truststore.*, ...) that every Kafka client of a command uses: the job's sources and sinks,
 * {@code produce}'s producer. Its {@code bootstrap.servers}, if any, is only the default of {@code --brokers}.
 *
 * <p>The settings hold secrets (the JAAS line has the password): {@link #toString()} names the settings without
 * their values, and Kafka's own clients log secret values as {@code [hidden]}.
 */
public final class KafkaClientConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    /** No settings: a plaintext, unauthenticated client (the local stack without {@code --secure}). */
    public static final KafkaClientConfig NONE = new KafkaClientConfig(new Properties());

    private final Properties settings;

    private KafkaClientConfig(Properties settings) {
        this.settings = settings;
    }

    /**
     * Reads a client configuration.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file and the setting, if a setting is not a Kafka client's
     */
    public static KafkaClientConfig load(Path file) throws IOException {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            settings.load(in);
        }
        Set<String> unknown = new TreeSet<>(settings.stringPropertyNames());
        unknown.removeAll(known());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + ": not a Kafka client setting: " + String.join(", ", unknown));
        }
        return new KafkaClientConfig(settings);
    }

    /** The file's {@code bootstrap.servers}, or {@code fallback}. */
    public String brokers(String fallback) {
        return settings.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, fallback);
    }

    /**
     * A fresh copy of the settings for one client, without {@code bootstrap.servers}: the command's {@code --brokers}
     * says where.
     */
    public Properties forClient() {
        Properties client = new Properties();
        client.putAll(settings);
        client.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return client;
    }

    @Override
    public String toString() {
        return "KafkaClientConfig" + new TreeSet<>(settings.stringPropertyNames());
    }

    private static Set<String> known() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }
}
