package org.creditwatch.flink;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.EngineOutput;
import org.creditwatch.engine.EnterpriseState;
import org.creditwatch.engine.RiskEngine;
import org.creditwatch.engine.SegmentComplaint;
import org.creditwatch.engine.StateCodec;
import org.creditwatch.engine.Warning;
import org.creditwatch.model.ModelSet;

/**
 * The keyed engine (spec §4), keyed by credit code: holds records until the watermark passes them, then applies
 * them in {@code reportedAt} order through {@link RiskEngine}; a record behind the watermark is applied at once and
 * counted as late. One event-time timer per enterprise wakes it for the next pending record or the next expiry.
 * Nothing happens after the horizon (replay's as-of instant; {@link Long#MAX_VALUE} live). Warnings and the
 * complaints the segment rule needs leave by side outputs.
 */
public class EnterpriseRiskFunction extends KeyedProcessFunction<String, EnterpriseRecord, Assessment> {
    private static final long serialVersionUID = 1L;

    private final ModelSet models;
    private final long horizon;
    private final boolean boundedInput;

    private transient RiskEngine engine;
    private transient ValueState<byte[]> enterprise;
    private transient EventTimeBuffer<EnterpriseRecord> buffer;
    private transient LongCounter applied;
    private transient LongCounter duplicates;
    private transient LongCounter late;
    private transient LongCounter assessments;
    private transient LongCounter stateBytes;
    private transient LongCounter enterprisesInState;

    /** @param boundedInput replay: the only watermark comes at the end of input */
    public EnterpriseRiskFunction(ModelSet models, long horizon, boolean boundedInput) {
        this.models = models;
        this.horizon = horizon;
        this.boundedInput = boundedInput;
    }

    @Override
    public void open(OpenContext openContext) {
        engine = new RiskEngine(models);
        enterprise = getRuntimeContext().getState(CreditwatchState.enterprise());
        buffer = new EventTimeBuffer<>(getRuntimeContext(), CreditwatchState.pendingRecords(),
                CreditwatchState.wakeUpAt(), r -> r.reportedAt, EnterpriseRecord::compareApplyOrder, horizon, boundedInput);
        applied = getRuntimeContext().getLongCounter(Counters.APPLIED);
        duplicates = getRuntimeContext().getLongCounter(Counters.DUPLICATES);
        late = getRuntimeContext().getLongCounter(Counters.LATE);
        assessments = getRuntimeContext().getLongCounter(Counters.ASSESSMENTS);
        stateBytes = getRuntimeContext().getLongCounter(Counters.STATE_BYTES);
        enterprisesInState = getRuntimeContext().getLongCounter(Counters.ENTERPRISES_IN_STATE);
    }

    @Override
    public void processElement(EnterpriseRecord record, Context ctx, Collector<Assessment> out) throws Exception {
        if (!buffer.isLate(record, ctx.timerService())) {
            buffer.add(record, ctx.timerService());
            return;
        }
        late.add(1);
        byte[] stored = enterprise.value();
        EnterpriseState state = stored == null ? new EnterpriseState() : StateCodec.decode(stored);
        applyOne(ctx.getCurrentKey(), state, record, output(ctx, out));
        store(state, stored, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Assessment> out) throws Exception {
        long now = buffer.wakeUp(ctx.timerService());
        byte[] stored = enterprise.value();
        EnterpriseState state = stored == null ? new EnterpriseState() : StateCodec.decode(stored);
        String creditCode = ctx.getCurrentKey();
        EngineOutput output = output(ctx, out);
        for (EnterpriseRecord r : buffer.takeDue(now)) {
            applyOne(creditCode, state, r, output);
        }
        engine.advanceTo(creditCode, state, now, output);
        store(state, stored, ctx);
    }

    private void applyOne(String creditCode, EnterpriseState state, EnterpriseRecord r, EngineOutput output) {
        RiskEngine.Outcome outcome = engine.apply(creditCode, state, r, output);
        (outcome == RiskEngine.Outcome.APPLIED ? applied : duplicates).add(1);
    }

    private EngineOutput output(Context ctx, Collector<Assessment> out) {
        return new EngineOutput() {
            @Override
            public void assessment(Assessment assessment) {
                assessments.add(1);
                out.collect(assessment);
            }

            @Override
            public void warning(Warning warning) {
                ctx.output(CreditwatchState.WARNINGS, warning);
            }

            @Override
            public void complaint(SegmentComplaint complaint) {
                ctx.output(CreditwatchState.SEGMENT_COMPLAINTS, complaint);
            }
        };
    }

    /** Writes the state back (or clears it when the enterprise is forgotten) and sets the next wake-up. */
    private void store(EnterpriseState state, byte[] previous, Context ctx) throws Exception {
        int previousBytes = previous == null ? 0 : previous.length;
        if (state.isEmpty() && buffer.earliestPending() == Long.MAX_VALUE) {
            enterprise.clear();
            buffer.clear(ctx.timerService());
            stateBytes.add(-previousBytes);
            enterprisesInState.add(previous == null ? 0 : -1);
            return;
        }
        byte[] encoded = StateCodec.encode(state);
        enterprise.update(encoded);
        stateBytes.add(encoded.length - previousBytes);
        enterprisesInState.add(previous == null ? 1 : 0);
        buffer.scheduleNext(engine.nextDeadline(state), ctx.timerService());
    }
}
