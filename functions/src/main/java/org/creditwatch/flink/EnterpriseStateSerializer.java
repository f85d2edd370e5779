package org.creditwatch.flink;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.creditwatch.engine.EnterpriseState;
import org.creditwatch.engine.StateCodec;

/** The state of one enterprise, in {@link StateCodec} form. */
public final class EnterpriseStateSerializer extends CodecSerializer<EnterpriseState> {
    private static final long serialVersionUID = 1L;
    public static final EnterpriseStateSerializer INSTANCE = new EnterpriseStateSerializer();

    @Override
    byte[] encode(EnterpriseState value) {
        return StateCodec.encode(value);
    }

    @Override
    EnterpriseState decode(byte[] bytes) {
        return StateCodec.decode(bytes);
    }

    @Override
    public EnterpriseState createInstance() {
        return new EnterpriseState();
    }

    @Override
    public TypeSerializerSnapshot<EnterpriseState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends CodecSerializer.Snapshot<EnterpriseState> {
        @Override
        public TypeSerializer<EnterpriseState> restoreSerializer() {
            return INSTANCE;
        }
    }
}
