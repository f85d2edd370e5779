package org.creditwatch.model;

import java.io.Serializable;
import java.util.List;

/** One indicator as a model weighs it: points per kind of record, how long they count, bounds, weight, floor. */
public final class IndicatorRule implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final long DAY_MS = 24L * 3600 * 1000;

    public final Indicator indicator;
    public final double weight;
    public final double min;
    public final double cap;
    /** Points per kind, indexed like {@link Indicator#kinds()}; a kind the model does not list gives 0. */
    private final double[] points;
    /** How long a record counts, in milliseconds; 0 for indicators that are not time-bound. */
    public final long countsForMs;
    public final RiskClass floor;
    public final List<String> keyRegions;
    public final String licenseType;

    IndicatorRule(Indicator indicator, double weight, double min, double cap, double[] points, long countsForDays,
            RiskClass floor, List<String> keyRegions, String licenseType) {
        this.indicator = indicator;
        this.weight = weight;
        this.min = min;
        this.cap = cap;
        this.points = points;
        this.countsForMs = countsForDays * DAY_MS;
        this.floor = floor;
        this.keyRegions = keyRegions;
        this.licenseType = licenseType;
    }

    public double points(int kindIndex) {
        return points[kindIndex];
    }

    public double points(String kind) {
        return points[indicator.kindIndex(kind)];
    }

    /** The indicator's value from the raw sum of its points: bounded, then weighted. */
    public double weigh(double sum) {
        return weight * Math.max(min, Math.min(cap, sum));
    }
}
