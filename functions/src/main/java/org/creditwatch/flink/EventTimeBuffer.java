package org.creditwatch.flink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;

/**
 * Holds a key's elements until the watermark passes their time, so that they are applied in a fixed order whatever
 * order they arrived in, and keeps the key's single event-time timer: at the earliest pending element or at the
 * next instant the owner asks for, never after the horizon. On bounded input (replay) the only watermark comes at the
 * end of input, so every key simply wakes then, at the horizon.
 */
final class EventTimeBuffer<T> {
    private final ListState<T> pending;
    private final ValueState<Long> wakeUpAt;
    private final ToLongFunction<T> timeOf;
    private final Comparator<T> order;
    private final long horizon;
    private final boolean boundedInput;

    EventTimeBuffer(RuntimeContext context, ListStateDescriptor<T> pending, ValueStateDescriptor<Long> wakeUpAt,
            ToLongFunction<T> timeOf, Comparator<T> order, long horizon, boolean boundedInput) {
        this.pending = context.getListState(pending);
        this.wakeUpAt = context.getState(wakeUpAt);
        this.timeOf = timeOf;
        this.order = order;
        this.horizon = horizon;
        this.boundedInput = boundedInput;
    }

    /** Whether an element arrives behind the watermark: it is late, and applied at once. */
    boolean isLate(T element, TimerService timers) {
        return timeOf.applyAsLong(element) <= timers.currentWatermark();
    }

    void add(T element, TimerService timers) throws Exception {
        pending.add(element);
        if (boundedInput) {
            // The timer service keeps one timer per key and instant, so the key's wake-up time need not be read per
            // element (it was a third of the cost of buffering one).
            timers.registerEventTimeTimer(horizon);
            return;
        }
        Long wake = wakeUpAt.value();
        long time = timeOf.applyAsLong(element);
        if (wake == null || time < wake) {
            reschedule(wake, time, timers);
        }
    }

    /** Called first in onTimer: the instant up to which the key may act, the watermark capped by the horizon. */
    long wakeUp(TimerService timers) throws Exception {
        wakeUpAt.clear();
        return Math.min(timers.currentWatermark(), horizon);
    }

    /** Removes and returns, in order, the pending elements up to {@code now}. */
    List<T> takeDue(long now) throws Exception {
        List<T> due = new ArrayList<>();
        List<T> later = new ArrayList<>();
        Iterable<T> buffered = pending.get();
        if (buffered != null) {
            for (T element : buffered) {
                (timeOf.applyAsLong(element) <= now ? due : later).add(element);
            }
        }
        if (!due.isEmpty()) {
            pending.update(later);
        }
        due.sort(order);
        return due;
    }

    long earliestPending() throws Exception {
        long earliest = Long.MAX_VALUE;
        Iterable<T> buffered = pending.get();
        if (buffered != null) {
            for (T element : buffered) {
                earliest = Math.min(earliest, timeOf.applyAsLong(element));
            }
        }
        return earliest;
    }

    /** Sets the key's timer to the earlier of the next pending element and {@code ownDeadline}. */
    void scheduleNext(long ownDeadline, TimerService timers) throws Exception {
        reschedule(wakeUpAt.value(), Math.min(ownDeadline, earliestPending()), timers);
    }

    void clear(TimerService timers) throws Exception {
        pending.clear();
        reschedule(wakeUpAt.value(), Long.MAX_VALUE, timers);
    }

    private void reschedule(Long current, long next, TimerService timers) throws Exception {
        if (next > horizon) {
            next = Long.MAX_VALUE;
        }
        if (current != null && current == next) {
            return;
        }
        if (current != null) {
            timers.deleteEventTimeTimer(current);
        }
        if (next == Long.MAX_VALUE) {
            wakeUpAt.clear();
        } else {
            timers.registerEventTimeTimer(next);
            wakeUpAt.update(next);
        }
    }
}
