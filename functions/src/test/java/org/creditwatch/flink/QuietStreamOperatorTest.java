package org.creditwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.creditwatch.domain.EnterpriseRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuietStreamOperatorTest {
    static final Duration QUIET_AFTER = Duration.ofSeconds(3);
    static final long REPORTED_AT = 1_780_000_000_000L;
    /** The wall clock when the test starts: a minute after the records were reported. */
    static final long START = REPORTED_AT + 60_000;
    static final long OUT_OF_ORDERNESS_MS = 10_000;

    private OneInputStreamOperatorTestHarness<EnterpriseRecord, EnterpriseRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new QuietStreamOperator(QUIET_AFTER));
        harness.setProcessingTime(START);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void passesRecordsAndTheSourcesWatermarksOnWhileTheStreamFlows() throws Exception {
        harness.processElement(record(REPORTED_AT), REPORTED_AT);
        harness.processWatermark(new Watermark(REPORTED_AT - OUT_OF_ORDERNESS_MS));
        clockAt(START + QUIET_AFTER.toMillis() * 2); // quiet, but the sources are not idle

        assertThat(events()).containsExactly("record " + REPORTED_AT, "watermark " + (REPORTED_AT - OUT_OF_ORDERNESS_MS));
    }

    @Test
    void onceItsInputsAreIdleAndQuietItReleasesTheNewestThenGoesIdleAndARecordWakesItUp() throws Exception {
        harness.processElement(record(REPORTED_AT + 5_000), REPORTED_AT + 5_000);
        harness.processElement(record(REPORTED_AT), REPORTED_AT);
        harness.processWatermark(new Watermark(REPORTED_AT - OUT_OF_ORDERNESS_MS));
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        clockAt(START + QUIET_AFTER.toMillis() - 500);
        assertThat(events()).doesNotContain("idle");

        clockAt(START + QUIET_AFTER.toMillis() + 500);
        clockAt(START + QUIET_AFTER.toMillis() * 3); // released once, not again
        harness.processElement(record(REPORTED_AT + 9_000), REPORTED_AT + 9_000);

        assertThat(events()).containsExactly("record " + (REPORTED_AT + 5_000), "record " + REPORTED_AT,
                "watermark " + (REPORTED_AT - OUT_OF_ORDERNESS_MS), "watermark " + (REPORTED_AT + 5_000), "idle",
                "active", "record " + (REPORTED_AT + 9_000));
    }

    @Test
    void withoutARecordItGoesIdleOnceItsInputsAreSoThatItNeverHoldsTheOthersBack() throws Exception {
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        clockAt(START + QUIET_AFTER.toMillis() + 500);
        harness.processElement(record(REPORTED_AT), REPORTED_AT);

        assertThat(events()).containsExactly("idle", "active", "record " + REPORTED_AT);
    }

    @Test
    void aRecordFarAheadOfTheWallClockMovesTheWatermarkNoFurtherThanADayAhead() throws Exception {
        long yearNineThousand = 253_402_300_799_000L;
        harness.processElement(record(yearNineThousand), yearNineThousand);
        harness.processWatermark(new Watermark(REPORTED_AT));
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        clockAt(START + QUIET_AFTER.toMillis() + 500);

        assertThat(events()).contains("watermark " + (START + Duration.ofDays(1).toMillis()));
    }

    /**
     * Restored from a savepoint taken after the last record (an upgrade, a rescale), no record arrives any more: every
     * instance, at any parallelism, still releases the newest {@code reportedAt} seen before, so that the engine
     * applies the records it restored.
     */
    @Test
    void restoredAfterTheLastRecordAtAnyParallelismStillReleasesTheNewest() throws Exception {
        harness.processElement(record(REPORTED_AT), REPORTED_AT);
        OperatorSubtaskState savepoint = harness.snapshot(1, START);
        for (int parallelism = 1; parallelism <= 2; parallelism++) {
            for (int subtask = 0; subtask < parallelism; subtask++) {
                harness.close();
                harness = new OneInputStreamOperatorTestHarness<>(new QuietStreamOperator(QUIET_AFTER), 128,
                        parallelism, subtask);
                harness.setProcessingTime(START);
                harness.initializeState(OneInputStreamOperatorTestHarness.repartitionOperatorState(savepoint, 128, 1,
                        parallelism, subtask));
                harness.open();
                harness.processWatermarkStatus(WatermarkStatus.IDLE);
                clockAt(START + QUIET_AFTER.toMillis() + 500);

                assertThat(events()).as("subtask %d of %d", subtask, parallelism)
                        .containsExactly("watermark " + REPORTED_AT, "idle");
            }
        }
    }

    /** Moves the wall clock on as time goes, in small steps, so that the operator's periodic check runs on the way. */
    private void clockAt(long time) throws Exception {
        for (long t = harness.getProcessingTime() + 100; t < time; t += 100) {
            harness.setProcessingTime(t);
        }
        harness.setProcessingTime(time);
    }

    private List<String> events() {
        List<String> events = new ArrayList<>();
        for (Object event : harness.getOutput()) {
            if (event instanceof StreamRecord<?> record) {
                events.add("record " + ((EnterpriseRecord) record.getValue()).reportedAt);
            } else if (event instanceof Watermark watermark) {
                events.add("watermark " + watermark.getTimestamp());
            } else if (event instanceof WatermarkStatus status) {
                events.add(status.isIdle() ? "idle" : "active");
            }
        }
        return events;
    }

    private static EnterpriseRecord record(long reportedAt) {
        EnterpriseRecord record = new EnterpriseRecord();
        record.creditCode = "91150103000000042R";
        record.reportedAt = reportedAt;
        return record;
    }
}
