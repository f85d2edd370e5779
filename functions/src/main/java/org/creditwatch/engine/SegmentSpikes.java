package org.creditwatch.engine;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.creditwatch.model.WarningRules;

/**
 * The segment rule {@code SEGMENT_COMPLAINT_SPIKE} (spec §6): the complaints of one region × industry section on
 * one day (by {@code occurredAt}, China Standard Time) reach the daily minimum and a multiple of the segment's mean
 * daily count over the previous baseline days.
 */
public final class SegmentSpikes implements Serializable {
    private static final long serialVersionUID = 1L;

    private final WarningRules rules;

    public SegmentSpikes(WarningRules rules) {
        this.rules = rules;
    }

    public void apply(SegmentState s, SegmentComplaint c, Consumer<Warning> out) {
        s.clock = Math.max(s.clock, c.appliedAt);
        int day = dayOf(c.occurredAt);
        int newestDay = day;
        for (int d : s.days) {
            newestDay = Math.max(newestDay, d);
        }
        if (day < newestDay - rules.segmentSpikeBaselineDays) {
            return; // older than any baseline still being watched
        }
        s.add(day, c.eventId);
        s.forgetBefore(newestDay - rules.segmentSpikeBaselineDays);
        int count = s.countOn(day);
        int baselineTotal = s.countBetween(day - rules.segmentSpikeBaselineDays, day);
        double mean = baselineTotal / (double) rules.segmentSpikeBaselineDays;
        boolean spike = count >= rules.segmentSpikeMinDaily && count >= rules.segmentSpikeFactor * mean;
        boolean coolingDown = s.lastFiredDay == day
                || s.lastFiredAt != Long.MIN_VALUE && s.clock < s.lastFiredAt + rules.cooldownDays * RiskEngine.DAY_MS;
        if (!spike || coolingDown) {
            return;
        }
        s.lastFiredAt = s.clock;
        s.lastFiredDay = day;
        out.accept(warning(s, c, day, count, mean));
    }

    private Warning warning(SegmentState s, SegmentComplaint c, int day, int count, double mean) {
        Warning w = new Warning();
        w.rule = Warning.Rule.SEGMENT_COMPLAINT_SPIKE;
        w.severity = Warning.Severity.MEDIUM;
        w.regionCode = c.regionCode;
        w.industry = c.industrySection;
        w.raisedAt = s.clock;
        w.windowStart = RiskEngine.startOfDay(day);
        w.windowEnd = RiskEngine.startOfDay(day + 1);
        w.evidence = s.ids[s.indexOf(day)].clone();
        String date = LocalDate.ofEpochDay(day).toString();
        String ratio = mean == 0 ? "∞" : String.format("%.1f", count / mean);
        w.message = String.format("%s 区划%s、行业门类%s 当日投诉%d件，为前%d日日均%.1f件的%s倍，请关注行业性风险。 / %s: %d"
                        + " complaints in region %s, industry section %s, %s times the daily mean of %.1f over the"
                        + " previous %d days.", date, c.regionCode, c.industrySection, count,
                rules.segmentSpikeBaselineDays, mean, ratio, date, count, c.regionCode, c.industrySection, ratio, mean,
                rules.segmentSpikeBaselineDays);
        w.warningId = EnterpriseWarnings.warningId(c.segment, w.rule, w.severity, w.windowStart, w.windowEnd, w.evidence);
        return w;
    }

    static int dayOf(long epochMillis) {
        return (int) Math.floorDiv(epochMillis + RiskEngine.CST_OFFSET_MS, RiskEngine.DAY_MS);
    }
}
