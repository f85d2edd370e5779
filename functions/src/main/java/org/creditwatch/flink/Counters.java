package org.creditwatch.flink;

/** Names of the job's accumulators: replay's summary reads them, and live they show as metrics of the same name. */
public final class Counters {
    private Counters() {}

    public static final String RECORDS = "records";
    public static final String REJECTED = "rejected";
    public static final String AFTER_AS_OF = "afterAsOf";
    public static final String APPLIED = "applied";
    public static final String DUPLICATES = "duplicates";
    public static final String LATE = "late";
    public static final String ASSESSMENTS = "assessments";
    public static final String STATE_BYTES = "stateBytes";
    public static final String ENTERPRISES_IN_STATE = "enterprisesInState";
}
