package org.creditwatch.flink;

import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.util.OutputTag;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Reject;
import org.creditwatch.engine.EnterpriseState;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.engine.SegmentComplaint;
import org.creditwatch.engine.SegmentState;
import org.creditwatch.engine.Warning;

/**
 * Every state descriptor, side-output tag and the stable operator ids of the pipeline, in one place: their names are
 * part of the savepoint format and must not change between releases.
 */
public final class CreditwatchState {
    private CreditwatchState() {}

    public static final TypeInformation<EnterpriseRecord> RECORD_TYPE = new EnterpriseRecordTypeInfo();

    /** The enterprise's {@link EnterpriseState} (release 0.1 kept the same bytes as a {@code byte[]}). */
    public static ValueStateDescriptor<EnterpriseState> enterprise() {
        return new ValueStateDescriptor<>("enterprise", EnterpriseStateSerializer.INSTANCE);
    }

    /** Records waiting for the watermark, to be applied in {@code reportedAt} order. */
    public static ListStateDescriptor<EnterpriseRecord> pendingRecords() {
        return new ListStateDescriptor<>("pending-records", RECORD_TYPE);
    }

    /** The instant of the one event-time timer an enterprise has registered, if any. */
    public static ValueStateDescriptor<Long> wakeUpAt() {
        return new ValueStateDescriptor<>("wake-up-at", Types.LONG);
    }

    /** The quiet-stream watermark's newest {@code reportedAt} (union: every subtask restores the newest of all). */
    public static ListStateDescriptor<Long> newestReportedAt() {
        return new ListStateDescriptor<>("newest-reported-at", LongSerializer.INSTANCE);
    }

    /** A segment's {@link SegmentState} (release 0.1 kept the same bytes as a {@code byte[]}). */
    public static ValueStateDescriptor<SegmentState> segment() {
        return new ValueStateDescriptor<>("segment", SegmentStateSerializer.INSTANCE);
    }

    public static ListStateDescriptor<SegmentComplaint> pendingComplaints() {
        return new ListStateDescriptor<>("pending-complaints", TypeInformation.of(SegmentComplaint.class));
    }

    public static ValueStateDescriptor<Long> segmentWakeUpAt() {
        return new ValueStateDescriptor<>("segment-wake-up-at", Types.LONG);
    }

    /**
     * The model set in force, as published on {@code cw.models} ({@link org.creditwatch.model.PublishedModels} JSON)
     * under the key {@link #CURRENT_MODELS}; absent while the job runs with the set it was started with.
     */
    public static MapStateDescriptor<String, String> modelSets() {
        return new MapStateDescriptor<>("model-sets", Types.STRING, Types.STRING);
    }

    public static final String CURRENT_MODELS = "current";

    /** The parts of a model change reported so far, keyed by change id. */
    public static ValueStateDescriptor<ModelChange> modelChangeParts() {
        return new ValueStateDescriptor<>("model-change-parts", TypeInformation.of(ModelChange.class));
    }

    public static final OutputTag<Reject> REJECTS = new OutputTag<>("rejects", TypeInformation.of(Reject.class));
    public static final OutputTag<Warning> WARNINGS = new OutputTag<>("warnings", TypeInformation.of(Warning.class));
    public static final OutputTag<SegmentComplaint> SEGMENT_COMPLAINTS =
            new OutputTag<>("segment-complaints", TypeInformation.of(SegmentComplaint.class));
    public static final OutputTag<InspectionOutcome> OUTCOMES =
            new OutputTag<>("inspection-outcomes", TypeInformation.of(InspectionOutcome.class));
    public static final OutputTag<ModelChange> MODEL_CHANGE_PARTS =
            new OutputTag<>("model-change-parts", TypeInformation.of(ModelChange.class));
}
