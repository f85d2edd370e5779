package org.creditwatch.engine;

import org.creditwatch.model.RiskClass;

/**
 * An early warning (预警, spec §6): a rule that fired for an enterprise or a segment, with the window and the
 * evidence (eventIds) that made it fire. A POJO, so that Flink serialises it.
 */
public class Warning {
    public String warningId;
    public Rule rule;
    public Severity severity;
    /** Null for a segment warning. */
    public String creditCode;
    public String name;
    public String regionCode;
    public String industry;
    /** The enterprise's class and score when the warning was raised; null for a segment warning. */
    public RiskClass riskClass;
    public Double score;
    public long raisedAt;
    public long windowStart;
    public long windowEnd;
    public String[] evidence;
    public String message;

    public enum Rule {
        CLASS_ESCALATION, COMPLAINT_SURGE, FREQUENT_CHANGES, SAMPLING_FAILURES, CHANGE_AFTER_PENALTY,
        LICENSE_EXPIRING, LICENSE_EXPIRED, SEGMENT_COMPLAINT_SPIKE
    }

    public enum Severity { LOW, MEDIUM, HIGH }

    public Warning() {}

    @Override
    public String toString() {
        return rule + "/" + severity + " " + (creditCode != null ? creditCode : regionCode + "×" + industry)
                + " evidence=" + String.join(",", evidence);
    }
}
