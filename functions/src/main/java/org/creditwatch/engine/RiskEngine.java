package org.creditwatch.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.creditwatch.domain.CreditCode;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Hashes;
import org.creditwatch.domain.Enums.Hazard;
import org.creditwatch.domain.Enums.SamplingResult;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.IndicatorRule;
import org.creditwatch.model.Model;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.RiskClass;
import org.creditwatch.model.WarningRules;

/**
 * The scoring rules of spec §4 and §5 over one enterprise's {@link EnterpriseState}: apply a record at its
 * assessment clock, advance the clock through the instants where contributions expire, and emit an assessment
 * whenever score, class, status or contributions change. Plain Java: the Flink function only supplies state and
 * timers, so the same rules run in tests, replay and the live job.
 */
public final class RiskEngine implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final long DAY_MS = IndicatorRule.DAY_MS;
    public static final long DUPLICATE_WINDOW_MS = 30 * DAY_MS;
    public static final long DEREGISTERED_RETENTION_MS = 365 * DAY_MS;
    /** Dates in records are China Standard Time days. */
    static final long CST_OFFSET_MS = 8 * 3600 * 1000L;
    static final int MAX_SEEN_EVENTS = 4096;
    static final int MAX_FROZEN_CASES = 64;
    static final int MAX_LICENSES = 16;

    public enum Outcome { APPLIED, DUPLICATE }

    private final ModelSet models;
    private final long penaltyRetentionMs;
    private final long inspectionRetentionMs;
    private final long complaintRetentionMs;
    private final long samplingRetentionMs;
    private final long changeRetentionMs;
    private final EnterpriseWarnings warnings = new EnterpriseWarnings();

    public RiskEngine(ModelSet models) {
        this.models = models;
        WarningRules warnings = models.defaultModel().warnings;
        this.penaltyRetentionMs = Math.max(models.longestSpanMs(Indicator.PENALTY),
                warnings.changeAfterPenaltyWithinDays * DAY_MS);
        this.inspectionRetentionMs = models.longestSpanMs(Indicator.INSPECTION);
        this.complaintRetentionMs = Math.max(models.longestSpanMs(Indicator.COMPLAINT),
                warnings.complaintSurgeWithinDays * DAY_MS);
        this.samplingRetentionMs = Math.max(models.longestSpanMs(Indicator.SAMPLING),
                warnings.samplingFailuresWithinDays * DAY_MS);
        this.changeRetentionMs = Math.max(models.longestSpanMs(Indicator.REGISTRATION_CHANGE),
                warnings.frequentChangesWithinDays * DAY_MS);
    }

    /**
     * Applies one record. Its clock is its {@code reportedAt}, or the enterprise's clock when the record is late:
     * the clock never runs backwards. Expiries due before the record are assessed first.
     */
    public Outcome apply(String creditCode, EnterpriseState s, EnterpriseRecord r, EngineOutput out) {
        long clock = Math.max(r.reportedAt, s.clock);
        advanceTo(creditCode, s, clock, out);
        if (!rememberEvent(s, r, clock)) {
            return Outcome.DUPLICATE;
        }
        long previousClock = s.clock;
        s.clock = clock;
        prune(s, clock);
        update(s, r, clock);
        Assessment current = emitIfChanged(creditCode, s, previousClock, r.eventId, out);
        warnings.afterRecord(creditCode, s, r, current, models.select(s.tags), out);
        if (r.type == org.creditwatch.domain.RecordType.COMPLAINT && s.industry != null) {
            out.complaint(segmentComplaint(current.regionCode, s.industry, r, clock));
        }
        return Outcome.APPLIED;
    }

    private static SegmentComplaint segmentComplaint(String regionCode, String industry, EnterpriseRecord r, long clock) {
        SegmentComplaint c = new SegmentComplaint();
        c.regionCode = regionCode;
        c.industrySection = industry.substring(0, 1);
        c.segment = SegmentComplaint.segmentOf(c.regionCode, c.industrySection);
        c.eventId = r.eventId;
        c.occurredAt = r.occurredAt;
        c.appliedAt = clock;
        return c;
    }

    /**
     * Moves the clock to {@code time}, assessing at each instant a contribution expires on the way. A deregistered
     * enterprise whose retention ends on the way is cleared ({@link EnterpriseState#isEmpty()} afterwards).
     */
    public void advanceTo(String creditCode, EnterpriseState s, long time, EngineOutput out) {
        for (long due = nextDeadline(s); due <= time; due = nextDeadline(s)) {
            long previousClock = s.clock;
            s.clock = due;
            if (s.status == EnterpriseState.DEREGISTERED) {
                s.clear();
                return;
            }
            String cause = endingAt(s, due, models.select(s.tags));
            prune(s, due);
            Assessment current = emitIfChanged(creditCode, s, previousClock, cause, out);
            warnings.onClockAdvance(creditCode, s, previousClock, due, current, models.select(s.tags), out);
        }
    }

    /**
     * The next instant after the clock at which the enterprise's assessment may change without a new record, or
     * {@link Long#MAX_VALUE}. A deregistered enterprise's only deadline is the end of its retention.
     */
    public long nextDeadline(EnterpriseState s) {
        if (s.sequence == 0) {
            return Long.MAX_VALUE;
        }
        if (s.status == EnterpriseState.DEREGISTERED) {
            return s.deregisteredAt + DEREGISTERED_RETENTION_MS;
        }
        Model model = models.select(s.tags);
        long next = Long.MAX_VALUE;
        next = Math.min(next, expiryAfter(s.clock, s.penalties, model.rule(Indicator.PENALTY)));
        next = Math.min(next, expiryAfter(s.clock, s.inspections, model.rule(Indicator.INSPECTION)));
        next = Math.min(next, expiryAfter(s.clock, s.complaints, model.rule(Indicator.COMPLAINT)));
        next = Math.min(next, expiryAfter(s.clock, s.samplingFailures, model.rule(Indicator.SAMPLING)));
        next = Math.min(next, expiryAfter(s.clock, s.keyChanges, model.rule(Indicator.REGISTRATION_CHANGE)));
        IndicatorRule newEnterprise = model.rule(Indicator.NEW_ENTERPRISE);
        if (newEnterprise != null && s.establishedOn != Integer.MIN_VALUE) {
            long end = startOfDay(s.establishedOn) + newEnterprise.countsForMs;
            if (end > s.clock) {
                next = Math.min(next, end);
            }
        }
        return Math.min(next, EnterpriseWarnings.nextLicenceInstant(s, model));
    }

    /**
     * The record whose contribution ends at {@code instant} (a time-bound record, or a licence), if any: the evidence
     * of a change that the clock alone makes, such as a class escalation when a licence lapses.
     */
    private static String endingAt(EnterpriseState s, long instant, Model model) {
        String id = endingAt(instant, s.penalties, model.rule(Indicator.PENALTY));
        id = id != null ? id : endingAt(instant, s.inspections, model.rule(Indicator.INSPECTION));
        id = id != null ? id : endingAt(instant, s.complaints, model.rule(Indicator.COMPLAINT));
        id = id != null ? id : endingAt(instant, s.samplingFailures, model.rule(Indicator.SAMPLING));
        id = id != null ? id : endingAt(instant, s.keyChanges, model.rule(Indicator.REGISTRATION_CHANGE));
        for (int i = 0; id == null && i < s.licenseNos.length; i++) {
            if (s.licenseEnd(i) == instant) {
                id = s.licenseEventIds[i];
            }
        }
        return id;
    }

    private static String endingAt(long instant, TimedEntries entries, IndicatorRule rule) {
        if (rule != null) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.at(i) + rule.countsForMs == instant) {
                    return entries.id(i);
                }
            }
        }
        return null;
    }

    private static long expiryAfter(long clock, TimedEntries entries, IndicatorRule rule) {
        if (rule == null) {
            return Long.MAX_VALUE;
        }
        for (int i = 0; i < entries.size(); i++) {
            long end = entries.at(i) + rule.countsForMs;
            if (end > clock) {
                return end;
            }
        }
        return Long.MAX_VALUE;
    }

    static long startOfDay(long epochDay) {
        return epochDay * DAY_MS - CST_OFFSET_MS;
    }

    /** Notes the record's id; false when a copy of it was seen within the duplicate window. */
    private static boolean rememberEvent(EnterpriseState s, EnterpriseRecord r, long clock) {
        int expired = 0;
        while (expired < s.seenUntil.length && s.seenUntil[expired] <= clock) {
            expired++;
        }
        long id = eventHash(r);
        for (int i = expired; i < s.seenEvents.length; i++) {
            if (s.seenEvents[i] == id) {
                return false;
            }
        }
        int kept = Math.min(s.seenEvents.length - expired, MAX_SEEN_EVENTS - 1);
        int from = s.seenEvents.length - kept;
        long[] events = Arrays.copyOfRange(s.seenEvents, from, s.seenEvents.length + 1);
        long[] until = Arrays.copyOfRange(s.seenUntil, from, s.seenUntil.length + 1);
        events[kept] = id;
        until[kept] = clock + DUPLICATE_WINDOW_MS;
        s.seenEvents = events;
        s.seenUntil = until;
        return true;
    }

    private static long eventHash(EnterpriseRecord r) {
        return Hashes.of(r.eventId, r.stream.ordinal());
    }

    /** Forgets what no model or warning window can need any more at this clock. */
    private void prune(EnterpriseState s, long clock) {
        s.penalties.removeUpTo(clock - penaltyRetentionMs);
        s.inspections.removeUpTo(clock - inspectionRetentionMs);
        s.complaints.removeUpTo(clock - complaintRetentionMs);
        s.samplingFailures.removeUpTo(clock - samplingRetentionMs);
        s.keyChanges.removeUpTo(clock - changeRetentionMs);
        // an expired licence stays for the instant it expires at: LICENSE_EXPIRED looks at it then
        for (int i = s.licenseNos.length - 1; i >= 0; i--) {
            if (s.licenseEnd(i) < clock) {
                s.removeLicenseAt(i);
            }
        }
    }

    private void update(EnterpriseState s, EnterpriseRecord r, long clock) {
        switch (r.type) {
            case REGISTERED:
                s.name = r.name;
                s.regionCode = r.regionCode;
                s.industry = r.industry;
                s.tags = r.tags;
                s.establishedOn = r.establishedOn;
                if (r.scale != null) {
                    s.scale = r.scale.ordinal();
                }
                if (r.qualityCertified != null) {
                    s.qualityCertified = r.qualityCertified ? 1 : 0;
                }
                break;
            case CHANGED:
                applyChange(s, r, clock);
                break;
            case LICENSE_GRANTED:
                if (startOfDay(r.validUntil + 1) > clock) {
                    s.putLicense(Hashes.of(r.licenseNo, 0), r.licenseType, r.validUntil, r.eventId);
                    if (s.licenseNos.length > MAX_LICENSES) {
                        s.removeLicenseAt(0);
                    }
                } else {
                    s.removeLicense(Hashes.of(r.licenseNo, 0));
                }
                break;
            case LICENSE_REVOKED:
                s.removeLicense(Hashes.of(r.licenseNo, 0));
                break;
            case DEREGISTERED:
                s.status = EnterpriseState.DEREGISTERED;
                s.deregisteredAt = clock;
                s.deregisteredOccurredAt = r.occurredAt;
                s.deregisteredEventId = r.eventId;
                break;
            case PENALTY:
                addIfCounting(s.penalties, r.occurredAt, Indicator.PENALTY.kindIndex(r.severity.name()), r.eventId,
                        clock, penaltyRetentionMs);
                break;
            case ABNORMAL_LISTED:
                s.abnormalListed = true;
                s.abnormalListedAt = r.occurredAt;
                s.abnormalListedEventId = r.eventId;
                break;
            case ABNORMAL_REMOVED:
                s.abnormalListed = false;
                s.abnormalListedEventId = null;
                break;
            case SERIOUS_LISTED:
            case SERIOUS_REMOVED:
                s.seriousListed = r.type == org.creditwatch.domain.RecordType.SERIOUS_LISTED;
                break;
            case JUDICIAL_FREEZE:
                s.addFrozenCase(Hashes.of(r.caseNo, 0));
                if (s.frozenCases.length > MAX_FROZEN_CASES) {
                    s.frozenCases = Arrays.copyOfRange(s.frozenCases, 1, s.frozenCases.length);
                }
                break;
            case JUDICIAL_UNFREEZE:
                s.removeFrozenCase(Hashes.of(r.caseNo, 0));
                break;
            case COMPLAINT:
                addIfCounting(s.complaints, r.occurredAt,
                        Indicator.COMPLAINT.kindIndex(Boolean.TRUE.equals(r.substantiated) ? "SUBSTANTIATED" : "UNSUBSTANTIATED"),
                        r.eventId, clock, complaintRetentionMs);
                break;
            case SAMPLING:
                if (r.samplingResult == SamplingResult.FAIL) {
                    addIfCounting(s.samplingFailures, r.occurredAt,
                            Indicator.SAMPLING.kindIndex(r.hazard == Hazard.HIGH ? "FAIL_HIGH_HAZARD" : "FAIL"),
                            r.eventId, clock, samplingRetentionMs);
                }
                break;
            case INSPECTION:
                addIfCounting(s.inspections, r.occurredAt, Indicator.INSPECTION.kindIndex(r.inspectionResult.name()),
                        r.eventId, clock, inspectionRetentionMs);
                break;
            default:
                throw new IllegalStateException("unhandled record type " + r.type);
        }
    }

    private void applyChange(EnterpriseState s, EnterpriseRecord r, long clock) {
        if (r.field.isKeyChange()) {
            addIfCounting(s.keyChanges, r.occurredAt, Indicator.REGISTRATION_CHANGE.kindIndex(r.field.name()),
                    r.eventId, clock, changeRetentionMs);
        }
        switch (r.field) {
            case ADDRESS:
                if (r.newRegionCode != null) {
                    s.regionCode = r.newRegionCode;
                }
                break;
            case NAME:
                s.name = r.newValue;
                break;
            case SCALE:
                s.scale = org.creditwatch.domain.Enums.Scale.valueOf(r.newValue).ordinal();
                break;
            case QUALITY_CERTIFICATION:
                s.qualityCertified = Boolean.parseBoolean(r.newValue) ? 1 : 0;
                break;
            default:
                break;
        }
    }

    private static void addIfCounting(TimedEntries entries, long occurredAt, int kind, String eventId, long clock,
            long retentionMs) {
        if (occurredAt + retentionMs > clock) {
            entries.add(occurredAt, kind, eventId);
        }
    }

    /**
     * Emits the enterprise's assessment if it changed (or is the first), with a class escalation warning where the
     * class rose; returns the current assessment either way.
     */
    private Assessment emitIfChanged(String creditCode, EnterpriseState s, long previousClock, String cause,
            EngineOutput out) {
        Assessment a = assess(creditCode, s);
        long fingerprint = fingerprint(a);
        if (s.sequence == 0 || fingerprint != s.lastFingerprint) {
            RiskClass previous = s.lastRiskClass == EnterpriseState.UNKNOWN ? null : RiskClass.values()[s.lastRiskClass];
            if (s.sequence == 0) {
                s.lifetimeStart = s.clock;
            }
            s.sequence++;
            s.lastFingerprint = fingerprint;
            s.lastRiskClass = a.riskClass.ordinal();
            a.sequence = s.sequence;
            a.lifetimeStart = s.lifetimeStart;
            out.assessment(a);
            warnings.afterAssessment(creditCode, s, previous, previousClock, a, cause, models.select(s.tags), out);
        }
        return a;
    }

    /** The assessment of the enterprise at its clock (spec §5), without a sequence number. */
    Assessment assess(String creditCode, EnterpriseState s) {
        Model model = models.select(s.tags);
        List<Assessment.Contribution> contributions = new ArrayList<>();
        List<Indicator> floors = new ArrayList<>();
        RiskClass floorClass = RiskClass.D;
        double total = 0;
        for (IndicatorRule rule : model.indicators()) {
            Tally tally = tally(s, rule);
            double bounded = Math.max(rule.min, Math.min(rule.cap, tally.points));
            double weighted = rule.weight * bounded;
            if (weighted != 0) {
                contributions.add(new Assessment.Contribution(rule.indicator, round1(weighted), tally.records));
            }
            if (rule.floor != null && bounded > 0) {
                floors.add(rule.indicator);
                floorClass = RiskClass.riskier(floorClass, rule.floor);
            }
            total += weighted;
        }
        Assessment a = new Assessment();
        a.creditCode = creditCode;
        a.name = s.name;
        a.regionCode = s.regionCode != null ? s.regionCode : CreditCode.divisionOf(creditCode);
        a.industry = s.industry;
        a.model = model.id;
        a.score = round1(Math.max(0, Math.min(100, total)));
        a.riskClass = RiskClass.riskier(model.classOf(a.score), floorClass);
        a.status = s.status == EnterpriseState.DEREGISTERED ? Assessment.Status.DEREGISTERED : Assessment.Status.ACTIVE;
        a.assessedAt = s.clock;
        a.contributions = contributions.toArray(new Assessment.Contribution[0]);
        a.floors = floors.toArray(new Indicator[0]);
        return a;
    }

    private static final class Tally {
        double points;
        int records;

        void add(double p) {
            if (p != 0) {
                points += p;
                records++;
            }
        }
    }

    private Tally tally(EnterpriseState s, IndicatorRule rule) {
        Tally t = new Tally();
        switch (rule.indicator) {
            case SERIOUS_DISHONEST:
                t.add(s.seriousListed ? rule.points("LISTED") : 0);
                break;
            case ABNORMAL_LIST:
                t.add(s.abnormalListed ? rule.points("LISTED") : 0);
                break;
            case PENALTY:
                tallyTimed(t, s.penalties, rule, s.clock);
                break;
            case JUDICIAL:
                for (int i = 0; i < s.frozenCases.length; i++) {
                    t.add(rule.points("FROZEN_CASE"));
                }
                break;
            case INSPECTION:
                tallyTimed(t, s.inspections, rule, s.clock);
                break;
            case COMPLAINT:
                tallyTimed(t, s.complaints, rule, s.clock);
                break;
            case SAMPLING:
                tallyTimed(t, s.samplingFailures, rule, s.clock);
                break;
            case REGISTRATION_CHANGE:
                tallyTimed(t, s.keyChanges, rule, s.clock);
                break;
            case NEW_ENTERPRISE:
                if (s.establishedOn != Integer.MIN_VALUE && s.clock < startOfDay(s.establishedOn) + rule.countsForMs) {
                    t.add(rule.points("NEW"));
                }
                break;
            case SCALE:
                if (s.scale != EnterpriseState.UNKNOWN) {
                    t.add(rule.points(s.scale));
                }
                break;
            case QUALITY_CONTROL:
                if (s.qualityCertified != EnterpriseState.UNKNOWN) {
                    t.add(rule.points(s.qualityCertified == 1 ? "CERTIFIED" : "NOT_CERTIFIED"));
                }
                break;
            case KEY_REGION:
                String region = s.regionCode;
                if (region != null && rule.keyRegions.contains(region)) {
                    t.add(rule.points("IN_KEY_REGION"));
                }
                break;
            case LICENSE:
                if (!hasValidLicense(s, rule.licenseType)) {
                    t.add(rule.points("NO_VALID_LICENSE"));
                }
                break;
            default:
                throw new IllegalStateException("unhandled indicator " + rule.indicator);
        }
        return t;
    }

    private static void tallyTimed(Tally t, TimedEntries entries, IndicatorRule rule, long clock) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.at(i) + rule.countsForMs > clock) {
                t.add(rule.points(entries.kind(i)));
            }
        }
    }

    private static boolean hasValidLicense(EnterpriseState s, String licenseType) {
        for (int i = 0; i < s.licenseNos.length; i++) {
            if (s.licenseTypes[i].equals(licenseType) && s.clock < s.licenseEnd(i)) {
                return true;
            }
        }
        return false;
    }

    private static long fingerprint(Assessment a) {
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

    /**
     * One decimal, half away from zero (四舍五入), of the decimal value meant: a weight of 1.15 on 3 points is 3.45,
     * which binary arithmetic makes 3.4499999999999997; the noise below a millionth of a tenth is dropped first.
     */
    static double round1(double value) {
        double tenths = Math.rint(value * 10.0 * 1e6) / 1e6;
        return Math.copySign(Math.floor(Math.abs(tenths) + 0.5), tenths) / 10.0 + 0.0; // + 0.0: never "-0.0"
    }
}
