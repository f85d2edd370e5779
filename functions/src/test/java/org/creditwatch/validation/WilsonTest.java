package org.creditwatch.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonTest {

    /** Newcombe, "Two-sided confidence intervals for the single proportion", Stat Med 1998; Table II, method 3. */
    @Test
    void matchesNewcombesPublishedIntervals() {
        assertInterval(81, 263, 0.2553, 0.3662);
        assertInterval(15, 148, 0.0624, 0.1605);
        assertInterval(0, 20, 0.0000, 0.1611);
        assertInterval(1, 29, 0.0061, 0.1718);
    }

    @Test
    void noTrialsGiveNoInterval() {
        assertThat(Wilson.interval95(0, 0)).isNull();
    }

    @Test
    void noneFoundStartsAtExactlyZeroAndAllFoundEndsAtExactlyOne() {
        // 0/n: upper bound z²/n / (1 + z²/n)
        double z2 = Wilson.Z_95 * Wilson.Z_95;
        Wilson.Interval none = Wilson.interval95(0, 10);
        assertThat(none.low()).isEqualTo(0.0);
        assertThat(none.high()).isCloseTo(z2 / 10 / (1 + z2 / 10), within(1e-12));
        Wilson.Interval all = Wilson.interval95(10, 10);
        assertThat(all.high()).isEqualTo(1.0);
        assertThat(all.low()).isCloseTo(1 - none.high(), within(1e-12));
    }

    @Test
    void narrowsAroundTheRateAsTrialsGrow() {
        Wilson.Interval small = Wilson.interval95(5, 10);
        Wilson.Interval large = Wilson.interval95(500, 1000);
        assertThat(small.low() + small.high()).isCloseTo(1.0, within(1e-12));
        assertThat(large.high() - large.low()).isLessThan((small.high() - small.low()) / 5);
        assertThat(large.low()).isLessThan(0.5);
        assertThat(large.high()).isGreaterThan(0.5);
    }

    @Test
    void refusesMoreSuccessesThanTrials() {
        assertThatThrownBy(() -> Wilson.interval95(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wilson.interval95(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertInterval(long found, long n, double low, double high) {
        Wilson.Interval interval = Wilson.interval95(found, n);
        assertThat(interval.low()).as(found + "/" + n + " low").isCloseTo(low, within(0.00005));
        assertThat(interval.high()).as(found + "/" + n + " high").isCloseTo(high, within(0.00005));
    }
}
