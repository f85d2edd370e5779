package org.creditwatch.engine;

import java.util.ArrayList;
import java.util.List;

/** Keeps everything the engine emits, for assertions. */
final class CollectingOutput implements EngineOutput {
    final List<Assessment> assessments = new ArrayList<>();
    final List<Warning> warnings = new ArrayList<>();
    final List<SegmentComplaint> complaints = new ArrayList<>();
    final List<InspectionOutcome> outcomes = new ArrayList<>();

    @Override
    public void assessment(Assessment assessment) {
        assessments.add(assessment);
    }

    @Override
    public void warning(Warning warning) {
        warnings.add(warning);
    }

    @Override
    public void complaint(SegmentComplaint complaint) {
        complaints.add(complaint);
    }

    @Override
    public void outcome(InspectionOutcome outcome) {
        outcomes.add(outcome);
    }
}
