package org.creditwatch.flink;

import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Reject;
import org.creditwatch.engine.SegmentComplaint;
import org.creditwatch.engine.Warning;

/**
 * Every state descriptor and side-output tag of the pipeline, in one place: their names are part of the savepoint
 * format and must not change between releases.
 */
public final class CreditwatchState {
    private CreditwatchState() {}

    public static final TypeInformation<EnterpriseRecord> RECORD_TYPE = new EnterpriseRecordTypeInfo();

    /** The enterprise's {@link org.creditwatch.engine.EnterpriseState}, in {@link org.creditwatch.engine.StateCodec} form. */
    public static ValueStateDescriptor<byte[]> enterprise() {
        return new ValueStateDescriptor<>("enterprise", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Records waiting for the watermark, to be applied in {@code reportedAt} order. */
    public static ListStateDescriptor<EnterpriseRecord> pendingRecords() {
        return new ListStateDescriptor<>("pending-records", RECORD_TYPE);
    }

    /** The instant of the one event-time timer an enterprise has registered, if any. */
    public static ValueStateDescriptor<Long> wakeUpAt() {
        return new ValueStateDescriptor<>("wake-up-at", Types.LONG);
    }

    /** A segment's {@link org.creditwatch.engine.SegmentState}, in its own binary form. */
    public static ValueStateDescriptor<byte[]> segment() {
        return new ValueStateDescriptor<>("segment", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    public static ListStateDescriptor<SegmentComplaint> pendingComplaints() {
        return new ListStateDescriptor<>("pending-complaints", TypeInformation.of(SegmentComplaint.class));
    }

    public static ValueStateDescriptor<Long> segmentWakeUpAt() {
        return new ValueStateDescriptor<>("segment-wake-up-at", Types.LONG);
    }

    public static final OutputTag<Reject> REJECTS = new OutputTag<>("rejects", TypeInformation.of(Reject.class));
    public static final OutputTag<Warning> WARNINGS = new OutputTag<>("warnings", TypeInformation.of(Warning.class));
    public static final OutputTag<SegmentComplaint> SEGMENT_COMPLAINTS =
            new OutputTag<>("segment-complaints", TypeInformation.of(SegmentComplaint.class));
}
