package org.creditwatch.io;

import java.time.DateTimeException;
import org.creditwatch.domain.IsoInstants;

/**
 * Reads single fields of a raw message without parsing the whole JSON: event time and message keys are needed
 * before validation (per-partition watermarks, replay's as-of, publishing keyed by credit code).
 */
public final class RawFields {
    public static final long NONE = Long.MIN_VALUE;
    private static final int MAX_INSTANT_LENGTH = 40;

    private RawFields() {}

    /** The {@code reportedAt} of a raw message in epoch ms, or {@link #NONE} when it has no readable one. */
    public static long reportedAt(String raw) {
        String value = stringField(raw, "reportedAt", MAX_INSTANT_LENGTH);
        if (value == null) {
            return NONE;
        }
        try {
            return IsoInstants.toEpochMilli(value);
        } catch (DateTimeException e) {
            return NONE;
        }
    }

    /** The text of the first string field of that name, or null when there is none of at most maxLength chars. */
    public static String stringField(String raw, String name, int maxLength) {
        String key = "\"" + name + "\"";
        int field = raw.indexOf(key);
        if (field < 0) {
            return null;
        }
        int colon = raw.indexOf(':', field + key.length());
        int open = colon < 0 ? -1 : raw.indexOf('"', colon + 1);
        int close = open < 0 ? -1 : raw.indexOf('"', open + 1);
        return close < 0 || close - open - 1 > maxLength ? null : raw.substring(open + 1, close);
    }
}
