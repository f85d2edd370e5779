package org.creditwatch.generate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of the deliberately planted patterns; the same pattern may also arise by chance from the base rates. */
final class Planted {
    enum Pattern {
        COMPLAINT_SURGE, FREQUENT_CHANGES, SAMPLING_FAILURES, CHANGE_AFTER_PENALTY, LICENSE_EXPIRING,
        SEGMENT_COMPLAINT_SPIKE, DUPLICATES, BAD_RECORDS
    }

    private final long[] counts = new long[Pattern.values().length];

    void add(Pattern pattern) {
        counts[pattern.ordinal()]++;
    }

    /** Every pattern, zero counts included, in declaration order. */
    Map<String, Long> toMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Pattern pattern : Pattern.values()) {
            map.put(pattern.name(), counts[pattern.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }
}
