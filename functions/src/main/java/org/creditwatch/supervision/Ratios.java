package org.creditwatch.supervision;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.creditwatch.model.RiskClass;

/**
 * The share of each stratum a plan draws (spec §10), as the decimals written: {@code ceil(ratio × N)} is computed
 * exactly, so 0.05 × 100 is 5 (binary floating point would make it 6).
 */
public final class Ratios {
    /** A red 30 %, B orange 10 %, C yellow 5 %, D green 2 %. */
    public static final Ratios DEFAULT = new Ratios(given("A=0.30,B=0.10,C=0.05,D=0.02"));

    private final Map<RiskClass, BigDecimal> byClass;

    private Ratios(Map<RiskClass, BigDecimal> byClass) {
        this.byClass = Collections.unmodifiableMap(new EnumMap<>(byClass));
    }

    /**
     * {@code A=0.30,B=0.10,...}: each class at most once, each ratio a decimal in 0…1; a class not named keeps its
     * default ratio.
     */
    public static Ratios parse(String text) {
        Map<RiskClass, BigDecimal> ratios = new EnumMap<>(DEFAULT.byClass);
        ratios.putAll(given(text));
        return new Ratios(ratios);
    }

    private static Map<RiskClass, BigDecimal> given(String text) {
        Map<RiskClass, BigDecimal> given = new EnumMap<>(RiskClass.class);
        for (String part : text.split(",", -1)) {
            String[] pair = part.trim().split("=", -1);
            if (pair.length != 2) {
                throw new PlanException("--ratios: '" + part.trim() + "' is not CLASS=RATIO, e.g. A=0.30");
            }
            RiskClass riskClass;
            try {
                riskClass = RiskClass.valueOf(pair[0].trim());
            } catch (IllegalArgumentException e) {
                throw new PlanException("--ratios: unknown class '" + pair[0].trim() + "' (classes: A, B, C, D)");
            }
            BigDecimal ratio;
            try {
                ratio = new BigDecimal(pair[1].trim());
            } catch (NumberFormatException e) {
                throw new PlanException("--ratios: " + riskClass + "=" + pair[1].trim() + " is not a decimal number");
            }
            if (ratio.signum() < 0 || ratio.compareTo(BigDecimal.ONE) > 0) {
                throw new PlanException("--ratios: " + riskClass + "=" + pair[1].trim() + " is outside 0…1");
            }
            if (given.put(riskClass, ratio) != null) {
                throw new PlanException("--ratios: class " + riskClass + " is given twice");
            }
        }
        return given;
    }

    public BigDecimal of(RiskClass riskClass) {
        return byClass.get(riskClass);
    }

    /** How many of a stratum of {@code population} enterprises are drawn: {@code ceil(ratio × population)}. */
    public int drawnOf(RiskClass riskClass, int population) {
        return of(riskClass).multiply(BigDecimal.valueOf(population)).setScale(0, RoundingMode.CEILING).intValueExact();
    }

    @Override
    public String toString() {
        return byClass.toString();
    }
}
