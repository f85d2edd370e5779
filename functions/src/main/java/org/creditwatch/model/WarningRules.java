package org.creditwatch.model;

import java.io.Serializable;

/** The thresholds, windows and cooldown of the warning rules (spec §6), read from the model file. */
public final class WarningRules implements Serializable {
    private static final long serialVersionUID = 1L;

    public final int cooldownDays;
    public final int complaintSurgeCount;
    public final int complaintSurgeHighCount;
    public final int complaintSurgeWithinDays;
    public final int frequentChangesCount;
    public final int frequentChangesWithinDays;
    public final int samplingFailuresCount;
    public final int samplingFailuresWithinDays;
    public final int changeAfterPenaltyWithinDays;
    public final int licenseExpiringDaysBefore;
    public final int segmentSpikeMinDaily;
    public final double segmentSpikeFactor;
    public final int segmentSpikeBaselineDays;

    public WarningRules(int cooldownDays, int complaintSurgeCount, int complaintSurgeHighCount,
            int complaintSurgeWithinDays, int frequentChangesCount, int frequentChangesWithinDays,
            int samplingFailuresCount, int samplingFailuresWithinDays, int changeAfterPenaltyWithinDays,
            int licenseExpiringDaysBefore, int segmentSpikeMinDaily, double segmentSpikeFactor,
            int segmentSpikeBaselineDays) {
        this.cooldownDays = cooldownDays;
        this.complaintSurgeCount = complaintSurgeCount;
        this.complaintSurgeHighCount = complaintSurgeHighCount;
        this.complaintSurgeWithinDays = complaintSurgeWithinDays;
        this.frequentChangesCount = frequentChangesCount;
        this.frequentChangesWithinDays = frequentChangesWithinDays;
        this.samplingFailuresCount = samplingFailuresCount;
        this.samplingFailuresWithinDays = samplingFailuresWithinDays;
        this.changeAfterPenaltyWithinDays = changeAfterPenaltyWithinDays;
        this.licenseExpiringDaysBefore = licenseExpiringDaysBefore;
        this.segmentSpikeMinDaily = segmentSpikeMinDaily;
        this.segmentSpikeFactor = segmentSpikeFactor;
        this.segmentSpikeBaselineDays = segmentSpikeBaselineDays;
    }
}
