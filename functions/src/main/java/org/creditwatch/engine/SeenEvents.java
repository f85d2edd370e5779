package org.creditwatch.engine;

import java.util.Arrays;
import org.creditwatch.domain.Stream;

/**
 * The duplicate index of one enterprise (spec §3.6): each record's stream and exact eventId, and until when a copy
 * of it counts as a duplicate, oldest first. Bounded: past {@link #MAX} ids the oldest is forgotten early. State
 * written by release 0.1 holds 64-bit hashes instead ({@link Legacy}); they leave within the duplicate window.
 */
final class SeenEvents {
    static final int MAX = 4096;

    byte[] streams = new byte[0];
    String[] ids = new String[0];
    long[] until = new long[0];
    long[] legacy = new long[0];
    long[] legacyUntil = new long[0];

    boolean isEmpty() {
        return ids.length == 0 && legacy.length == 0;
    }

    /** Notes the record; false when a copy of it was seen within the window before {@code clock}. */
    boolean remember(Stream stream, String eventId, long clock, long windowMs) {
        forgetUpTo(clock);
        for (int i = 0; i < ids.length; i++) {
            if (streams[i] == stream.ordinal() && ids[i].equals(eventId)) {
                return false;
            }
        }
        if (legacy.length > 0) {
            long hash = Legacy.eventHash(stream, eventId);
            for (long seen : legacy) {
                if (seen == hash) {
                    return false;
                }
            }
        }
        int kept = Math.min(ids.length, MAX - 1);
        int from = ids.length - kept;
        streams = Arrays.copyOfRange(streams, from, ids.length + 1);
        ids = Arrays.copyOfRange(ids, from, ids.length + 1);
        until = Arrays.copyOfRange(until, from, until.length + 1);
        streams[kept] = (byte) stream.ordinal();
        ids[kept] = eventId;
        until[kept] = clock + windowMs;
        return true;
    }

    /** Forgets the ids whose window ended at or before {@code clock}. */
    private void forgetUpTo(long clock) {
        int expired = 0;
        while (expired < until.length && until[expired] <= clock) {
            expired++;
        }
        if (expired > 0) {
            streams = Arrays.copyOfRange(streams, expired, streams.length);
            ids = Arrays.copyOfRange(ids, expired, ids.length);
            until = Arrays.copyOfRange(until, expired, until.length);
        }
        int expiredLegacy = 0;
        while (expiredLegacy < legacyUntil.length && legacyUntil[expiredLegacy] <= clock) {
            expiredLegacy++;
        }
        if (expiredLegacy > 0) {
            legacy = Arrays.copyOfRange(legacy, expiredLegacy, legacy.length);
            legacyUntil = Arrays.copyOfRange(legacyUntil, expiredLegacy, legacyUntil.length);
        }
    }

    void clear() {
        streams = new byte[0];
        ids = new String[0];
        until = new long[0];
        legacy = new long[0];
        legacyUntil = new long[0];
    }
}
