package org.creditwatch.flink;

import java.util.Comparator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditwatch.engine.SegmentComplaint;
import org.creditwatch.engine.SegmentSpikes;
import org.creditwatch.engine.SegmentState;
import org.creditwatch.engine.Warning;
import org.creditwatch.model.WarningRules;

/**
 * The segment rule, keyed by region × industry section: complaints are applied in the order the enterprises
 * applied them (their clock, then eventId) once the watermark passes, so that replay and live agree.
 */
public class SegmentSpikeFunction extends KeyedProcessFunction<String, SegmentComplaint, Warning> {
    private static final long serialVersionUID = 1L;
    private static final Comparator<SegmentComplaint> ORDER = Comparator
            .comparingLong((SegmentComplaint c) -> c.appliedAt)
            .thenComparing(c -> c.eventId)
            .thenComparingLong(c -> c.occurredAt);

    private final WarningRules rules;
    private final long horizon;
    private final boolean boundedInput;
    private transient SegmentSpikes spikes;
    private transient ValueState<byte[]> segment;
    private transient EventTimeBuffer<SegmentComplaint> buffer;

    /** @param boundedInput replay: the only watermark comes at the end of input */
    public SegmentSpikeFunction(WarningRules rules, long horizon, boolean boundedInput) {
        this.rules = rules;
        this.horizon = horizon;
        this.boundedInput = boundedInput;
    }

    @Override
    public void open(OpenContext openContext) {
        spikes = new SegmentSpikes(rules);
        segment = getRuntimeContext().getState(CreditwatchState.segment());
        buffer = new EventTimeBuffer<>(getRuntimeContext(), CreditwatchState.pendingComplaints(),
                CreditwatchState.segmentWakeUpAt(), c -> c.appliedAt, ORDER, horizon, boundedInput);
    }

    @Override
    public void processElement(SegmentComplaint complaint, Context ctx, Collector<Warning> out) throws Exception {
        if (!buffer.isLate(complaint, ctx.timerService())) {
            buffer.add(complaint, ctx.timerService());
            return;
        }
        SegmentState state = load();
        spikes.apply(state, complaint, out::collect);
        segment.update(state.encode());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Warning> out) throws Exception {
        long now = buffer.wakeUp(ctx.timerService());
        SegmentState state = load();
        for (SegmentComplaint c : buffer.takeDue(now)) {
            spikes.apply(state, c, out::collect);
        }
        segment.update(state.encode());
        buffer.scheduleNext(Long.MAX_VALUE, ctx.timerService());
    }

    private SegmentState load() throws Exception {
        byte[] stored = segment.value();
        return stored == null ? new SegmentState() : SegmentState.decode(stored);
    }
}
