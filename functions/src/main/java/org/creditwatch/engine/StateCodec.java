package org.creditwatch.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.creditwatch.model.Indicator;

/**
 * The binary form of {@link EnterpriseState} kept in Flink state: compact (variable-length numbers, times as
 * deltas) and versioned: each value starts with its format version, and every later release reads every earlier
 * format, so that a savepoint written by one release restores in the next.
 */
public final class StateCodec {
    /** 1: release 0.1 (hashes of ids, five named indicator lists); 2: exact ids, indicators by ordinal. */
    static final int FORMAT_VERSION = 2;
    private static final int SERIOUS = 1;
    private static final int ABNORMAL = 2;
    private static final int LEGACY_FINGERPRINT = 4;

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
            writeBytes(out, s.lastSignature);
            out.writeByte(s.status);
            writeVarLong(out, s.deregisteredAt);
            writeVarLong(out, s.deregisteredOccurredAt);
            writeString(out, s.deregisteredEventId);
            out.writeByte(s.lastRiskClass);
            out.writeByte((s.seriousListed ? SERIOUS : 0) | (s.abnormalListed ? ABNORMAL : 0)
                    | (s.lastSignature == null ? LEGACY_FINGERPRINT : 0));
            if (s.lastSignature == null) {
                out.writeLong(s.legacyFingerprint);
            }
            writeVarLong(out, s.abnormalListedAt);
            writeString(out, s.abnormalListedEventId);
            writeStrings(out, s.frozenCases.exact);
            writeLongs(out, s.frozenCases.legacy);
            int timed = 0;
            for (TimedEntries entries : s.timed.values()) {
                timed += entries.size() > 0 ? 1 : 0;
            }
            writeVarInt(out, timed);
            for (Map.Entry<Indicator, TimedEntries> entries : s.timed.entrySet()) {
                if (entries.getValue().size() > 0) {
                    out.writeByte(entries.getKey().ordinal());
                    entries.getValue().write(out);
                }
            }
            writeVarInt(out, s.licences.length);
            for (EnterpriseState.Licence licence : s.licences) {
                writeString(out, licence.number);
                if (licence.number == null) {
                    out.writeLong(licence.legacyNumber);
                }
                out.writeUTF(licence.type);
                writeVarLong(out, licence.validUntil);
                writeString(out, licence.eventId);
            }
            writeFirings(out, s);
            SeenEvents seen = s.seen;
            writeVarInt(out, seen.ids.length);
            long previous = 0;
            for (int i = 0; i < seen.ids.length; i++) {
                out.writeByte(seen.streams[i]);
                out.writeUTF(seen.ids[i]);
                writeVarLong(out, seen.until[i] - previous);
                previous = seen.until[i];
            }
            writeLegacySeen(out, seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static EnterpriseState decode(byte[] bytes) {
        EnterpriseState s = new EnterpriseState();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != 1 && version != FORMAT_VERSION) {
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
            if (version == 1) {
                s.legacyFingerprint = in.readLong();
            } else {
                s.lastSignature = readBytes(in);
            }
            s.status = in.readByte();
            s.deregisteredAt = readVarLong(in);
            s.deregisteredOccurredAt = readVarLong(in);
            s.deregisteredEventId = readString(in);
            s.lastRiskClass = in.readByte();
            int flags = in.readByte();
            s.seriousListed = (flags & SERIOUS) != 0;
            s.abnormalListed = (flags & ABNORMAL) != 0;
            if ((flags & LEGACY_FINGERPRINT) != 0) {
                s.legacyFingerprint = in.readLong();
            }
            s.abnormalListedAt = readVarLong(in);
            s.abnormalListedEventId = readString(in);
            if (version == 1) {
                readVersion1(in, s);
                return s;
            }
            s.frozenCases.exact = readStrings(in);
            s.frozenCases.legacy = readLongs(in);
            for (int n = readVarInt(in); n > 0; n--) {
                s.timed(Indicator.values()[in.readUnsignedByte()]).read(in);
            }
            s.licences = new EnterpriseState.Licence[readVarInt(in)];
            for (int i = 0; i < s.licences.length; i++) {
                String number = readString(in);
                long legacyNumber = number == null ? in.readLong() : 0;
                s.licences[i] = new EnterpriseState.Licence(number, legacyNumber, in.readUTF(), (int) readVarLong(in),
                        readString(in));
            }
            readFirings(in, s);
            SeenEvents seen = s.seen;
            int count = readVarInt(in);
            seen.streams = new byte[count];
            seen.ids = new String[count];
            seen.until = new long[count];
            long previous = 0;
            for (int i = 0; i < count; i++) {
                seen.streams[i] = in.readByte();
                seen.ids[i] = in.readUTF();
                seen.until[i] = previous + readVarLong(in);
                previous = seen.until[i];
            }
            readLegacySeen(in, seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /** The rest of a release 0.1 state: ids as 64-bit hashes, which stay legacy entries. */
    private static void readVersion1(DataInput in, EnterpriseState s) throws IOException {
        s.frozenCases.legacy = readLongs(in);
        for (Indicator indicator : List.of(Indicator.PENALTY, Indicator.INSPECTION, Indicator.COMPLAINT,
                Indicator.SAMPLING, Indicator.REGISTRATION_CHANGE)) {
            s.timed(indicator).read(in);
        }
        s.licences = new EnterpriseState.Licence[readVarInt(in)];
        for (int i = 0; i < s.licences.length; i++) {
            long legacyNumber = in.readLong();
            s.licences[i] = new EnterpriseState.Licence(null, legacyNumber, in.readUTF(), (int) readVarLong(in),
                    readString(in));
        }
        readFirings(in, s);
        readLegacySeen(in, s.seen);
    }

    private static void writeFirings(DataOutput out, EnterpriseState s) throws IOException {
        writeVarInt(out, s.firedRules.length);
        for (int i = 0; i < s.firedRules.length; i++) {
            out.writeByte(s.firedRules[i]);
            writeVarLong(out, s.firedAt[i]);
            out.writeByte(s.firedSeverity[i]);
        }
    }

    private static void readFirings(DataInput in, EnterpriseState s) throws IOException {
        int fired = readVarInt(in);
        s.firedRules = new byte[fired];
        s.firedAt = new long[fired];
        s.firedSeverity = new byte[fired];
        for (int i = 0; i < fired; i++) {
            s.firedRules[i] = in.readByte();
            s.firedAt[i] = readVarLong(in);
            s.firedSeverity[i] = in.readByte();
        }
    }

    private static void writeLegacySeen(DataOutput out, SeenEvents seen) throws IOException {
        writeVarInt(out, seen.legacy.length);
        long previous = 0;
        for (int i = 0; i < seen.legacy.length; i++) {
            out.writeLong(seen.legacy[i]);
            writeVarLong(out, seen.legacyUntil[i] - previous);
            previous = seen.legacyUntil[i];
        }
    }

    private static void readLegacySeen(DataInput in, SeenEvents seen) throws IOException {
        int count = readVarInt(in);
        seen.legacy = new long[count];
        seen.legacyUntil = new long[count];
        long previous = 0;
        for (int i = 0; i < count; i++) {
            seen.legacy[i] = in.readLong();
            seen.legacyUntil[i] = previous + readVarLong(in);
            previous = seen.legacyUntil[i];
        }
    }

    private static void writeStrings(DataOutput out, String[] values) throws IOException {
        writeVarInt(out, values.length);
        for (String value : values) {
            out.writeUTF(value);
        }
    }

    private static String[] readStrings(DataInput in) throws IOException {
        String[] values = new String[readVarInt(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readUTF();
        }
        return values;
    }

    private static void writeBytes(DataOutput out, byte[] value) throws IOException {
        writeVarInt(out, value == null ? 0 : value.length);
        if (value != null) {
            out.write(value);
        }
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        byte[] value = new byte[readVarInt(in)];
        in.readFully(value);
        return value.length == 0 ? null : value;
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
