package org.creditwatch.io;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the {@code reportedAt} of a raw message without parsing the whole JSON: event time is needed at the source,
 * before validation, for per-partition watermarks. A message without a readable one has no event time.
 */
public final class ReportedAt {
    public static final long NONE = Long.MIN_VALUE;
    private static final String FIELD = "\"reportedAt\"";

    private ReportedAt() {}

    public static long of(String raw) {
        int field = raw.indexOf(FIELD);
        if (field < 0) {
            return NONE;
        }
        int colon = raw.indexOf(':', field + FIELD.length());
        int open = colon < 0 ? -1 : raw.indexOf('"', colon + 1);
        int close = open < 0 ? -1 : raw.indexOf('"', open + 1);
        if (close < 0 || close - open > 40) {
            return NONE;
        }
        try {
            return OffsetDateTime.parse(raw.substring(open + 1, close)).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return NONE;
        }
    }
}
