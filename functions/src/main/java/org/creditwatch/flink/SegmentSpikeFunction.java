package org.creditwatch.flink;

import java.util.Comparator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.creditwatch.engine.SegmentComplaint;
import org.creditwatch.engine.SegmentSpikes;
import org.creditwatch.engine.SegmentState;
import org.creditwatch.engine.Warning;
import org.creditwatch.model.ModelException;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.PublishedModels;

/**
 * The segment rule, keyed by region × industry section: complaints are applied in the order the enterprises
 * applied them (their clock, then eventId) once the watermark passes, so that replay and live agree. Its thresholds
 * are the default model's, and follow the model sets published on {@code cw.models} (spec §12).
 */
public class SegmentSpikeFunction extends KeyedBroadcastProcessFunction<String, SegmentComplaint, String, Warning> {
    private static final long serialVersionUID = 1L;
    private static final Comparator<SegmentComplaint> ORDER = Comparator
            .comparingLong((SegmentComplaint c) -> c.appliedAt)
            .thenComparing(c -> c.eventId)
            .thenComparingLong(c -> c.occurredAt);

    private final ModelSet initialModels;
    private final long horizon;
    private final boolean boundedInput;
    private transient SegmentSpikes spikes;
    /** The published set {@link #spikes} follows; null for the set the job started with. */
    private transient String spikesOf;
    private transient ValueState<SegmentState> segment;
    private transient EventTimeBuffer<SegmentComplaint> buffer;

    /** @param boundedInput replay: the only watermark comes at the end of input */
    public SegmentSpikeFunction(ModelSet models, long horizon, boolean boundedInput) {
        this.initialModels = models;
        this.horizon = horizon;
        this.boundedInput = boundedInput;
    }

    @Override
    public void open(OpenContext openContext) {
        spikes = new SegmentSpikes(initialModels.defaultModel().warnings);
        segment = getRuntimeContext().getState(CreditwatchState.segment());
        buffer = new EventTimeBuffer<>(getRuntimeContext(), CreditwatchState.pendingComplaints(),
                CreditwatchState.segmentWakeUpAt(), c -> c.appliedAt, ORDER, horizon, boundedInput);
    }

    @Override
    public void processElement(SegmentComplaint complaint, ReadOnlyContext ctx, Collector<Warning> out)
            throws Exception {
        if (!buffer.isLate(complaint, ctx.timerService())) {
            buffer.add(complaint, ctx.timerService());
            return;
        }
        SegmentState state = load();
        rules(ctx).apply(state, complaint, out::collect);
        segment.update(state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Warning> out) throws Exception {
        long now = buffer.wakeUp(ctx.timerService());
        SegmentState state = load();
        SegmentSpikes rules = rules(ctx);
        for (SegmentComplaint c : buffer.takeDue(now)) {
            rules.apply(state, c, out::collect);
        }
        segment.update(state);
        buffer.scheduleNext(Long.MAX_VALUE, ctx.timerService());
    }

    /** Keeps a valid set; an invalid one is the engine's to report as a dead letter. */
    @Override
    public void processBroadcastElement(String published, Context ctx, Collector<Warning> out) throws Exception {
        try {
            PublishedModels.fromJson(published).load();
        } catch (ModelException invalid) {
            return;
        }
        ctx.getBroadcastState(CreditwatchState.modelSets()).put(CreditwatchState.CURRENT_MODELS, published);
    }

    /** The rules of the set in force: the published one in broadcast state, else the one the job started with. */
    private SegmentSpikes rules(ReadOnlyContext ctx) throws Exception {
        String published = ctx.getBroadcastState(CreditwatchState.modelSets()).get(CreditwatchState.CURRENT_MODELS);
        if (published != null && !published.equals(spikesOf)) {
            spikes = new SegmentSpikes(PublishedModels.fromJson(published).load().defaultModel().warnings);
            spikesOf = published;
        }
        return spikes;
    }

    private SegmentState load() throws Exception {
        SegmentState stored = segment.value();
        return stored == null ? new SegmentState() : stored;
    }
}
