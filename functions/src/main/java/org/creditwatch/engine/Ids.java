package org.creditwatch.engine;

import java.util.Arrays;

/**
 * A set of ids (case numbers) compared as the exact strings they are. State written by release 0.1 holds 64-bit
 * hashes instead ({@link Legacy}): those still match by hash until they are removed.
 */
final class Ids {
    String[] exact = new String[0];
    long[] legacy = new long[0];

    int size() {
        return exact.length + legacy.length;
    }

    void add(String id) {
        if (!Arrays.asList(exact).contains(id)) {
            exact = Arrays.copyOf(exact, exact.length + 1);
            exact[exact.length - 1] = id;
        }
    }

    void remove(String id) {
        int i = Arrays.asList(exact).indexOf(id);
        if (i >= 0) {
            String[] kept = new String[exact.length - 1];
            System.arraycopy(exact, 0, kept, 0, i);
            System.arraycopy(exact, i + 1, kept, i, kept.length - i);
            exact = kept;
            return;
        }
        long hash = Legacy.idHash(id);
        for (int j = 0; j < legacy.length; j++) {
            if (legacy[j] == hash) {
                long[] kept = new long[legacy.length - 1];
                System.arraycopy(legacy, 0, kept, 0, j);
                System.arraycopy(legacy, j + 1, kept, j, kept.length - j);
                legacy = kept;
                return;
            }
        }
    }

    /** Keeps the newest {@code max}: the oldest (first added) go first. */
    void keepNewest(int max) {
        int excess = size() - max;
        if (excess <= 0) {
            return;
        }
        int fromLegacy = Math.min(excess, legacy.length); // legacy entries are older than any exact one
        legacy = Arrays.copyOfRange(legacy, fromLegacy, legacy.length);
        exact = Arrays.copyOfRange(exact, excess - fromLegacy, exact.length);
    }

    void clear() {
        exact = new String[0];
        legacy = new long[0];
    }
}
