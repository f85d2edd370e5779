package org.creditwatch.validation;

/**
 * The Wilson score interval of a proportion (spec §11: hit rates and precisions with their 95 % interval). Unlike
 * the normal approximation it stays inside [0, 1] and still says something at 0/n and n/n, which small classes such
 * as A red often show.
 */
public final class Wilson {
    /** The two-sided 95 % quantile of the standard normal distribution. */
    public static final double Z_95 = 1.959963984540054;

    private Wilson() {}

    public record Interval(double low, double high) {}

    /** The 95 % interval of {@code successes} out of {@code trials}; null when there are no trials (0/0 says nothing). */
    public static Interval interval95(long successes, long trials) {
        return interval(successes, trials, Z_95);
    }

    public static Interval interval(long successes, long trials, double z) {
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException("successes must lie in 0.." + trials + ", not " + successes);
        }
        if (trials == 0) {
            return null;
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double halfWidth = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // at 0/n and n/n one bound is exactly 0 or 1; rounding must not push it a hair outside
        return new Interval(successes == 0 ? 0 : Math.max(0, centre - halfWidth),
                successes == trials ? 1 : Math.min(1, centre + halfWidth));
    }
}
