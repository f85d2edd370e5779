package org.creditwatch.flink;

import java.util.EnumMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.RejectReason;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.EngineOutput;
import org.creditwatch.engine.EnterpriseState;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.engine.RiskEngine;
import org.creditwatch.engine.SegmentComplaint;
import org.creditwatch.engine.StateCodec;
import org.creditwatch.engine.Warning;
import org.creditwatch.model.ModelException;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.PublishedModels;
import org.creditwatch.model.RiskClass;

/**
 * The keyed engine (spec §4), keyed by credit code: holds records until the watermark passes them, then applies
 * them in {@code reportedAt} order through {@link RiskEngine}; a record behind the watermark is applied at once and
 * counted as late. One event-time timer per enterprise wakes it for the next pending record or the next expiry.
 * Nothing happens after the horizon (replay's as-of instant; {@link Long#MAX_VALUE} live). Warnings, inspection
 * outcomes and the complaints the segment rule needs leave by side outputs.
 *
 * <p>The second input is the model sets published on {@code cw.models}, broadcast to every instance (spec §12): a
 * valid set re-scores every enterprise in state at once and is kept in broadcast state, so that restarts and
 * upgrades keep it; an invalid one is a dead letter. A custom operator rather than a
 * {@code KeyedBroadcastProcessFunction}, because a re-score can move an enterprise's next expiry earlier, and only
 * the operator's timer service can set a timer for every key while it visits them.
 */
