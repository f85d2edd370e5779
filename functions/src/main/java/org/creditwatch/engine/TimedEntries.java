package org.creditwatch.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The records of one time-bound indicator that still count: when each happened, its kind and its eventId (the
 * evidence of warnings), sorted by when.
 * Bounded: past {@link #MAX_ENTRIES} the oldest is forgotten, which leaves the score exact wherever the newest
 * entries alone reach the indicator's cap (the model loader's defaults do with a wide margin).
 */
final class TimedEntries {
    static final int MAX_ENTRIES = 64;

    private long[] at = new long[0];
    private byte[] kind = new byte[0];
    private String[] id = new String[0];
    private int size;

    int size() {
        return size;
    }

    long at(int i) {
        return at[i];
    }

    int kind(int i) {
        return kind[i];
    }

    String id(int i) {
        return id[i];
    }

    /** The index of the entry that {@link #add} stored last, or -1 when it was too old to keep. */
    int add(long occurredAt, int kindIndex, String eventId) {
        if (size == MAX_ENTRIES) {
            if (occurredAt <= at[0]) {
                return -1;
            }
            removeFirst(1);
        }
        if (size == at.length) {
            int capacity = Math.min(MAX_ENTRIES, Math.max(4, size * 2));
            at = java.util.Arrays.copyOf(at, capacity);
            kind = java.util.Arrays.copyOf(kind, capacity);
            id = java.util.Arrays.copyOf(id, capacity);
        }
        int i = size;
        while (i > 0 && at[i - 1] > occurredAt) {
            at[i] = at[i - 1];
            kind[i] = kind[i - 1];
            id[i] = id[i - 1];
            i--;
        }
        at[i] = occurredAt;
        kind[i] = (byte) kindIndex;
        id[i] = eventId;
        size++;
        return i;
    }

    /** Forgets the entries that happened at or before {@code cutoff}. */
    void removeUpTo(long cutoff) {
        int n = 0;
        while (n < size && at[n] <= cutoff) {
            n++;
        }
        removeFirst(n);
    }

    private void removeFirst(int n) {
        if (n == 0) {
            return;
        }
        System.arraycopy(at, n, at, 0, size - n);
        System.arraycopy(kind, n, kind, 0, size - n);
        System.arraycopy(id, n, id, 0, size - n);
        java.util.Arrays.fill(id, size - n, size, null);
        size -= n;
    }

    void clear() {
        java.util.Arrays.fill(id, null);
        size = 0;
    }

    void write(DataOutput out) throws IOException {
        StateCodec.writeVarInt(out, size);
        long previous = 0;
        for (int i = 0; i < size; i++) {
            StateCodec.writeVarLong(out, at[i] - previous);
            previous = at[i];
            out.writeByte(kind[i]);
            out.writeUTF(id[i]);
        }
    }

    void read(DataInput in) throws IOException {
        size = StateCodec.readVarInt(in);
        at = new long[size];
        kind = new byte[size];
        id = new String[size];
        long previous = 0;
        for (int i = 0; i < size; i++) {
            at[i] = previous + StateCodec.readVarLong(in);
            previous = at[i];
            kind[i] = in.readByte();
            id[i] = in.readUTF();
        }
    }
}
