package org.creditwatch.engine;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.creditwatch.domain.Digests;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Enums.Hazard;
import org.creditwatch.domain.Enums.SamplingResult;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.IndicatorRule;
import org.creditwatch.model.Model;
import org.creditwatch.model.RiskClass;
import org.creditwatch.model.WarningRules;

/**
 * The per-enterprise warning rules of spec §6 over {@link EnterpriseState}. A pattern of two records is checked
 * when either is applied, whichever comes first; a rule stays quiet for the cooldown unless its severity rises.
 */
final class EnterpriseWarnings implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long DAY_MS = RiskEngine.DAY_MS;
    private static final int GENERAL = Indicator.PENALTY.kindIndex("GENERAL");

    /** After a record has been applied and assessed. */
    void afterRecord(String code, EnterpriseState s, EnterpriseRecord r, Assessment current, Model model,
            EngineOutput out) {
        WarningRules w = model.warnings;
        switch (r.type) {
            case COMPLAINT:
                Window surge = densestAround(s.timed(Indicator.COMPLAINT), r.occurredAt, w.complaintSurgeWithinDays * DAY_MS);
                if (surge != null && surge.count >= w.complaintSurgeCount) {
                    Warning.Severity severity = surge.count >= w.complaintSurgeHighCount
                            ? Warning.Severity.HIGH : Warning.Severity.MEDIUM;
                    raise(code, s, current, w, Warning.Rule.COMPLAINT_SURGE, severity, surge.start, surge.end,
                            surge.ids, String.format("%d天内收到投诉%d件，请核查投诉集中原因。 / %d complaints within %d days:"
                                    + " look into what they have in common.", w.complaintSurgeWithinDays, surge.count,
                                    surge.count, w.complaintSurgeWithinDays), out);
                }
                break;
            case CHANGED:
                if (r.field.isKeyChange()) {
                    Window changes = densestAround(s.timed(Indicator.REGISTRATION_CHANGE), r.occurredAt, w.frequentChangesWithinDays * DAY_MS);
                    if (changes != null && changes.count >= w.frequentChangesCount) {
                        raise(code, s, current, w, Warning.Rule.FREQUENT_CHANGES, Warning.Severity.MEDIUM,
                                changes.start, changes.end, changes.ids, String.format(
                                        "%d天内关键登记事项（法定代表人、股东、住所、名称）变更%d次，请关注异常变更。 / %d key"
                                        + " registration changes (legal representative, shareholder, address, name)"
                                        + " within %d days.", w.frequentChangesWithinDays, changes.count,
                                        changes.count, w.frequentChangesWithinDays), out);
                    }
                    keyChangeAfterPenalty(code, s, r.occurredAt, r.eventId, current, w, out);
                }
                break;
            case DEREGISTERED:
                keyChangeAfterPenalty(code, s, r.occurredAt, r.eventId, current, w, out);
                break;
            case PENALTY:
                if (r.severity.ordinal() >= GENERAL) {
                    List<String> evidence = new ArrayList<>(List.of(r.eventId));
                    long end = changesIn(s, r.occurredAt, r.occurredAt + w.changeAfterPenaltyWithinDays * DAY_MS, evidence);
                    if (evidence.size() > 1) {
                        raiseChangeAfterPenalty(code, s, current, w, r.occurredAt, end, evidence, true, out);
                    }
                }
                break;
            case ABNORMAL_LISTED:
                List<String> evidence = new ArrayList<>(List.of(r.eventId));
                long end = changesIn(s, r.occurredAt, Long.MAX_VALUE, evidence);
                if (evidence.size() > 1) {
                    raiseChangeAfterPenalty(code, s, current, w, r.occurredAt, end, evidence, false, out);
                }
                break;
            case SAMPLING:
                if (r.samplingResult == SamplingResult.FAIL) {
                    samplingFailures(code, s, r, current, w, out);
                }
                break;
            default:
                break;
        }
    }

    private void samplingFailures(String code, EnterpriseState s, EnterpriseRecord r, Assessment current,
            WarningRules w, EngineOutput out) {
        if (r.hazard == Hazard.HIGH) {
            raise(code, s, current, w, Warning.Rule.SAMPLING_FAILURES, Warning.Severity.HIGH, r.occurredAt,
                    r.occurredAt, List.of(r.eventId), "监督抽检不合格且危害程度高，请立即处置。 / A sample failed with a high"
                            + " hazard: act now.", out);
            return;
        }
        Window fails = densestAround(s.timed(Indicator.SAMPLING), r.occurredAt, w.samplingFailuresWithinDays * DAY_MS);
        if (fails != null && fails.count >= w.samplingFailuresCount) {
            raise(code, s, current, w, Warning.Rule.SAMPLING_FAILURES, Warning.Severity.MEDIUM, fails.start, fails.end,
                    fails.ids, String.format("%d天内监督抽检不合格%d次，请加强抽检。 / %d failed samples within %d days.",
                            w.samplingFailuresWithinDays, fails.count, fails.count, w.samplingFailuresWithinDays), out);
        }
    }

    /** A key change or deregistration at {@code changedAt}: after a recent penalty, or while on the abnormal list. */
    private void keyChangeAfterPenalty(String code, EnterpriseState s, long changedAt, String changeId,
            Assessment current, WarningRules w, EngineOutput out) {
        long within = w.changeAfterPenaltyWithinDays * DAY_MS;
        TimedEntries penalties = s.timed(Indicator.PENALTY);
        for (int i = penalties.size() - 1; i >= 0; i--) {
            long penalisedAt = penalties.at(i);
            if (penalties.kind(i) >= GENERAL && penalisedAt <= changedAt && changedAt - penalisedAt < within) {
                raiseChangeAfterPenalty(code, s, current, w, penalisedAt, changedAt,
                        List.of(penalties.id(i), changeId), true, out);
                return;
            }
        }
        if (s.abnormalListed && changedAt >= s.abnormalListedAt) {
            raiseChangeAfterPenalty(code, s, current, w, s.abnormalListedAt, changedAt,
                    List.of(s.abnormalListedEventId, changeId), false, out);
        }
    }

    /** Adds the ids of key changes and deregistration in [from, until) to evidence; the latest such instant. */
    private static long changesIn(EnterpriseState s, long from, long until, List<String> evidence) {
        long latest = from;
        TimedEntries changes = s.timed(Indicator.REGISTRATION_CHANGE);
        for (int i = 0; i < changes.size(); i++) {
            long at = changes.at(i);
            if (at >= from && at < until) {
                evidence.add(changes.id(i));
                latest = Math.max(latest, at);
            }
        }
        if (s.status == EnterpriseState.DEREGISTERED && s.deregisteredOccurredAt >= from
                && s.deregisteredOccurredAt < until) {
            evidence.add(s.deregisteredEventId);
            latest = Math.max(latest, s.deregisteredOccurredAt);
        }
        return latest;
    }

    private void raiseChangeAfterPenalty(String code, EnterpriseState s, Assessment current, WarningRules w,
            long start, long end, List<String> evidence, boolean afterPenalty, EngineOutput out) {
        String message = afterPenalty
                ? String.format("受到行政处罚后%d天内办理关键变更或注销，可能意图逃避处罚，请核查。 / A key change or"
                        + " deregistration within %d days after a penalty: possible evasion, verify.",
                        w.changeAfterPenaltyWithinDays, w.changeAfterPenaltyWithinDays)
                : "列入经营异常名录期间办理关键变更或注销，请核查。 / A key change or deregistration while on the"
                        + " abnormal-operations list: verify.";
        raise(code, s, current, w, Warning.Rule.CHANGE_AFTER_PENALTY, Warning.Severity.HIGH, start, end, evidence,
                message, out);
    }

    /** When an assessment is emitted: a move to a riskier class than the last emitted one. */
    void afterAssessment(String code, EnterpriseState s, RiskClass previous, long previousClock, Assessment current,
            String cause, Model model, EngineOutput out) {
        if (previous == null || !current.riskClass.isRiskierThan(previous)) {
            return;
        }
        Warning.Severity severity = current.riskClass == RiskClass.A ? Warning.Severity.HIGH
                : current.riskClass == RiskClass.B ? Warning.Severity.MEDIUM : Warning.Severity.LOW;
        raise(code, s, current, model.warnings, Warning.Rule.CLASS_ESCALATION, severity,
                previousClock, current.assessedAt, cause == null ? List.of() : List.of(cause),
                String.format("风险等级由%s升至%s，请核查并调整监管措施。 / Risk class rose from %s to %s: review and adjust"
                        + " supervision.", chinese(previous), chinese(current.riskClass), english(previous),
                        english(current.riskClass)), out);
    }

    /** When the clock moves from {@code from} to {@code to}: licences reaching their warning instants. */
    void onClockAdvance(String code, EnterpriseState s, long from, long to, Assessment current, Model model,
            EngineOutput out) {
        IndicatorRule licence = model.rule(Indicator.LICENSE);
        if (licence == null) {
            return;
        }
        WarningRules w = model.warnings;
        for (EnterpriseState.Licence held : s.licences) {
            if (!held.type.equals(licence.licenseType) || hasLaterLicence(s, held)) {
                continue;
            }
            long end = held.end();
            long expiring = end - w.licenseExpiringDaysBefore * DAY_MS;
            String day = LocalDate.ofEpochDay(held.validUntil).toString();
            if (from < expiring && expiring <= to) {
                raise(code, s, current, w, Warning.Rule.LICENSE_EXPIRING, Warning.Severity.LOW, expiring, end,
                        List.of(held.eventId), String.format("食品经营许可证将于%s到期，尚未续期。 / The food business licence expires on"
                                + " %s and has not been renewed.", day, day), out);
            }
            if (from < end && end <= to) {
                raise(code, s, current, w, Warning.Rule.LICENSE_EXPIRED, Warning.Severity.MEDIUM, expiring, end,
                        List.of(held.eventId), String.format("食品经营许可证已于%s到期，未见新证。 / The food business licence expired on"
                                + " %s and no new licence was granted.", day, day), out);
            }
        }
    }

    /** The instants after the clock at which a licence warning is due, for the engine's next deadline. */
    static long nextLicenceInstant(EnterpriseState s, Model model) {
        IndicatorRule licence = model.rule(Indicator.LICENSE);
        long next = Long.MAX_VALUE;
        if (licence == null) {
            return next;
        }
        for (EnterpriseState.Licence held : s.licences) {
            if (held.type.equals(licence.licenseType)) {
                long end = held.end();
                long expiring = end - model.warnings.licenseExpiringDaysBefore * DAY_MS;
                if (expiring > s.clock) {
                    next = Math.min(next, expiring);
                } else if (end > s.clock) {
                    next = Math.min(next, end);
                }
            }
        }
        return next;
    }

    private static boolean hasLaterLicence(EnterpriseState s, EnterpriseState.Licence licence) {
        for (EnterpriseState.Licence other : s.licences) {
            if (other.type.equals(licence.type) && other.validUntil > licence.validUntil) {
                return true;
            }
        }
        return false;
    }

    private static final class Window {
        int count;
        long start;
        long end;
        List<String> ids;
    }

    /**
     * The largest group of entries whose {@code occurredAt} lie inside {@code withinMs} (earliest to latest less
     * than that) and include {@code at}, or null when no entry is at {@code at}.
     */
    private static Window densestAround(TimedEntries entries, long at, long withinMs) {
        Window best = null;
        for (int i = 0; i < entries.size() && entries.at(i) <= at; i++) {
            if (at - entries.at(i) >= withinMs) {
                continue;
            }
            int j = i;
            while (j + 1 < entries.size() && entries.at(j + 1) - entries.at(i) < withinMs) {
                j++;
            }
            if (best == null || j - i + 1 > best.count) {
                best = new Window();
                best.count = j - i + 1;
                best.start = entries.at(i);
                best.end = entries.at(j);
                best.ids = new ArrayList<>();
                for (int k = i; k <= j; k++) {
                    best.ids.add(entries.id(k));
                }
            }
        }
        return best;
    }

    private void raise(String code, EnterpriseState s, Assessment current, WarningRules w, Warning.Rule rule,
            Warning.Severity severity, long windowStart, long windowEnd, List<String> evidence, String message,
            EngineOutput out) {
        int fired = s.firedIndex(rule.ordinal());
        if (fired >= 0 && s.clock < s.firedAt[fired] + w.cooldownDays * DAY_MS
                && severity.ordinal() <= s.firedSeverity[fired]) {
            return;
        }
        s.recordFiring(rule.ordinal(), s.clock, severity.ordinal());
        Warning warning = new Warning();
        warning.rule = rule;
        warning.severity = severity;
        warning.creditCode = code;
        warning.name = current.name;
        warning.regionCode = current.regionCode;
        warning.industry = current.industry;
        warning.riskClass = current.riskClass;
        warning.score = current.score;
        warning.raisedAt = s.clock;
        warning.windowStart = windowStart;
        warning.windowEnd = windowEnd;
        warning.evidence = evidence.toArray(new String[0]);
        warning.message = message;
        warning.warningId = warningId(code, rule, severity, windowStart, windowEnd, warning.evidence);
        out.warning(warning);
    }

    /**
     * The same facts give the same id, so a replay after a failure overwrites a warning instead of doubling it; and
     * only the same facts do: 128 bits of SHA-256 over the facts, each written with its length so that no two
     * different lists of facts read alike.
     */
    static String warningId(String subject, Warning.Rule rule, Warning.Severity severity, long windowStart,
            long windowEnd, String[] evidence) {
        String[] facts = new String[5 + evidence.length];
        facts[0] = subject;
        facts[1] = rule.name();
        facts[2] = severity.name();
        facts[3] = Long.toString(windowStart);
        facts[4] = Long.toString(windowEnd);
        System.arraycopy(evidence, 0, facts, 5, evidence.length);
        return Digests.id(facts);
    }

    private static String chinese(RiskClass c) {
        switch (c) {
            case A:
                return "A级(红色·高风险)";
            case B:
                return "B级(橙色·中风险)";
            case C:
                return "C级(黄色·一般风险)";
            default:
                return "D级(绿色·低风险)";
        }
    }

    private static String english(RiskClass c) {
        return c + " (" + c.color() + ")";
    }
}
