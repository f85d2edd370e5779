package org.creditwatch.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * What the segment spike rule remembers of one region × industry section: complaints per day (China Standard Time)
 * over the baseline and the day itself, a few eventIds per day as evidence, and when it last fired.
 */
public final class SegmentState {
    static final int FORMAT_VERSION = 1;
    static final int MAX_IDS_PER_DAY = 50;
    static final int NEVER = Integer.MIN_VALUE;

    long clock = Long.MIN_VALUE;
    int[] days = new int[0];
    int[] counts = new int[0];
    String[][] ids = new String[0][];
    long lastFiredAt = Long.MIN_VALUE;
    int lastFiredDay = NEVER;

    int indexOf(int day) {
        for (int i = 0; i < days.length; i++) {
            if (days[i] == day) {
                return i;
            }
        }
        return -1;
    }

    int countOn(int day) {
        int i = indexOf(day);
        return i < 0 ? 0 : counts[i];
    }

    /** Complaints on the days from {@code firstDay} up to, not including, {@code endDay}. */
    int countBetween(int firstDay, int endDay) {
        int total = 0;
        for (int i = 0; i < days.length; i++) {
            if (days[i] >= firstDay && days[i] < endDay) {
                total += counts[i];
            }
        }
        return total;
    }

    void add(int day, String eventId) {
        int i = indexOf(day);
        if (i < 0) {
            i = days.length;
            days = Arrays.copyOf(days, i + 1);
            counts = Arrays.copyOf(counts, i + 1);
            ids = Arrays.copyOf(ids, i + 1);
            days[i] = day;
            ids[i] = new String[0];
        }
        counts[i]++;
        if (ids[i].length < MAX_IDS_PER_DAY) {
            ids[i] = Arrays.copyOf(ids[i], ids[i].length + 1);
            ids[i][ids[i].length - 1] = eventId;
        }
    }

    /** Forgets the days before {@code firstKept}. */
    void forgetBefore(int firstKept) {
        int kept = 0;
        for (int i = 0; i < days.length; i++) {
            if (days[i] >= firstKept) {
                days[kept] = days[i];
                counts[kept] = counts[i];
                ids[kept] = ids[i];
                kept++;
            }
        }
        days = Arrays.copyOf(days, kept);
        counts = Arrays.copyOf(counts, kept);
        ids = Arrays.copyOf(ids, kept);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(clock);
            out.writeLong(lastFiredAt);
            out.writeInt(lastFiredDay);
            StateCodec.writeVarInt(out, days.length);
            for (int i = 0; i < days.length; i++) {
                out.writeInt(days[i]);
                StateCodec.writeVarInt(out, counts[i]);
                StateCodec.writeVarInt(out, ids[i].length);
                for (String id : ids[i]) {
                    out.writeUTF(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static SegmentState decode(byte[] bytes) {
        SegmentState s = new SegmentState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("segment state of unknown format version " + version);
            }
            s.clock = in.readLong();
            s.lastFiredAt = in.readLong();
            s.lastFiredDay = in.readInt();
            int n = StateCodec.readVarInt(in);
            s.days = new int[n];
            s.counts = new int[n];
            s.ids = new String[n][];
            for (int i = 0; i < n; i++) {
                s.days[i] = in.readInt();
                s.counts[i] = StateCodec.readVarInt(in);
                s.ids[i] = new String[StateCodec.readVarInt(in)];
                for (int k = 0; k < s.ids[i].length; k++) {
                    s.ids[i][k] = in.readUTF();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }
}
