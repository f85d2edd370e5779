package org.creditwatch.model;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A versioned risk model (spec §5): its indicators, class thresholds and which enterprises it applies to. */
public final class Model implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String id;
    public final int version;
    /** Tags that select this model for an enterprise; empty for the default model. */
    public final List<String> appliesToTags;
    public final double classA;
    public final double classB;
    public final double classC;
    private final EnumMap<Indicator, IndicatorRule> indicators;
    public final WarningRules warnings;

    Model(String id, int version, List<String> appliesToTags, double classA, double classB, double classC,
            Map<Indicator, IndicatorRule> indicators, WarningRules warnings) {
        this.id = id;
        this.version = version;
        this.appliesToTags = appliesToTags;
        this.classA = classA;
        this.classB = classB;
        this.classC = classC;
        this.indicators = new EnumMap<>(indicators);
        this.warnings = warnings;
    }

    /** The model's indicators in the fixed order of {@link Indicator}. */
    public Iterable<IndicatorRule> indicators() {
        return indicators.values();
    }

    /** The rule of an indicator, or null when this model does not weigh it. */
    public IndicatorRule rule(Indicator indicator) {
        return indicators.get(indicator);
    }

    public RiskClass classOf(double score) {
        if (score >= classA) {
            return RiskClass.A;
        }
        if (score >= classB) {
            return RiskClass.B;
        }
        return score >= classC ? RiskClass.C : RiskClass.D;
    }
}
