package org.creditwatch.engine;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Set;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.RiskClass;

/**
 * What creditwatch remembers of one enterprise: its profile and only what the models and warnings need from its
 * records, never the records themselves. Mutable, owned by one keyed function instance at a time. Identities (event
 * ids, case and licence numbers) are kept as the exact strings they are.
 */
public final class EnterpriseState {
    static final int UNKNOWN = -1;
    static final byte ACTIVE = 0;
    static final byte DEREGISTERED = 1;
    /** The indicators whose records count for a span after they happened: each keeps its entries. */
    static final Set<Indicator> TIMED = Set.copyOf(Arrays.stream(Indicator.values())
            .filter(i -> i.isTimeBound() && i != Indicator.NEW_ENTERPRISE).toList());

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
    /** What the last emitted assessment says, to tell whether the next one differs ({@link RiskEngine#signature}). */
    byte[] lastSignature;
    /** Release 0.1 kept a 64-bit fingerprint instead; read from its state until the next assessment is emitted. */
    long legacyFingerprint;
    int lastRiskClass = UNKNOWN;
    byte status = ACTIVE;
    long deregisteredAt;
    long deregisteredOccurredAt;
    String deregisteredEventId;

    // Lists and freezes that count until they are lifted
    boolean seriousListed;
    boolean abnormalListed;
    long abnormalListedAt;
    String abnormalListedEventId;
    final Ids frozenCases = new Ids();

    /** Records of the time-bound indicators, by when they happened. */
    final EnumMap<Indicator, TimedEntries> timed = new EnumMap<>(Indicator.class);

    /** Licences not yet expired. */
    Licence[] licences = new Licence[0];

    // Warning cooldowns: which rules fired, when (by the clock) and how severely
    byte[] firedRules = new byte[0];
    long[] firedAt = new long[0];
    byte[] firedSeverity = new byte[0];

    /** Records seen within the duplicate window. */
    final SeenEvents seen = new SeenEvents();

    public EnterpriseState() {
        for (Indicator indicator : TIMED) {
            timed.put(indicator, new TimedEntries());
        }
    }

    /** One licence: its number (exact, or the hash release 0.1 kept), type, last valid day and grant's eventId. */
    static final class Licence {
        final String number;
        final long legacyNumber;
        final String type;
        final int validUntil;
        final String eventId;

        Licence(String number, long legacyNumber, String type, int validUntil, String eventId) {
            this.number = number;
            this.legacyNumber = legacyNumber;
            this.type = type;
            this.validUntil = validUntil;
            this.eventId = eventId;
        }

        boolean is(String licenceNumber) {
            return number != null ? number.equals(licenceNumber) : legacyNumber == Legacy.idHash(licenceNumber);
        }

        /** When it stops being valid: the end of its {@code validUntil} day, China Standard Time. */
        long end() {
            return RiskEngine.startOfDay(validUntil + 1);
        }
    }

    /** Forgets the enterprise entirely: the end of a deregistered enterprise's retention. */
    void clear() {
        EnterpriseState empty = new EnterpriseState();
        name = empty.name;
        regionCode = empty.regionCode;
        industry = empty.industry;
        tags = empty.tags;
        establishedOn = empty.establishedOn;
        scale = empty.scale;
        qualityCertified = empty.qualityCertified;
        clock = empty.clock;
        lifetimeStart = empty.lifetimeStart;
        sequence = empty.sequence;
        lastSignature = empty.lastSignature;
        legacyFingerprint = empty.legacyFingerprint;
        lastRiskClass = empty.lastRiskClass;
        status = empty.status;
        deregisteredAt = empty.deregisteredAt;
        deregisteredOccurredAt = empty.deregisteredOccurredAt;
        deregisteredEventId = empty.deregisteredEventId;
        seriousListed = empty.seriousListed;
        abnormalListed = empty.abnormalListed;
        abnormalListedAt = empty.abnormalListedAt;
        abnormalListedEventId = empty.abnormalListedEventId;
        frozenCases.clear();
        timed.values().forEach(TimedEntries::clear);
        licences = empty.licences;
        firedRules = empty.firedRules;
        firedAt = empty.firedAt;
        firedSeverity = empty.firedSeverity;
        seen.clear();
    }

    public boolean isEmpty() {
        return sequence == 0 && seen.isEmpty();
    }

    /** The class of the last emitted assessment, or null before the first. */
    public RiskClass lastRiskClass() {
        return lastRiskClass == UNKNOWN ? null : RiskClass.values()[lastRiskClass];
    }

    /** Sequence of the last emitted assessment. */
    public long sequence() {
        return sequence;
    }

    TimedEntries timed(Indicator indicator) {
        return timed.get(indicator);
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

    /** Grants (or renews) a licence: a grant of the same number replaces the earlier one. */
    void putLicence(String number, String type, int validUntil, String eventId) {
        removeLicence(number);
        licences = Arrays.copyOf(licences, licences.length + 1);
        licences[licences.length - 1] = new Licence(number, 0, type, validUntil, eventId);
    }

    void removeLicence(String number) {
        for (int i = 0; i < licences.length; i++) {
            if (licences[i].is(number)) {
                removeLicenceAt(i);
                return;
            }
        }
    }

    void removeLicenceAt(int i) {
        Licence[] kept = new Licence[licences.length - 1];
        System.arraycopy(licences, 0, kept, 0, i);
        System.arraycopy(licences, i + 1, kept, i, kept.length - i);
        licences = kept;
    }
}
