package org.creditwatch.model;

/** The four credit-risk classes of the source document: A is the riskiest. */
public enum RiskClass {
    A("red"), B("orange"), C("yellow"), D("green");

    private final String color;

    RiskClass(String color) {
        this.color = color;
    }

    public String color() {
        return color;
    }

    public boolean isRiskierThan(RiskClass other) {
        return ordinal() < other.ordinal();
    }

    public static RiskClass riskier(RiskClass a, RiskClass b) {
        return a.isRiskierThan(b) ? a : b;
    }
}
