package org.creditwatch.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The binary form of {@link EnterpriseState} kept in Flink state: compact (variable-length numbers, times as
 * deltas) and versioned, so that a savepoint written by this release is read by the next one.
 */
public final class StateCodec {
    static final int FORMAT_VERSION = 1;

    private StateCodec() {}

    public static byte[] encode(EnterpriseState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            writeString(out, s.name);
            writeString(out, s.regionCode);
            writeString(out, s.industry);
            writeVarInt(out, s.tags.length);
            for (String tag : s.tags) {
                out.writeUTF(tag);
            }
            writeVarLong(out, s.establishedOn);
            out.writeByte(s.scale);
            out.writeByte(s.qualityCertified);
            writeVarLong(out, s.clock);
            writeVarLong(out, s.lifetimeStart);
            writeVarLong(out, s.sequence);
            out.writeLong(s.lastFingerprint);
            out.writeByte(s.status);
            writeVarLong(out, s.deregisteredAt);
            writeVarLong(out, s.deregisteredOccurredAt);
            writeString(out, s.deregisteredEventId);
            out.writeByte(s.lastRiskClass);
            out.writeByte((s.seriousListed ? 1 : 0) | (s.abnormalListed ? 2 : 0));
            writeVarLong(out, s.abnormalListedAt);
            writeString(out, s.abnormalListedEventId);
            writeLongs(out, s.frozenCases);
            s.penalties.write(out);
            s.inspections.write(out);
            s.complaints.write(out);
            s.samplingFailures.write(out);
            s.keyChanges.write(out);
            writeVarInt(out, s.licenseNos.length);
            for (int i = 0; i < s.licenseNos.length; i++) {
                out.writeLong(s.licenseNos[i]);
                out.writeUTF(s.licenseTypes[i]);
                writeVarLong(out, s.licenseValidUntil[i]);
                writeString(out, s.licenseEventIds[i]);
            }
            writeVarInt(out, s.firedRules.length);
            for (int i = 0; i < s.firedRules.length; i++) {
                out.writeByte(s.firedRules[i]);
                writeVarLong(out, s.firedAt[i]);
                out.writeByte(s.firedSeverity[i]);
            }
            writeVarInt(out, s.seenEvents.length);
            long previous = 0;
            for (int i = 0; i < s.seenEvents.length; i++) {
                out.writeLong(s.seenEvents[i]);
                writeVarLong(out, s.seenUntil[i] - previous);
                previous = s.seenUntil[i];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static EnterpriseState decode(byte[] bytes) {
        EnterpriseState s = new EnterpriseState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("enterprise state of unknown format version " + version);
            }
            s.name = readString(in);
            s.regionCode = readString(in);
            s.industry = readString(in);
            s.tags = new String[readVarInt(in)];
            for (int i = 0; i < s.tags.length; i++) {
                s.tags[i] = in.readUTF();
            }
            s.establishedOn = (int) readVarLong(in);
            s.scale = in.readByte();
            s.qualityCertified = in.readByte();
            s.clock = readVarLong(in);
            s.lifetimeStart = readVarLong(in);
            s.sequence = readVarLong(in);
            s.lastFingerprint = in.readLong();
            s.status = in.readByte();
            s.deregisteredAt = readVarLong(in);
            s.deregisteredOccurredAt = readVarLong(in);
            s.deregisteredEventId = readString(in);
            s.lastRiskClass = in.readByte();
            int flags = in.readByte();
            s.seriousListed = (flags & 1) != 0;
            s.abnormalListed = (flags & 2) != 0;
            s.abnormalListedAt = readVarLong(in);
            s.abnormalListedEventId = readString(in);
            s.frozenCases = readLongs(in);
            s.penalties.read(in);
            s.inspections.read(in);
            s.complaints.read(in);
            s.samplingFailures.read(in);
            s.keyChanges.read(in);
            int licenses = readVarInt(in);
            s.licenseNos = new long[licenses];
            s.licenseTypes = new String[licenses];
            s.licenseValidUntil = new int[licenses];
            s.licenseEventIds = new String[licenses];
            for (int i = 0; i < licenses; i++) {
                s.licenseNos[i] = in.readLong();
                s.licenseTypes[i] = in.readUTF();
                s.licenseValidUntil[i] = (int) readVarLong(in);
                s.licenseEventIds[i] = readString(in);
            }
            int fired = readVarInt(in);
            s.firedRules = new byte[fired];
            s.firedAt = new long[fired];
            s.firedSeverity = new byte[fired];
            for (int i = 0; i < fired; i++) {
                s.firedRules[i] = in.readByte();
                s.firedAt[i] = readVarLong(in);
                s.firedSeverity[i] = in.readByte();
            }
            int seen = readVarInt(in);
            s.seenEvents = new long[seen];
            s.seenUntil = new long[seen];
            long previous = 0;
            for (int i = 0; i < seen; i++) {
                s.seenEvents[i] = in.readLong();
                s.seenUntil[i] = previous + readVarLong(in);
                previous = s.seenUntil[i];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    private static void writeString(DataOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeLongs(DataOutput out, long[] values) throws IOException {
        writeVarInt(out, values.length);
        for (long value : values) {
            out.writeLong(value);
        }
    }

    private static long[] readLongs(DataInput in) throws IOException {
        long[] values = new long[readVarInt(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    static void writeVarInt(DataOutput out, int value) throws IOException {
        writeVarLong(out, value);
    }

    static int readVarInt(DataInput in) throws IOException {
        return Math.toIntExact(readVarLong(in));
    }

    /** Zig-zag, seven bits a byte: small magnitudes of either sign take few bytes. */
    static void writeVarLong(DataOutput out, long value) throws IOException {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return (v >>> 1) ^ -(v & 1);
    }
}
