package org.creditwatch.validation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.creditwatch.engine.Warning;
import org.creditwatch.model.RiskClass;

/**
 * The figures of a backtest (spec §11): the classes at the cutoff against the inspections of the horizon. The unit
 * of {@code inspected} and {@code found} is the inspection, not the enterprise: an enterprise inspected twice in the
 * horizon counts twice, as the spec's "each inspection counts once" and its hit rate over outcomes say.
 */
public final class Backtest {
    private Backtest() {}

    /** An enterprise's latest assessment at the cutoff. */
    public record Assessed(RiskClass riskClass, double score) {}

    /** One inspection of the horizon; {@code found} for PROBLEMS_FOUND and NOT_FOUND_AT_ADDRESS. */
    public record Inspection(String eventId, String creditCode, long occurredAt, String warningId, boolean found) {}

    /** Found out of inspected, with the hit rate (null when nothing was inspected) and its 95 % Wilson interval. */
    public record Rate(long inspected, long found, Double rate, Wilson.Interval interval95) {
        static Rate of(long inspected, long found) {
            return new Rate(inspected, found, inspected == 0 ? null : (double) found / inspected,
                    Wilson.interval95(found, inspected));
        }
    }

    /** A class at the cutoff: its enterprises, their share of all assessed, and the hit rate of their inspections. */
    public record ClassFigures(long enterprises, Double share, Rate hits) {}

    /** A warning rule: warnings raised up to the cutoff, and the follow-ups of those in the horizon. */
    public record RuleFigures(long warnings, Rate precision) {}

    /**
     * @param classes every class, A to D; {@code total} all classes together
     * @param lift hit rate of A ÷ hit rate of D; null when either is undefined or D's is 0
     * @param auc of the score at the cutoff against {@code found}, over the inspections counted; null without both
     * @param leftOut inspections of enterprises without an assessment at the cutoff (not in any class)
     * @param rules every warning rule
     * @param followUpsOfOtherWarnings inspections that name a warning not raised up to the cutoff
     */
    public record Result(Map<RiskClass, ClassFigures> classes, ClassFigures total, Double lift, Double auc,
            long leftOut, Map<Warning.Rule, RuleFigures> rules, long followUpsOfOtherWarnings) {}

    /**
     * @param atCutoff the latest assessment of each enterprise at the cutoff, by credit code
     * @param ruleByWarningId the rule of each warning raised up to the cutoff
     * @param inHorizon the inspections of the horizon, each once
     */
    public static Result compute(Map<String, Assessed> atCutoff, Map<String, Warning.Rule> ruleByWarningId,
            List<Inspection> inHorizon) {
        Map<RiskClass, long[]> enterprises = counters(RiskClass.class, 1);
        atCutoff.values().forEach(a -> enterprises.get(a.riskClass())[0]++);
        Map<RiskClass, long[]> hits = counters(RiskClass.class, 2);
        Map<Warning.Rule, long[]> followUps = counters(Warning.Rule.class, 2);
        List<Auc.Scored> scored = new ArrayList<>();
        long leftOut = 0;
        long followUpsOfOtherWarnings = 0;
        for (Inspection inspection : inHorizon) {
            Assessed assessed = atCutoff.get(inspection.creditCode());
            if (assessed == null) {
                leftOut++;
            } else {
                count(hits.get(assessed.riskClass()), inspection.found());
                scored.add(new Auc.Scored(assessed.score(), inspection.found()));
            }
            if (inspection.warningId() != null) {
                Warning.Rule rule = ruleByWarningId.get(inspection.warningId());
                if (rule == null) {
                    followUpsOfOtherWarnings++;
                } else {
                    count(followUps.get(rule), inspection.found());
                }
            }
        }
        long assessed = atCutoff.size();
        Map<RiskClass, ClassFigures> classes = new EnumMap<>(RiskClass.class);
        long[] all = new long[2];
        for (RiskClass c : RiskClass.values()) {
            long[] h = hits.get(c);
            long n = enterprises.get(c)[0];
            classes.put(c, new ClassFigures(n, assessed == 0 ? null : (double) n / assessed, Rate.of(h[0], h[1])));
            all[0] += h[0];
            all[1] += h[1];
        }
        Map<Warning.Rule, long[]> raised = counters(Warning.Rule.class, 1);
        ruleByWarningId.values().forEach(rule -> raised.get(rule)[0]++);
        Map<Warning.Rule, RuleFigures> rules = new EnumMap<>(Warning.Rule.class);
        for (Warning.Rule rule : Warning.Rule.values()) {
            long[] f = followUps.get(rule);
            rules.put(rule, new RuleFigures(raised.get(rule)[0], Rate.of(f[0], f[1])));
        }
        Double hitA = classes.get(RiskClass.A).hits().rate();
        Double hitD = classes.get(RiskClass.D).hits().rate();
        Double lift = hitA == null || hitD == null || hitD == 0 ? null : hitA / hitD;
        return new Result(classes, new ClassFigures(assessed, assessed == 0 ? null : 1.0, Rate.of(all[0], all[1])),
                lift, Auc.of(scored), leftOut, rules, followUpsOfOtherWarnings);
    }

    private static <E extends Enum<E>> Map<E, long[]> counters(Class<E> type, int width) {
        Map<E, long[]> counters = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            counters.put(e, new long[width]);
        }
        return counters;
    }

    /** counter[0] inspected, counter[1] found */
    private static void count(long[] counter, boolean found) {
        counter[0]++;
        if (found) {
            counter[1]++;
        }
    }
}
