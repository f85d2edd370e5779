package org.creditwatch.flink;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.util.clock.RelativeClock;

/**
 * The live sources' watermarks, per partition: {@code reportedAt} minus the out-of-orderness bound, and idleness
 * that lets a quiet partition stop holding the others back after {@code idleAfter}, so that the quiet-stream rule
 * ({@link QuietStreamOperator}) can release the waiting records a few seconds after the last one arrived.
 *
 * <p>Except at the start: a partition that has not delivered a record yet may still be waiting for its first fetch,
 * with a backlog behind it; were it declared idle, the others would run ahead and its backlog would arrive late. So
 * such a partition holds the watermark back for {@code startupGrace} (or until its first record), and is idle
 * {@code idleAfter} later at the earliest. The clock is the source's input activity clock, which stands still while
 * the source is backpressured.
 */
public final class PartitionWatermarks<T> implements WatermarkGenerator<T> {
    private final WatermarkGenerator<T> steady;
    private final RelativeClock clock;
    private final long graceEndsNanos;
    private boolean delivered;

    PartitionWatermarks(WatermarkGenerator<T> watermarks, Duration idleAfter, Duration startupGrace,
            RelativeClock clock) {
        this.steady = new WatermarksWithIdleness<>(watermarks, idleAfter, clock);
        this.clock = clock;
        this.graceEndsNanos = clock.relativeTimeNanos() + startupGrace.toNanos();
    }

    /** The strategy; the caller adds the timestamp assigner. */
    public static <T> WatermarkStrategy<T> strategy(Duration outOfOrderness, Duration idleAfter,
            Duration startupGrace) {
        return WatermarkStrategy.forGenerator(context -> new PartitionWatermarks<>(
                new BoundedOutOfOrdernessWatermarks<>(outOfOrderness), idleAfter, startupGrace,
                context.getInputActivityClock()));
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        delivered = true;
        steady.onEvent(event, eventTimestamp, output);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (delivered || clock.relativeTimeNanos() >= graceEndsNanos) {
            steady.onPeriodicEmit(output);
        }
        // still in the grace without a record: no watermark, not idle, so the partition holds the others back
    }
}
