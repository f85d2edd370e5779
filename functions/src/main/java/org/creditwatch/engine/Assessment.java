package org.creditwatch.engine;

import java.util.Arrays;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.RiskClass;

/** One emitted classification of an enterprise, with why (spec §5, §7). A POJO, so that Flink serialises it. */
public class Assessment {
    public String creditCode;
    public String name;
    public String regionCode;
    public String industry;
    /** The enterprise's registered tags (spec §3.1), which select its model and scope spot-check plans (§10). */
    public String[] tags;
    public String model;
    public int modelVersion;
    public double score;
    public RiskClass riskClass;
    public Status status;
    public long sequence;
    /** When the enterprise's state began (epoch ms): it is forgotten a year after deregistration, and may return. */
    public long lifetimeStart;
    public long assessedAt;
    public Contribution[] contributions;
    public Indicator[] floors;

    /**
     * A number that grows with every assessment of the enterprise, across lifetimes: a returning enterprise starts
     * again at sequence 1, which must still supersede its last assessment before it was forgotten. The lifetime's
     * start in seconds above 30 bits of sequence (a new lifetime starts at least a year after the previous one).
     */
    public long version() {
        return (Math.max(0, Math.floorDiv(lifetimeStart, 1000L)) << 30) + sequence;
    }

    public enum Status { ACTIVE, DEREGISTERED }

    /** An indicator's share of the score: points after bounds and weight, and how many records gave them. */
    public static class Contribution {
        public Indicator indicator;
        public double points;
        public int records;

        public Contribution() {}

        public Contribution(Indicator indicator, double points, int records) {
            this.indicator = indicator;
            this.points = points;
            this.records = records;
        }

        @Override
        public String toString() {
            return indicator + "=" + points + "(" + records + ")";
        }
    }

    public Assessment() {}

    public String color() {
        return riskClass.color();
    }

    /** The points of one indicator, 0 when it does not contribute. */
    public double pointsOf(Indicator indicator) {
        for (Contribution c : contributions) {
            if (c.indicator == indicator) {
                return c.points;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return creditCode + "#" + sequence + " " + model + " " + score + " " + riskClass + " " + status
                + " " + Arrays.toString(contributions) + " floors=" + Arrays.toString(floors);
    }
}
