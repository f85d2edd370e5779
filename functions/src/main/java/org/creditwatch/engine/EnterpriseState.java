package org.creditwatch.engine;

import java.util.Arrays;

/**
 * What creditwatch remembers of one enterprise: its profile and only what the models and warnings need from its
 * records, never the records themselves. Mutable, owned by one keyed function instance at a time.
 */
public final class EnterpriseState {
    static final int UNKNOWN = -1;
    static final byte ACTIVE = 0;
    static final byte DEREGISTERED = 1;

    // Profile: from REGISTERED and CHANGED
    String name;
    String regionCode;
    String industry;
    String[] tags = new String[0];
    int establishedOn = Integer.MIN_VALUE;
    int scale = UNKNOWN;
    int qualityCertified = UNKNOWN;

    // Assessment bookkeeping
    long clock = Long.MIN_VALUE;
    /** The clock of this lifetime's first assessment: a forgotten enterprise that comes back starts a new one. */
    long lifetimeStart;
    long sequence;
    long lastFingerprint;
    byte status = ACTIVE;
    long deregisteredAt;
    long deregisteredOccurredAt;
    String deregisteredEventId;
    int lastRiskClass = UNKNOWN;

    // Lists and freezes that count until they are lifted
    boolean seriousListed;
    boolean abnormalListed;
    long abnormalListedAt;
    String abnormalListedEventId;
    long[] frozenCases = new long[0];

    // Time-bound indicators, by when the record happened
    final TimedEntries penalties = new TimedEntries();
    final TimedEntries inspections = new TimedEntries();
    final TimedEntries complaints = new TimedEntries();
    final TimedEntries samplingFailures = new TimedEntries();
    final TimedEntries keyChanges = new TimedEntries();

    // Licences not yet expired: hash of the licence number, its type, its last valid day, the grant's eventId
    long[] licenseNos = new long[0];
    String[] licenseTypes = new String[0];
    int[] licenseValidUntil = new int[0];
    String[] licenseEventIds = new String[0];

    // Warning cooldowns: which rules fired, when (by the clock) and how severely
    byte[] firedRules = new byte[0];
    long[] firedAt = new long[0];
    byte[] firedSeverity = new byte[0];

    // Duplicate index: hash of stream and eventId, and until when a copy counts as a duplicate
    long[] seenEvents = new long[0];
    long[] seenUntil = new long[0];

    /** Forgets the enterprise entirely: the end of a deregistered enterprise's retention. */
    void clear() {
        name = null;
        regionCode = null;
        industry = null;
        tags = new String[0];
        establishedOn = Integer.MIN_VALUE;
        scale = UNKNOWN;
        qualityCertified = UNKNOWN;
        clock = Long.MIN_VALUE;
        lifetimeStart = 0;
        sequence = 0;
        lastFingerprint = 0;
        status = ACTIVE;
        deregisteredAt = 0;
        deregisteredOccurredAt = 0;
        deregisteredEventId = null;
        lastRiskClass = UNKNOWN;
        seriousListed = false;
        abnormalListed = false;
        abnormalListedAt = 0;
        abnormalListedEventId = null;
        firedRules = new byte[0];
        firedAt = new long[0];
        firedSeverity = new byte[0];
        frozenCases = new long[0];
        penalties.clear();
        inspections.clear();
        complaints.clear();
        samplingFailures.clear();
        keyChanges.clear();
        licenseNos = new long[0];
        licenseTypes = new String[0];
        licenseValidUntil = new int[0];
        licenseEventIds = new String[0];
        seenEvents = new long[0];
        seenUntil = new long[0];
    }

    public boolean isEmpty() {
        return sequence == 0 && seenEvents.length == 0;
    }

    /** Sequence of the last emitted assessment. */
    public long sequence() {
        return sequence;
    }

    int timedEntryCount() {
        return penalties.size() + inspections.size() + complaints.size() + samplingFailures.size() + keyChanges.size();
    }

    /** Index of a rule in the cooldown arrays, or -1 when it never fired. */
    int firedIndex(int rule) {
        for (int i = 0; i < firedRules.length; i++) {
            if (firedRules[i] == rule) {
                return i;
            }
        }
        return -1;
    }

    void recordFiring(int rule, long at, int severity) {
        int i = firedIndex(rule);
        if (i < 0) {
            i = firedRules.length;
            firedRules = Arrays.copyOf(firedRules, i + 1);
            firedAt = Arrays.copyOf(firedAt, i + 1);
            firedSeverity = Arrays.copyOf(firedSeverity, i + 1);
            firedRules[i] = (byte) rule;
        }
        firedAt[i] = at;
        firedSeverity[i] = (byte) severity;
    }

    void addFrozenCase(long caseHash) {
        for (long c : frozenCases) {
            if (c == caseHash) {
                return;
            }
        }
        frozenCases = Arrays.copyOf(frozenCases, frozenCases.length + 1);
        frozenCases[frozenCases.length - 1] = caseHash;
    }

    void removeFrozenCase(long caseHash) {
        frozenCases = Arrays.stream(frozenCases).filter(c -> c != caseHash).toArray();
    }

    /** When licence {@code i} stops being valid: the end of its {@code validUntil} day, China Standard Time. */
    long licenseEnd(int i) {
        return RiskEngine.startOfDay(licenseValidUntil[i] + 1);
    }

    void putLicense(long licenseNo, String type, int validUntil, String eventId) {
        removeLicense(licenseNo);
        int n = licenseNos.length;
        licenseNos = Arrays.copyOf(licenseNos, n + 1);
        licenseTypes = Arrays.copyOf(licenseTypes, n + 1);
        licenseValidUntil = Arrays.copyOf(licenseValidUntil, n + 1);
        licenseEventIds = Arrays.copyOf(licenseEventIds, n + 1);
        licenseNos[n] = licenseNo;
        licenseTypes[n] = type;
        licenseValidUntil[n] = validUntil;
        licenseEventIds[n] = eventId;
    }

    void removeLicense(long licenseNo) {
        for (int i = 0; i < licenseNos.length; i++) {
            if (licenseNos[i] == licenseNo) {
                removeLicenseAt(i);
                return;
            }
        }
    }

    void removeLicenseAt(int i) {
        int n = licenseNos.length - 1;
        System.arraycopy(licenseNos, i + 1, licenseNos, i, n - i);
        System.arraycopy(licenseTypes, i + 1, licenseTypes, i, n - i);
        System.arraycopy(licenseValidUntil, i + 1, licenseValidUntil, i, n - i);
        System.arraycopy(licenseEventIds, i + 1, licenseEventIds, i, n - i);
        licenseNos = Arrays.copyOf(licenseNos, n);
        licenseTypes = Arrays.copyOf(licenseTypes, n);
        licenseValidUntil = Arrays.copyOf(licenseValidUntil, n);
        licenseEventIds = Arrays.copyOf(licenseEventIds, n);
    }
}
