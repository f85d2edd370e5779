package org.creditwatch.flink;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.creditwatch.engine.SegmentState;

/** The state of one segment (region × industry section), in {@link SegmentState}'s own binary form. */
public final class SegmentStateSerializer extends CodecSerializer<SegmentState> {
    private static final long serialVersionUID = 1L;
    public static final SegmentStateSerializer INSTANCE = new SegmentStateSerializer();

    @Override
    byte[] encode(SegmentState value) {
        return value.encode();
    }

    @Override
    SegmentState decode(byte[] bytes) {
        return SegmentState.decode(bytes);
    }

    @Override
    public SegmentState createInstance() {
        return new SegmentState();
    }

    @Override
    public TypeSerializerSnapshot<SegmentState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends CodecSerializer.Snapshot<SegmentState> {
        @Override
        public TypeSerializer<SegmentState> restoreSerializer() {
            return INSTANCE;
        }
    }
}
