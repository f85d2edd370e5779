package org.creditwatch.model;

import java.util.List;

/**
 * The indicators a model can weigh. What records feed an indicator is fixed here; how many points each kind of
 * record gives, how long it counts, its bounds and weight are the model's data.
 */
public enum Indicator {
    SERIOUS_DISHONEST(false, "LISTED"),
    ABNORMAL_LIST(false, "LISTED"),
    PENALTY(true, "WARNING", "GENERAL", "MAJOR", "SEVERE"),
    JUDICIAL(false, "FROZEN_CASE"),
    INSPECTION(true, "PROBLEMS_FOUND", "NOT_FOUND_AT_ADDRESS", "PASSED"),
    COMPLAINT(true, "UNSUBSTANTIATED", "SUBSTANTIATED"),
    SAMPLING(true, "FAIL", "FAIL_HIGH_HAZARD"),
    REGISTRATION_CHANGE(true, "LEGAL_REPRESENTATIVE", "SHAREHOLDER", "ADDRESS", "NAME"),
    NEW_ENTERPRISE(true, "NEW"),
    SCALE(false, "SMALL", "MEDIUM", "LARGE"),
    QUALITY_CONTROL(false, "CERTIFIED", "NOT_CERTIFIED"),
    KEY_REGION(false, "IN_KEY_REGION"),
    LICENSE(false, "NO_VALID_LICENSE");

    private final boolean timeBound;
    private final List<String> kinds;

    Indicator(boolean timeBound, String... kinds) {
        this.timeBound = timeBound;
        this.kinds = List.of(kinds);
    }

    /** Whether the model must say for how many days a record of this indicator counts. */
    public boolean isTimeBound() {
        return timeBound;
    }

    /** The kinds of record this indicator gives points for, as named in the model file. */
    public List<String> kinds() {
        return kinds;
    }

    /** The index of a kind, which is what state stores, so that a changed point table rescores old records. */
    public int kindIndex(String kind) {
        return kinds.indexOf(kind);
    }
}
