package org.creditwatch.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditwatch.engine.ModelChange;

/**
 * Keyed by change id: sums the parts of a model change that the engine's instances report, and emits the change
 * once every instance has (spec §12: one record per applied set, with the class transitions of all enterprises).
 */
public class ModelChangeFunction extends KeyedProcessFunction<String, ModelChange, ModelChange> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<ModelChange> parts;
    private transient Counters.Count applied;

    @Override
    public void open(OpenContext openContext) {
        parts = getRuntimeContext().getState(CreditwatchState.modelChangeParts());
        applied = Counters.count(getRuntimeContext(), Counters.MODEL_SETS_APPLIED);
    }

    @Override
    public void processElement(ModelChange part, Context ctx, Collector<ModelChange> out) throws Exception {
        ModelChange sum = parts.value();
        if (sum == null) {
            sum = part;
        } else {
            sum.add(part);
        }
        if (sum.isComplete()) {
            parts.clear();
            applied.add(1);
            out.collect(sum);
        } else {
            parts.update(sum);
        }
    }
}
