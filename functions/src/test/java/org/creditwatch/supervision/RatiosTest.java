package org.creditwatch.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.creditwatch.model.RiskClass;
import org.junit.jupiter.api.Test;

class RatiosTest {
    @Test
    void ceilIsExactOnTheDecimalAsWritten() {
        Ratios ratios = Ratios.parse("A=0.07,B=0.14,C=0.05,D=0.02");
        assertThat(ratios.drawnOf(RiskClass.A, 100)).isEqualTo(7); // 0.07 × 100 in doubles is 7.000000000000001
        assertThat(ratios.drawnOf(RiskClass.B, 50)).isEqualTo(7); // 0.14 × 50 in doubles is 7.000000000000001
        assertThat(ratios.drawnOf(RiskClass.C, 100)).isEqualTo(5);
        assertThat(ratios.drawnOf(RiskClass.C, 101)).isEqualTo(6);
        assertThat(ratios.drawnOf(RiskClass.D, 50)).isEqualTo(1);
        assertThat(ratios.drawnOf(RiskClass.D, 51)).isEqualTo(2);
        assertThat(ratios.drawnOf(RiskClass.D, 1)).isEqualTo(1);
        assertThat(ratios.drawnOf(RiskClass.D, 0)).isZero();
    }

    @Test
    void ratiosOfZeroAndOneDrawNothingAndEverything() {
        Ratios ratios = Ratios.parse("A=1,D=0");
        assertThat(ratios.drawnOf(RiskClass.A, 17)).isEqualTo(17);
        assertThat(ratios.drawnOf(RiskClass.D, 17)).isZero();
    }

    @Test
    void classesNotNamedKeepTheirDefaults() {
        Ratios ratios = Ratios.parse("A=0.5");
        assertThat(ratios.of(RiskClass.A)).isEqualTo(new BigDecimal("0.5"));
        assertThat(ratios.of(RiskClass.B)).isEqualTo(new BigDecimal("0.10"));
        assertThat(Ratios.DEFAULT.of(RiskClass.A)).isEqualTo(new BigDecimal("0.30"));
        assertThat(Ratios.DEFAULT.of(RiskClass.C)).isEqualTo(new BigDecimal("0.05"));
        assertThat(Ratios.DEFAULT.of(RiskClass.D)).isEqualTo(new BigDecimal("0.02"));
    }

    @Test
    void badRatiosAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> Ratios.parse("E=0.1")).isInstanceOf(PlanException.class)
                .hasMessageContaining("unknown class 'E'");
        assertThatThrownBy(() -> Ratios.parse("A=1.5")).hasMessageContaining("outside 0…1");
        assertThatThrownBy(() -> Ratios.parse("A=-0.1")).hasMessageContaining("outside 0…1");
        assertThatThrownBy(() -> Ratios.parse("A=lots")).hasMessageContaining("not a decimal");
        assertThatThrownBy(() -> Ratios.parse("A0.3")).hasMessageContaining("not CLASS=RATIO");
        assertThatThrownBy(() -> Ratios.parse("A=0.3,A=0.4")).hasMessageContaining("twice");
    }
}
