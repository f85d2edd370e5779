package org.creditwatch.engine;

import org.creditwatch.domain.Enums.InspectionResult;
import org.creditwatch.model.RiskClass;

/**
 * What an inspection found, beside the class the enterprise was in just before (spec §11): the evidence for whether
 * the classification finds real problems. A POJO, so that Flink serialises it.
 */
public class InspectionOutcome {
    public String eventId;
    public String inspectionId;
    public String planId;
    public String warningId;
    public String creditCode;
    public String name;
    public String regionCode;
    public String industry;
    public long occurredAt;
    public long reportedAt;
    public InspectionResult result;
    /** True for PROBLEMS_FOUND and NOT_FOUND_AT_ADDRESS. */
    public boolean found;
    /** The assessment in force just before the result was applied: D, 0 and the default model for a new enterprise. */
    public RiskClass classBefore;
    public double scoreBefore;
    public String modelBefore;
    public int modelVersionBefore;

    public InspectionOutcome() {}

    @Override
    public String toString() {
        return creditCode + " " + inspectionId + " " + result + " after " + classBefore + " " + scoreBefore;
    }
}
