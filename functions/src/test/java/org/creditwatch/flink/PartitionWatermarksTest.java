package org.creditwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class PartitionWatermarksTest {
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(10);
    static final Duration IDLE_AFTER = Duration.ofSeconds(3);
    static final Duration STARTUP_GRACE = Duration.ofSeconds(15);
    static final Duration PERIODIC_EMIT = Duration.ofMillis(200);
    static final long REPORTED_AT = 1_780_000_000_000L;

    private final ManualClock clock = new ManualClock();
    private final Output output = new Output();
    private final PartitionWatermarks<String> partition = new PartitionWatermarks<>(
            new BoundedOutOfOrdernessWatermarks<>(OUT_OF_ORDERNESS), IDLE_AFTER, STARTUP_GRACE, clock);

    /** What the partition told the source: its watermarks and whether it is idle now. */
    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    /** Periodic emissions for as long as {@code duration}, as the source calls them. */
    private void runFor(Duration duration) {
        for (long waited = 0; waited < duration.toMillis(); waited += PERIODIC_EMIT.toMillis()) {
            clock.advanceTime(PERIODIC_EMIT);
            partition.onPeriodicEmit(output);
        }
    }

    @Test
    void aPartitionThatHasNotDeliveredHoldsTheOthersBackThroughTheStartupGrace() {
        runFor(STARTUP_GRACE.minus(PERIODIC_EMIT));

        assertThat(output.idle).isFalse();
        assertThat(output.watermarks).isEmpty();

        runFor(IDLE_AFTER.plus(PERIODIC_EMIT.multipliedBy(3)));

        assertThat(output.idle).as("an empty partition is idle after the grace").isTrue();
    }

    @Test
    void aPartitionThatHasDeliveredIsIdleSoonAfterItsLastRecord() {
        runFor(Duration.ofSeconds(1));
        partition.onEvent("record", REPORTED_AT, output);
        runFor(PERIODIC_EMIT);

        assertThat(output.watermarks).last().isEqualTo(REPORTED_AT - OUT_OF_ORDERNESS.toMillis() - 1);
        assertThat(output.idle).isFalse();

        runFor(IDLE_AFTER.plus(PERIODIC_EMIT.multipliedBy(3)));

        assertThat(output.idle).as("idle within the grace, once it delivered").isTrue();

        partition.onEvent("next record", REPORTED_AT + 1_000, output);
        runFor(PERIODIC_EMIT);

        assertThat(output.idle).isFalse();
        assertThat(output.watermarks).last().isEqualTo(REPORTED_AT + 1_000 - OUT_OF_ORDERNESS.toMillis() - 1);
    }
}
