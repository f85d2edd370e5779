package org.creditwatch.io.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class ElasticsearchConfigTest {

    @Test
    void toStringNeverShowsSecrets() {
        ElasticsearchConfig basic = ElasticsearchConfig.builder("https://es:9200")
                .basicAuth("cw-writer", "s3cret-password").build();
        ElasticsearchConfig apiKey = ElasticsearchConfig.builder("https://es:9200").apiKey("c2VjcmV0LWtleQ==").build();

        assertThat(basic.toString()).contains("cw-writer").doesNotContain("s3cret-password");
        assertThat(apiKey.toString()).doesNotContain("c2VjcmV0LWtleQ==");
    }

    @Test
    void credentialsInAUrlAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> ElasticsearchConfig.builder("https://cw:s3cret@es:9200").build())
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("s3cret");
    }

    @Test
    void aPrefixMustMakeValidIndexNames() {
        assertThatThrownBy(() -> ElasticsearchConfig.builder("http://es:9200").indexPrefix("Prod-").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ElasticsearchConfig.builder("http://es:9200").indexPrefix("prod-").build().indexPrefix())
                .isEqualTo("prod-");
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        ElasticsearchConfig config = ElasticsearchConfig.builder("http://es:9200")
                .backoff(Duration.ofMillis(100), Duration.ofMillis(1000)).build();

        assertThat(config.backoffMillis(1)).isEqualTo(100);
        assertThat(config.backoffMillis(3)).isEqualTo(400);
        assertThat(config.backoffMillis(5)).isEqualTo(1000);
        assertThat(config.backoffMillis(100)).isEqualTo(1000);
    }

    @Test
    void theConfigAndTheEmittersTravelWithTheJobGraph() throws Exception {
        ElasticsearchConfig config = ElasticsearchConfig.builder("http://es:9200").basicAuth("u", "p").build();
        ElasticsearchSink<?> sink = new ElasticsearchSink<>(config, ElasticsearchEmitters.assessments("p-"));

        assertThat(InstantiationUtil.clone(sink)).isNotNull();
        assertThat(InstantiationUtil.clone(ElasticsearchEmitters.rejects("p-"))).isNotNull();
    }
}
