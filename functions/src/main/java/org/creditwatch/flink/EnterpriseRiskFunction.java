package org.creditwatch.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.EnterpriseState;
import org.creditwatch.engine.RiskEngine;
import org.creditwatch.engine.StateCodec;
import org.creditwatch.model.ModelSet;

/**
 * The keyed engine (spec §4), keyed by credit code: holds records until the watermark passes them, then applies
 * them in {@code reportedAt} order through {@link RiskEngine}; a record behind the watermark is applied at once and
 * counted as late. One event-time timer per enterprise wakes it for the next pending record or the next expiry.
 * Nothing happens after the horizon (replay's as-of instant; {@link Long#MAX_VALUE} live).
 */
public class EnterpriseRiskFunction extends KeyedProcessFunction<String, EnterpriseRecord, Assessment> {
    private static final long serialVersionUID = 1L;

    private final ModelSet models;
    private final long horizon;

    private transient RiskEngine engine;
    private transient ValueState<byte[]> enterprise;
    private transient ListState<EnterpriseRecord> pending;
    private transient ValueState<Long> wakeUpAt;
    private transient LongCounter applied;
    private transient LongCounter duplicates;
    private transient LongCounter late;
    private transient LongCounter assessments;
    private transient LongCounter stateBytes;
    private transient LongCounter enterprisesInState;

    public EnterpriseRiskFunction(ModelSet models, long horizon) {
        this.models = models;
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext openContext) {
        engine = new RiskEngine(models);
        enterprise = getRuntimeContext().getState(CreditwatchState.enterprise());
        pending = getRuntimeContext().getListState(CreditwatchState.pendingRecords());
        wakeUpAt = getRuntimeContext().getState(CreditwatchState.wakeUpAt());
        applied = getRuntimeContext().getLongCounter(Counters.APPLIED);
        duplicates = getRuntimeContext().getLongCounter(Counters.DUPLICATES);
        late = getRuntimeContext().getLongCounter(Counters.LATE);
        assessments = getRuntimeContext().getLongCounter(Counters.ASSESSMENTS);
        stateBytes = getRuntimeContext().getLongCounter(Counters.STATE_BYTES);
        enterprisesInState = getRuntimeContext().getLongCounter(Counters.ENTERPRISES_IN_STATE);
    }

    @Override
    public void processElement(EnterpriseRecord record, Context ctx, Collector<Assessment> out) throws Exception {
        if (record.reportedAt <= ctx.timerService().currentWatermark()) {
            late.add(1);
            byte[] stored = enterprise.value();
            EnterpriseState state = stored == null ? new EnterpriseState() : StateCodec.decode(stored);
            applyOne(ctx.getCurrentKey(), state, record, out);
            store(state, stored, earliest(pending.get()), ctx);
            return;
        }
        pending.add(record);
        Long wake = wakeUpAt.value();
        if (wake == null || record.reportedAt < wake) {
            reschedule(wake, record.reportedAt, ctx);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Assessment> out) throws Exception {
        wakeUpAt.clear();
        long now = Math.min(ctx.timerService().currentWatermark(), horizon);
        List<EnterpriseRecord> due = new ArrayList<>();
        List<EnterpriseRecord> later = new ArrayList<>();
        Iterable<EnterpriseRecord> buffered = pending.get();
        if (buffered != null) {
            for (EnterpriseRecord r : buffered) {
                (r.reportedAt <= now ? due : later).add(r);
            }
        }
        if (!due.isEmpty()) {
            pending.update(later);
        }
        due.sort(EnterpriseRecord::compareApplyOrder);
        byte[] stored = enterprise.value();
        EnterpriseState state = stored == null ? new EnterpriseState() : StateCodec.decode(stored);
        String creditCode = ctx.getCurrentKey();
        for (EnterpriseRecord r : due) {
            applyOne(creditCode, state, r, out);
        }
        engine.advanceTo(creditCode, state, now, a -> emit(a, out));
        store(state, stored, earliest(later), ctx);
    }

    private void applyOne(String creditCode, EnterpriseState state, EnterpriseRecord r, Collector<Assessment> out) {
        RiskEngine.Outcome outcome = engine.apply(creditCode, state, r, a -> emit(a, out));
        (outcome == RiskEngine.Outcome.APPLIED ? applied : duplicates).add(1);
    }

    private void emit(Assessment a, Collector<Assessment> out) {
        assessments.add(1);
        out.collect(a);
    }

    /** Writes the state back (or clears it when the enterprise is forgotten) and sets the next wake-up. */
    private void store(EnterpriseState state, byte[] previous, long earliestPending, Context ctx) throws Exception {
        int previousBytes = previous == null ? 0 : previous.length;
        if (state.isEmpty() && earliestPending == Long.MAX_VALUE) {
            enterprise.clear();
            pending.clear();
            reschedule(wakeUpAt.value(), Long.MAX_VALUE, ctx);
            stateBytes.add(-previousBytes);
            enterprisesInState.add(previous == null ? 0 : -1);
            return;
        }
        byte[] encoded = StateCodec.encode(state);
        enterprise.update(encoded);
        stateBytes.add(encoded.length - previousBytes);
        enterprisesInState.add(previous == null ? 1 : 0);
        long next = Math.min(earliestPending, engine.nextDeadline(state));
        reschedule(wakeUpAt.value(), next, ctx);
    }

    /** Moves the enterprise's single timer from {@code current} to {@code next}; none when next is past the horizon. */
    private void reschedule(Long current, long next, Context ctx) throws Exception {
        if (next > horizon) {
            next = Long.MAX_VALUE;
        }
        if (current != null && current == next) {
            return;
        }
        if (current != null) {
            ctx.timerService().deleteEventTimeTimer(current);
        }
        if (next == Long.MAX_VALUE) {
            wakeUpAt.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(next);
            wakeUpAt.update(next);
        }
    }

    private static long earliest(Iterable<EnterpriseRecord> records) {
        long earliest = Long.MAX_VALUE;
        if (records != null) {
            for (EnterpriseRecord r : records) {
                earliest = Math.min(earliest, r.reportedAt);
            }
        }
        return earliest;
    }
}
