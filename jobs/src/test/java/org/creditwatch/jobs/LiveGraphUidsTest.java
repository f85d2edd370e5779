package org.creditwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.PhysicalTransformation;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.model.ModelSet;
import org.junit.jupiter.api.Test;

/**
 * Pins the uid of every operator of the live job: a savepoint maps state to operators by uid, so a changed or
 * missing one loses state at the next upgrade (spec §14). Changing this list is changing the upgrade path.
 */
class LiveGraphUidsTest {
    static final Set<String> UIDS = Set.of(
            "kafka-enterprise", "kafka-credit-records", "kafka-complaints", "kafka-sampling-results",
            "kafka-inspections", "kafka-models",
            "parse-enterprise", "parse-credit-records", "parse-complaints", "parse-sampling-results",
            "parse-inspections",
            "quiet-stream-watermark", "enterprise-risk", "segment-spikes", "model-changes",
            "es-assessments", "es-warnings", "es-rejects", "es-outcomes", "es-model-changes",
            "kafka-warnings", "kafka-rejects");

    @Test
    void everyOperatorOfTheLiveJobHasItsPinnedUidAndAName() {
        LiveJob.Options options = new LiveJob.Options("127.0.0.1:9092", "", "group",
                ElasticsearchConfig.builder("http://127.0.0.1:9200").build(), ModelSet.bundled(), 2,
                Duration.ofSeconds(10), "file:///tmp/checkpoints", null, Duration.ofSeconds(10),
                Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(15));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LiveJob.build(env, options, LiveJob.outputs(options));

        Set<Transformation<?>> operators = new LinkedHashSet<>();
        for (Transformation<?> sink : env.getTransformations()) {
            // partitioning and side outputs are edges, not operators: they hold no state
            sink.getTransitivePredecessors().stream().filter(t -> t instanceof PhysicalTransformation)
                    .forEach(operators::add);
        }
        List<String> withoutUid = new ArrayList<>();
        Set<String> uids = new TreeSet<>();
        for (Transformation<?> operator : operators) {
            if (operator.getUid() == null) {
                withoutUid.add(operator.getName());
            } else {
                uids.add(operator.getUid());
            }
            assertThat(operator.getName()).as("name of %s", operator.getUid()).isNotBlank();
        }
        assertThat(withoutUid).as("operators without a uid").isEmpty();
        assertThat(uids).isEqualTo(new TreeSet<>(UIDS));
    }
}