public class EnterpriseRiskOperator extends AbstractStreamOperator<Assessment>
        implements TwoInputStreamOperator<EnterpriseRecord, String, Assessment>, Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final ModelSet initialModels;
    private final long retainMs;
    private final long horizon;
    private final boolean boundedInput;

    private transient RiskEngine engine;
    private transient BroadcastState<String, String> modelSets;
    private transient ValueState<EnterpriseState> enterprise;
    private transient EventTimeBuffer<EnterpriseRecord> buffer;
    private transient TimerService timers;
    private transient Outputs outputs;
    private transient Counters.Count applied;
    private transient Counters.Count duplicates;
    private transient Counters.Count late;
    private transient LongCounter stateBytes;
    private transient LongCounter enterprisesInState;

    /**
     * @param models the set to start with, unless the restored state holds a published one
     * @param retainMs the least time state keeps any time-bound record ({@link RiskEngine#RiskEngine(ModelSet, long)})
     * @param boundedInput replay: the only watermark comes at the end of input
     */
    public EnterpriseRiskOperator(ModelSet models, long retainMs, long horizon, boolean boundedInput) {
        this.initialModels = models;
        this.retainMs = retainMs;
        this.horizon = horizon;
        this.boundedInput = boundedInput;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        modelSets = context.getOperatorStateStore().getBroadcastState(CreditwatchState.modelSets());
    }

    @Override
    public void open() throws Exception {
        super.open();
        String published = modelSets.get(CreditwatchState.CURRENT_MODELS);
        engine = new RiskEngine(published == null ? initialModels : PublishedModels.fromJson(published).load(),
                retainMs);
        InternalTimerService<VoidNamespace> internalTimers =
                getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
        timers = new SimpleTimerService(internalTimers);
        enterprise = getRuntimeContext().getState(CreditwatchState.enterprise());
        buffer = new EventTimeBuffer<>(getRuntimeContext(), CreditwatchState.pendingRecords(),
                CreditwatchState.wakeUpAt(), r -> r.reportedAt, EnterpriseRecord::compareApplyOrder, horizon,
                boundedInput);
        outputs = new Outputs();
        applied = Counters.count(getRuntimeContext(), Counters.APPLIED);
        duplicates = Counters.count(getRuntimeContext(), Counters.DUPLICATES);
        late = Counters.count(getRuntimeContext(), Counters.LATE);
        stateBytes = getRuntimeContext().getLongCounter(Counters.STATE_BYTES);
        enterprisesInState = getRuntimeContext().getLongCounter(Counters.ENTERPRISES_IN_STATE);
        // how far event time trails the wall clock: a stalled or lagging input shows here
        getMetricGroup().gauge("eventTimeLagMs", (Gauge<Long>) () -> {
            long watermark = internalTimers.currentWatermark();
            return watermark == Long.MIN_VALUE ? 0L : System.currentTimeMillis() - watermark;
        });
    }

    @Override
    public void processElement1(StreamRecord<EnterpriseRecord> element) throws Exception {
        EnterpriseRecord record = element.getValue();
        if (!buffer.isLate(record, timers)) {
            buffer.add(record, timers);
            return;
        }
        late.add(1);
        outputs.at(element.getTimestamp());
        EnterpriseState state = load();
        applyOne(state, record);
        store(state);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long now = buffer.wakeUp(timers);
        outputs.at(timer.getTimestamp());
        EnterpriseState state = load();
        for (EnterpriseRecord r : buffer.takeDue(now)) {
            applyOne(state, r);
        }
        engine.advanceTo(currentKey(), state, now, outputs);
        store(state);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // the engine keeps event-time timers only
    }

    /** A model set from {@code cw.models}: every instance receives it and re-scores the enterprises it holds. */
    @Override
    public void processElement2(StreamRecord<String> element) throws Exception {
        PublishedModels published;
        ModelSet models;
        try {
            published = PublishedModels.fromJson(element.getValue());
            models = published.load();
        } catch (ModelException invalid) {
            // Every instance receives the set; one dead letter is enough.
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                outputs.side(CreditwatchState.REJECTS, new Reject(RejectReason.INVALID_MODEL_SET, invalid.getMessage(),
                        PublishedModels.TOPIC, cut(element.getValue()), null));
            }
            return;
        }
        ModelChange change = new ModelChange();
        change.changeId = published.changeId;
        change.note = published.note;
        change.publishedAt = published.publishedAt;
        change.previousVersions = PublishedModels.versions(engine.models()).toArray(new String[0]);
        change.versions = PublishedModels.versions(models).toArray(new String[0]);
        change.parts = 1;
        change.partsExpected = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        modelSets.put(CreditwatchState.CURRENT_MODELS, published.toJson());
        engine = new RiskEngine(models, retainMs);
        outputs.at(element.getTimestamp());
        getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                CreditwatchState.enterprise(), (creditCode, state) -> rescore(state.value(), change));
        change.appliedAt = System.currentTimeMillis();
        outputs.side(CreditwatchState.MODEL_CHANGE_PARTS, change);
    }

    /** Re-scores one enterprise (the backend has made it the current key) and moves its timer to the new deadline. */
    private void rescore(EnterpriseState state, ModelChange change) throws Exception {
        long emittedBefore = state.sequence();
        RiskClass before = state.lastRiskClass();
        Assessment current = engine.rescore(currentKey(), state, outputs);
        if (current != null) {
            change.count(before, current.riskClass);
            change.assessmentsEmitted += state.sequence() - emittedBefore;
        }
        enterprise.update(state);
        buffer.scheduleNext(engine.nextDeadline(state), timers);
    }

    private String currentKey() {
        return (String) getCurrentKey();
    }

    private EnterpriseState load() throws Exception {
        EnterpriseState stored = enterprise.value();
        return stored == null ? new EnterpriseState() : stored;
    }

    private void applyOne(EnterpriseState state, EnterpriseRecord r) {
        RiskEngine.Outcome outcome = engine.apply(currentKey(), state, r, outputs);
        (outcome == RiskEngine.Outcome.APPLIED ? applied : duplicates).add(1);
    }

    /** Writes the state back (or clears it when the enterprise is forgotten) and sets the next wake-up. */
    private void store(EnterpriseState state) throws Exception {
        if (state.isEmpty() && buffer.earliestPending() == Long.MAX_VALUE) {
            enterprise.clear();
            buffer.clear(timers);
            return;
        }
        enterprise.update(state);
        if (boundedInput) {
            // replay stores each enterprise once, at the end: its measure of state (live, RocksDB's metrics say it)
            stateBytes.add(StateCodec.encode(state).length);
            enterprisesInState.add(1);
        }
        buffer.scheduleNext(engine.nextDeadline(state), timers);
    }

    private static String cut(String text) {
        return text.length() <= 10_000 ? text : text.substring(0, 10_000);
    }

    /** Where the engine's decisions go: the main output and the side outputs, stamped with the current time. */
    private final class Outputs implements EngineOutput {
        private final StreamRecord<Object> record = new StreamRecord<>(null);
        private final EnumMap<Warning.Rule, Counter> warningsByRule = Counters.byKind(getMetricGroup(),
                Warning.Rule.class, "rule", Counters.WARNINGS);
        private final Counters.Count assessments = Counters.count(getRuntimeContext(), Counters.ASSESSMENTS);
        private final Counters.Count warnings = Counters.count(getRuntimeContext(), Counters.WARNINGS);
        private final Counters.Count outcomes = Counters.count(getRuntimeContext(), Counters.OUTCOMES);

        void at(long timestamp) {
            record.setTimestamp(timestamp);
        }

        <T> void side(OutputTag<T> tag, T value) {
            output.collect(tag, record.replace(value));
        }

        @Override
        public void assessment(Assessment assessment) {
            assessments.add(1);
            output.collect(record.replace(assessment));
        }

        @Override
        public void warning(Warning warning) {
            warnings.add(1);
            warningsByRule.get(warning.rule).inc();
            side(CreditwatchState.WARNINGS, warning);
        }

        @Override
        public void complaint(SegmentComplaint complaint) {
            side(CreditwatchState.SEGMENT_COMPLAINTS, complaint);
        }

        @Override
        public void outcome(InspectionOutcome outcome) {
            outcomes.add(1);
            side(CreditwatchState.OUTCOMES, outcome);
        }
    }
}
