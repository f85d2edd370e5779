package org.creditwatch.domain;

/** A 64-bit string hash: identities of ids and contents in state, where a collision costs almost nothing. */
public final class Hashes {
    private Hashes() {}

    public static long of(String text, long seed) {
        long h = 1125899906842597L + seed;
        for (int i = 0; i < text.length(); i++) {
            h = 31 * h + text.charAt(i);
        }
        return h ^ (h >>> 29);
    }
}
