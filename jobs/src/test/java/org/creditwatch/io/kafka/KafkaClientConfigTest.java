package org.creditwatch.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.util.InstantiationUtil;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.jobs.LiveJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {
    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"creditwatch-job\" password=\"s3cret-password\";";

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("client.properties"), text);
    }

    @Test
    void readsTheSettingsAndKeepsTheBrokersForTheCommandLine() throws Exception {
        KafkaClientConfig config = KafkaClientConfig.load(file("bootstrap.servers=kafka:9093\n"
                + "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=" + JAAS + "\n"));

        assertThat(config.brokers("127.0.0.1:9092")).isEqualTo("kafka:9093");
        assertThat(config.forClient()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", JAAS).doesNotContainKey("bootstrap.servers");
        assertThat(KafkaClientConfig.NONE.brokers("127.0.0.1:9092")).isEqualTo("127.0.0.1:9092");
        assertThat(KafkaClientConfig.NONE.forClient()).isEmpty();
    }

    @Test
    void aClientGetsItsOwnCopy() throws Exception {
        KafkaClientConfig config = KafkaClientConfig.load(file("security.protocol=SASL_SSL\n"));
        config.forClient().setProperty("security.protocol", "PLAINTEXT");

        assertThat(config.forClient()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void anUnknownSettingIsRefusedByName() throws Exception {
        Path file = file("security.protocol=SASL_SSL\nsasl.jass.config=" + JAAS + "\n");

        assertThatThrownBy(() -> KafkaClientConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": not a Kafka client setting: sasl.jass.config");
    }

    @Test
    void neitherItNorTheJobOptionsEverShowTheSecrets() throws Exception {
        KafkaClientConfig config = KafkaClientConfig.load(file("sasl.jaas.config=" + JAAS + "\n"));
        LiveJob.Options options = new LiveJob.Options("kafka:9093", "", "creditwatch",
                ElasticsearchConfig.builder("https://es:9200").build(), null, 2,
                null, "file:///tmp", null, null, null, null, null, 0, 0).withKafkaClient(config);

        assertThat(config.toString()).contains("sasl.jaas.config").doesNotContain("s3cret-password");
        assertThat(options.toString()).doesNotContain("s3cret-password");
        // it travels with the job graph
        assertThat(InstantiationUtil.clone(config).forClient()).containsEntry("sasl.jaas.config", JAAS);
    }
}
