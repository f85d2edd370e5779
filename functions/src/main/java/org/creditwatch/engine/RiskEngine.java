package org.creditwatch.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.creditwatch.domain.CreditCode;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Enums.Hazard;
import org.creditwatch.domain.Enums.InspectionResult;
import org.creditwatch.domain.Enums.SamplingResult;
import org.creditwatch.domain.RecordType;
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
    static final int MAX_FROZEN_CASES = 64;
    static final int MAX_LICENSES = 16;

    public enum Outcome { APPLIED, DUPLICATE }

    private final ModelSet models;
    /** How long state keeps a time-bound indicator's records after they happened. */
    private final EnumMap<Indicator, Long> retentionMs = new EnumMap<>(Indicator.class);
    private final EnterpriseWarnings warnings = new EnterpriseWarnings();

    public RiskEngine(ModelSet models) {
        this(models, 0);
    }

    /**
     * @param retainMs the least time state keeps any time-bound record. Records are kept at least as long as the
     *     longest span of these models and of the bundled ones, and as the warnings look back: so that a new model
     *     set may lengthen a span up to that and still re-score exactly (spec §12)
     */
    public RiskEngine(ModelSet models, long retainMs) {
        this.models = models;
        for (Indicator indicator : EnterpriseState.TIMED) {
            long span = Math.max(models.longestSpanMs(indicator), ModelSet.bundled().longestSpanMs(indicator));
            retentionMs.put(indicator, Math.max(Math.max(span, retainMs),
                    warningWindowMs(indicator, models.defaultModel().warnings)));
        }
    }

    /** How far back the warning rules look at an indicator's records. */
    private static long warningWindowMs(Indicator indicator, WarningRules w) {
        switch (indicator) {
            case PENALTY:
                return w.changeAfterPenaltyWithinDays * DAY_MS;
            case COMPLAINT:
                return w.complaintSurgeWithinDays * DAY_MS;
            case SAMPLING:
                return w.samplingFailuresWithinDays * DAY_MS;
            case REGISTRATION_CHANGE:
                return w.frequentChangesWithinDays * DAY_MS;
            default:
                return 0;
        }
    }

    public ModelSet models() {
        return models;
    }

    /**
     * Applies one record. Its clock is its {@code reportedAt}, or the enterprise's clock when the record is late:
     * the clock never runs backwards. Expiries due before the record are assessed first.
     */
    public Outcome apply(String creditCode, EnterpriseState s, EnterpriseRecord r, EngineOutput out) {
        long clock = Math.max(r.reportedAt, s.clock);
        advanceTo(creditCode, s, clock, out);
        if (!s.seen.remember(r.stream, r.eventId, clock, DUPLICATE_WINDOW_MS)) {
            return Outcome.DUPLICATE;
        }
        if (r.type == RecordType.INSPECTION) {
            out.outcome(outcomeOf(creditCode, s, r));
        }
        long previousClock = s.clock;
        s.clock = clock;
        prune(s, clock);
        update(s, r, clock);
        Assessment current = emitIfChanged(creditCode, s, previousClock, r.eventId, out);
        warnings.afterRecord(creditCode, s, r, current, models.select(s.tags), out);
        if (r.type == RecordType.COMPLAINT && s.industry != null) {
            out.complaint(segmentComplaint(current.regionCode, s.industry, r, clock));
        }
        return Outcome.APPLIED;
    }

    /**
     * An inspection's result beside the assessment in force just before it is applied: the clock has been advanced to
     * the record (expiries due by then applied), and nothing changes between expiries.
     */
    private InspectionOutcome outcomeOf(String creditCode, EnterpriseState s, EnterpriseRecord r) {
        InspectionOutcome o = new InspectionOutcome();
        o.eventId = r.eventId;
        o.inspectionId = r.inspectionId;
        o.planId = r.planId;
        o.warningId = r.warningId;
        o.creditCode = creditCode;
        o.occurredAt = r.occurredAt;
        o.reportedAt = r.reportedAt;
        o.result = r.inspectionResult;
        o.found = r.inspectionResult != InspectionResult.PASSED;
        if (s.sequence == 0) {
            Model model = models.defaultModel();
            o.regionCode = CreditCode.divisionOf(creditCode);
            o.classBefore = RiskClass.D;
            o.modelBefore = model.id;
            o.modelVersionBefore = model.version;
        } else {
            Assessment before = assess(creditCode, s);
            o.name = before.name;
            o.regionCode = before.regionCode;
            o.industry = before.industry;
            o.classBefore = before.riskClass;
            o.scoreBefore = before.score;
            o.modelBefore = before.model;
            o.modelVersionBefore = before.modelVersion;
        }
        return o;
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
        for (Map.Entry<Indicator, TimedEntries> timed : s.timed.entrySet()) {
            next = Math.min(next, expiryAfter(s.clock, timed.getValue(), model.rule(timed.getKey())));
        }
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
        for (Map.Entry<Indicator, TimedEntries> timed : s.timed.entrySet()) {
            String id = endingAt(instant, timed.getValue(), model.rule(timed.getKey()));
            if (id != null) {
                return id;
            }
        }
        for (EnterpriseState.Licence licence : s.licences) {
            if (licence.end() == instant) {
                return licence.eventId;
            }
        }
        return null;
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

    /** Forgets what no model or warning window can need any more at this clock. */
    private void prune(EnterpriseState s, long clock) {
        s.timed.forEach((indicator, entries) -> entries.removeUpTo(clock - retentionMs.get(indicator)));
        // an expired licence stays for the instant it expires at: LICENSE_EXPIRED looks at it then
        for (int i = s.licences.length - 1; i >= 0; i--) {
            if (s.licences[i].end() < clock) {
                s.removeLicenceAt(i);
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
                    s.putLicence(r.licenseNo, r.licenseType, r.validUntil, r.eventId);
                    if (s.licences.length > MAX_LICENSES) {
                        s.removeLicenceAt(0);
                    }
                } else {
                    s.removeLicence(r.licenseNo);
                }
                break;
            case LICENSE_REVOKED:
                s.removeLicence(r.licenseNo);
                break;
            case DEREGISTERED:
                s.status = EnterpriseState.DEREGISTERED;
                s.deregisteredAt = clock;
                s.deregisteredOccurredAt = r.occurredAt;
                s.deregisteredEventId = r.eventId;
                break;
            case PENALTY:
                addIfCounting(s, Indicator.PENALTY, r.occurredAt, r.severity.name(), r.eventId, clock);
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
                s.seriousListed = r.type == RecordType.SERIOUS_LISTED;
                break;
            case JUDICIAL_FREEZE:
                s.frozenCases.add(r.caseNo);
                s.frozenCases.keepNewest(MAX_FROZEN_CASES);
                break;
            case JUDICIAL_UNFREEZE:
                s.frozenCases.remove(r.caseNo);
                break;
            case COMPLAINT:
                addIfCounting(s, Indicator.COMPLAINT, r.occurredAt,
                        Boolean.TRUE.equals(r.substantiated) ? "SUBSTANTIATED" : "UNSUBSTANTIATED", r.eventId, clock);
                break;
            case SAMPLING:
                if (r.samplingResult == SamplingResult.FAIL) {
                    addIfCounting(s, Indicator.SAMPLING, r.occurredAt,
                            r.hazard == Hazard.HIGH ? "FAIL_HIGH_HAZARD" : "FAIL", r.eventId, clock);
                }
                break;
            case INSPECTION:
                addIfCounting(s, Indicator.INSPECTION, r.occurredAt, r.inspectionResult.name(), r.eventId, clock);
                break;
            default:
                throw new IllegalStateException("unhandled record type " + r.type);
        }
    }

    private void applyChange(EnterpriseState s, EnterpriseRecord r, long clock) {
        if (r.field.isKeyChange()) {
            addIfCounting(s, Indicator.REGISTRATION_CHANGE, r.occurredAt, r.field.name(), r.eventId, clock);
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

    private void addIfCounting(EnterpriseState s, Indicator indicator, long occurredAt, String kind, String eventId,
            long clock) {
        if (occurredAt + retentionMs.get(indicator) > clock) {
            s.timed(indicator).add(occurredAt, indicator.kindIndex(kind), eventId);
        }
    }

    /**
     * Emits the enterprise's assessment if it changed (or is the first), with a class escalation warning where the
     * class rose; returns the current assessment either way.
     */
    private Assessment emitIfChanged(String creditCode, EnterpriseState s, long previousClock, String cause,
            EngineOutput out) {
        Assessment a = assess(creditCode, s);
        byte[] signature = signature(a);
        if (s.sequence == 0 || !sameAsLast(s, a, signature)) {
            RiskClass previous = s.lastRiskClass == EnterpriseState.UNKNOWN ? null : RiskClass.values()[s.lastRiskClass];
            emit(s, a, signature, out);
            warnings.afterAssessment(creditCode, s, previous, previousClock, a, cause, models.select(s.tags), out);
        }
        return a;
    }

    /**
     * Re-assesses an enterprise under this engine's models at its own clock, when the job switches to a new model
     * set (spec §12): emits an assessment if anything changed. A re-score is not a change of the enterprise: it
     * raises no warning, and a later escalation is measured from the re-scored class.
     *
     * @return the current assessment, or null for an enterprise without one
     */
    public Assessment rescore(String creditCode, EnterpriseState s, EngineOutput out) {
        if (s.sequence == 0) {
            return null;
        }
        Assessment a = assess(creditCode, s);
        byte[] signature = signature(a);
        if (!sameAsLast(s, a, signature)) {
            emit(s, a, signature, out);
        }
        return a;
    }

    private static void emit(EnterpriseState s, Assessment a, byte[] signature, EngineOutput out) {
        if (s.sequence == 0) {
            s.lifetimeStart = s.clock;
        }
        s.sequence++;
        s.lastSignature = signature;
        s.legacyFingerprint = 0;
        s.lastRiskClass = a.riskClass.ordinal();
        a.sequence = s.sequence;
        a.lifetimeStart = s.lifetimeStart;
        out.assessment(a);
    }

    private static boolean sameAsLast(EnterpriseState s, Assessment a, byte[] signature) {
        return s.lastSignature != null ? Arrays.equals(signature, s.lastSignature)
                : Legacy.fingerprint(a) == s.legacyFingerprint;
    }

    /**
     * What an emitted assessment says, exactly, as far as emission goes (spec §4: score, class, status or
     * contributions change; §12: or the model): compared with the last one to tell whether a new one is due.
     */
    static byte[] signature(Assessment a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(a.model);
            StateCodec.writeVarLong(out, a.modelVersion);
            StateCodec.writeVarLong(out, Math.round(a.score * 10));
            out.writeByte(a.riskClass.ordinal());
            out.writeByte(a.status.ordinal());
            StateCodec.writeVarInt(out, a.contributions.length);
            for (Assessment.Contribution c : a.contributions) {
                out.writeByte(c.indicator.ordinal());
                StateCodec.writeVarLong(out, Math.round(c.points * 10));
                StateCodec.writeVarInt(out, c.records);
            }
            for (Indicator floor : a.floors) {
                out.writeByte(floor.ordinal());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
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
        a.tags = s.tags;
        a.model = model.id;
        a.modelVersion = model.version;
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
            case INSPECTION:
            case COMPLAINT:
            case SAMPLING:
            case REGISTRATION_CHANGE:
                tallyTimed(t, s.timed(rule.indicator), rule, s.clock);
                break;
            case JUDICIAL:
                for (int i = 0; i < s.frozenCases.size(); i++) {
                    t.add(rule.points("FROZEN_CASE"));
                }
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
        for (EnterpriseState.Licence licence : s.licences) {
            if (licence.type.equals(licenseType) && s.clock < licence.end()) {
                return true;
            }
        }
        return false;
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
