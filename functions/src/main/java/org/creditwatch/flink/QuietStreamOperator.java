package org.creditwatch.flink;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.creditwatch.domain.EnterpriseRecord;

/**
 * The live job's last word on event time, in front of the keyed engine, one instance per upstream parallel slice. It
 * passes records and the sources' per-partition watermarks on (they keep a backfill in order), and when all of its
 * inputs have gone idle and no record has arrived for {@code quietAfter}, it moves the watermark up to the newest
 * {@code reportedAt} it has seen and then declares itself idle. Once every instance is idle, the engine's input takes
 * the largest of their watermarks (Flink's rule for inputs that all went idle): the newest {@code reportedAt} seen
 * anywhere, as spec says, so that a quiet stream does not hold records back in the out-of-orderness buffer; while
 * some instance still has records coming, the others simply stop holding it back. Sources do not go idle while
 * backpressured (their idleness clock pauses), so a stalled sink never makes the rest of a backfill late. A record
 * whose {@code reportedAt} is more than a day ahead of the wall clock never moves the watermark beyond that day.
 */
public class QuietStreamOperator extends AbstractStreamOperator<EnterpriseRecord>
        implements OneInputStreamOperator<EnterpriseRecord, EnterpriseRecord> {
    private static final long serialVersionUID = 1L;
    private static final long MAX_AHEAD_OF_WALL_CLOCK_MS = Duration.ofDays(1).toMillis();
    private static final long CHECK_EVERY_MS = 500;

    private final long quietAfterMs;
    /**
     * The newest {@code reportedAt}, restored: a job restarted from a savepoint after the last record arrived must
     * still release the records its engine holds back.
     */
    private transient ListState<Long> newestState;
    private transient long newest;
    private transient long emitted;
    private transient long lastRecordAt;
    private transient boolean upstreamIdle;
    private transient boolean idle;

    public QuietStreamOperator(Duration quietAfter) {
        this.quietAfterMs = quietAfter.toMillis();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // union: whatever the parallelism before, every subtask gets the newest of all
        newestState = context.getOperatorStateStore().getUnionListState(CreditwatchState.newestReportedAt());
        newest = Long.MIN_VALUE;
        for (Long restored : newestState.get()) {
            newest = Math.max(newest, restored);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        newestState.update(List.of(newest));
    }

    @Override
    public void open() throws Exception {
        super.open();
        emitted = Long.MIN_VALUE;
        lastRecordAt = getProcessingTimeService().getCurrentProcessingTime();
        scheduleCheck();
    }

    @Override
    public void processElement(StreamRecord<EnterpriseRecord> element) {
        EnterpriseRecord record = element.getValue();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        newest = Math.max(newest, Math.min(record.reportedAt, now + MAX_AHEAD_OF_WALL_CLOCK_MS));
        lastRecordAt = now;
        activate();
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        advanceTo(mark.getTimestamp());
    }

    /** Idleness upstream is what this operator resolves: it goes idle itself only once it has released the rest. */
    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        upstreamIdle = watermarkStatus.isIdle();
        if (!upstreamIdle) {
            activate();
        }
    }

    private void scheduleCheck() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + CHECK_EVERY_MS, time -> {
            // an instance that has no record to release (its partitions have had none) goes idle all the same: while
            // active it would hold the engine's watermark back for good
            if (upstreamIdle && time - lastRecordAt >= quietAfterMs && !idle) {
                if (newest != Long.MIN_VALUE) {
                    advanceTo(newest);
                }
                idle = true;
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
            scheduleCheck();
        });
    }

    private void activate() {
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
    }

    private void advanceTo(long watermark) {
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
