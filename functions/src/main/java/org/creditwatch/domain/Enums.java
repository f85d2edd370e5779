package org.creditwatch.domain;

/** The closed vocabularies of the record fields (spec §3). */
public final class Enums {
    private Enums() {}

    public enum Scale { SMALL, MEDIUM, LARGE }

    public enum ChangeField {
        LEGAL_REPRESENTATIVE, SHAREHOLDER, ADDRESS, NAME, REGISTERED_CAPITAL, BUSINESS_SCOPE, SCALE, QUALITY_CERTIFICATION;

        /** The changes the warnings call key changes (spec §6). */
        public boolean isKeyChange() {
            return this == LEGAL_REPRESENTATIVE || this == SHAREHOLDER || this == ADDRESS || this == NAME;
        }
    }

    public enum Severity { WARNING, GENERAL, MAJOR, SEVERE }

    public enum SamplingResult { PASS, FAIL }

    public enum Hazard { LOW, MEDIUM, HIGH }

    public enum InspectionResult { PASSED, PROBLEMS_FOUND, NOT_FOUND_AT_ADDRESS }
}
