package org.creditwatch.generate;

import org.creditwatch.domain.Stream;

/** The five replay files, in the order the generator reports them, with their eventId prefixes. */
enum OutFile {
    ENTERPRISE(Stream.ENTERPRISE, "ent", "ANNUAL_REPORT"),
    CREDIT_RECORDS(Stream.CREDIT_RECORDS, "cre", "CREDIT_REPAIR"),
    COMPLAINTS(Stream.COMPLAINTS, "com", "CONSULTATION"),
    SAMPLING_RESULTS(Stream.SAMPLING_RESULTS, "sam", "RETEST"),
    INSPECTIONS(Stream.INSPECTIONS, "ins", "RECTIFICATION");

    final Stream stream;
    final String idPrefix;
    /** A plausible record type the stream does not carry, for planted UNKNOWN_TYPE records. */
    final String unknownType;

    OutFile(Stream stream, String idPrefix, String unknownType) {
        this.stream = stream;
        this.idPrefix = idPrefix;
        this.unknownType = unknownType;
    }

    String fileName() {
        return stream.fileName();
    }
}
