package org.creditwatch.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A state serializer around one of the engine's compact codecs: a value is its codec bytes behind an int length.
 * The codec versions every value itself (its first byte) and reads every earlier format, so the serializer's own
 * format never changes and any older snapshot of it is compatible as is. Release 0.1 kept the same bytes in a
 * {@code byte[]} state, the same layout: a savepoint of it restores without migration.
 */
abstract class CodecSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    abstract byte[] encode(T value);

    abstract T decode(byte[] bytes);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T copy(T from) {
        return decode(encode(from));
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T value, DataOutputView target) throws IOException {
        byte[] bytes = encode(value);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return decode(bytes);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    /** Version 1: nothing to write; the codec carries its versions inside each value. */
    abstract static class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private static final int VERSION = 1;

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != VERSION) {
                throw new IOException(getClass().getName() + ": unknown snapshot version " + readVersion);
            }
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            boolean sameLayout = old.getClass() == getClass()
                    || old instanceof BytePrimitiveArraySerializer.BytePrimitiveArraySerializerSnapshot;
            return sameLayout ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
