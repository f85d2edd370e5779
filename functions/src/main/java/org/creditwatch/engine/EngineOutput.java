package org.creditwatch.engine;

/** Where the engine puts what it decides. */
public interface EngineOutput {
    void assessment(Assessment assessment);

    void warning(Warning warning);

    void complaint(SegmentComplaint complaint);

    void outcome(InspectionOutcome outcome);
}
