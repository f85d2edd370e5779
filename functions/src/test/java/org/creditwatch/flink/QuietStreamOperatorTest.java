package org.creditwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.creditwatch.domain.EnterpriseRecord;
import org.junit.jupiter.api.Test;

class QuietStreamOperatorTest {
    static final Duration QUIET_AFTER = Duration.ofSeconds(2);
    static final long REPORTED_AT = 1_780_000_000_000L;

    private static OneInputStreamOperatorTestHarness<EnterpriseRecord, EnterpriseRecord> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new QuietStreamOperator(QUIET_AFTER));
    }

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<?, ?> harness) {
        return harness.getOutput().stream().filter(Watermark.class::isInstance)
                .map(w -> ((Watermark) w).getTimestamp()).toList();
    }

    /** Quiet and idle upstream: the watermark moves up to the newest reportedAt seen. */
    private static void goQuiet(OneInputStreamOperatorTestHarness<EnterpriseRecord, EnterpriseRecord> harness)
            throws Exception {
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        long until = harness.getProcessingTime() + QUIET_AFTER.toMillis() + 1_000;
        // step by step, as time passes: the operator checks every half second
        while (harness.getProcessingTime() < until) {
            harness.setProcessingTime(harness.getProcessingTime() + 100);
        }
    }

    @Test
    void aQuietStreamReleasesItsRecords() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.setProcessingTime(REPORTED_AT);
            EnterpriseRecord record = new EnterpriseRecord();
            record.reportedAt = REPORTED_AT;
            harness.processElement(new StreamRecord<>(record, REPORTED_AT));
            goQuiet(harness);
            assertThat(watermarks(harness)).containsExactly(REPORTED_AT);
        }
    }

    /**
     * Restored from a savepoint taken after the last record (an upgrade, a rescale), no record arrives any more: the
     * records the engine restored still get released, at any parallelism.
     */
    @Test
    void restoredAfterTheLastRecordStillReleasesThem() throws Exception {
        OperatorSubtaskState savepoint;
        try (var before = harness()) {
            before.open();
            before.setProcessingTime(REPORTED_AT);
            EnterpriseRecord record = new EnterpriseRecord();
            record.reportedAt = REPORTED_AT;
            before.processElement(new StreamRecord<>(record, REPORTED_AT));
            savepoint = before.snapshot(1, 1);
        }
        for (int parallelism : new int[] {1, 2}) {
            try (var after = new OneInputStreamOperatorTestHarness<>(new QuietStreamOperator(QUIET_AFTER),
                    128, parallelism, parallelism - 1)) {
                after.initializeState(OneInputStreamOperatorTestHarness.repartitionOperatorState(savepoint, 128, 1,
                        parallelism, parallelism - 1));
                after.open();
                after.setProcessingTime(REPORTED_AT + 60_000);
                goQuiet(after);
                assertThat(watermarks(after)).as("subtask %d of %d", parallelism - 1, parallelism)
                        .containsExactly(REPORTED_AT);
            }
        }
    }
}
