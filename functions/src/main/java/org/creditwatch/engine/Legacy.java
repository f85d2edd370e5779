package org.creditwatch.engine;

/**
 * What release 0.1 kept in state instead of exact values: 64-bit hashes of ids and a fingerprint of the last
 * assessment. Only to read such state after an upgrade: its entries still match by these until they leave state.
 */
final class Legacy {
    private Legacy() {}

    /** Release 0.1's hash of a case or licence number. */
    static long idHash(String id) {
        return hash(id, 0);
    }

    /** Release 0.1's hash of a record's stream and eventId, the key of its duplicate index. */
    static long eventHash(org.creditwatch.domain.Stream stream, String eventId) {
        return hash(eventId, stream.ordinal());
    }

    private static long hash(String text, long seed) {
        long h = 1125899906842597L + seed;
        for (int i = 0; i < text.length(); i++) {
            h = 31 * h + text.charAt(i);
        }
        return h ^ (h >>> 29);
    }

    /** Release 0.1's fingerprint of an assessment, compared once with the one its state holds. */
    static long fingerprint(Assessment a) {
        long h = a.model.hashCode();
        h = h * 31 + Math.round(a.score * 10);
        h = h * 31 + a.riskClass.ordinal();
        h = h * 31 + a.status.ordinal();
        for (Assessment.Contribution c : a.contributions) {
            h = h * 31 + c.indicator.ordinal();
            h = h * 31 + Math.round(c.points * 10);
            h = h * 31 + c.records;
        }
        return h ^ (h >>> 31);
    }
}
