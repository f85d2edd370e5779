package org.creditwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which unclaimed state a restore may leave behind, on release 0.1's savepoint (the upgrade test's fixture). */
class RetiredOperatorsTest {
    private static final String RELEASE_0_1 =
            Path.of("src/test/resources/upgrade/release-0.1/savepoint").toAbsolutePath().toUri().toString();
    /** The operators of release 0.1 that this release still has. */
    private static final Set<String> KEPT = Set.of("es-assessments", "es-warnings", "es-rejects", "kafka-enterprise",
            "kafka-credit-records", "kafka-complaints", "kafka-sampling-results", "kafka-inspections",
            "parse-enterprise", "parse-credit-records", "parse-complaints", "parse-sampling-results",
            "parse-inspections", "quiet-stream-watermark", "segment-spikes", "enterprise-risk", "kafka-warnings",
            "kafka-rejects");

    @Test
    void theKafkaCommittersOfRelease01MayBeLeftBehind() throws IOException {
        assertThat(RetiredOperators.onlyRetiredUnclaimed(RELEASE_0_1, KEPT)).isTrue();
    }

    @Test
    void anyOtherUnclaimedStateStopsTheRestore() throws IOException {
        Set<String> enterpriseRiskRenamed = new HashSet<>(KEPT);
        enterpriseRiskRenamed.remove("enterprise-risk");
        assertThat(RetiredOperators.onlyRetiredUnclaimed(RELEASE_0_1, enterpriseRiskRenamed)).isFalse();
    }

    @Test
    void nothingUnclaimedNeedsNothingLeftBehind() throws IOException {
        Set<String> all = new HashSet<>(KEPT);
        all.addAll(RetiredOperators.UIDS);
        assertThat(RetiredOperators.onlyRetiredUnclaimed(RELEASE_0_1, all)).isFalse();
    }
}
