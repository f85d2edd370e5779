package org.creditwatch.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The input streams: a Kafka topic live, a file in replay. Declared in the lexical order of their topic names,
 * which is the spec's tie-break between records of equal {@code reportedAt}.
 */
public enum Stream {
    COMPLAINTS("cw.complaints", "complaints.jsonl", EnumSet.of(RecordType.COMPLAINT)),
    CREDIT_RECORDS("cw.credit-records", "credit-records.jsonl", EnumSet.of(
            RecordType.PENALTY, RecordType.ABNORMAL_LISTED, RecordType.ABNORMAL_REMOVED,
            RecordType.SERIOUS_LISTED, RecordType.SERIOUS_REMOVED,
            RecordType.JUDICIAL_FREEZE, RecordType.JUDICIAL_UNFREEZE)),
    ENTERPRISE("cw.enterprise", "enterprise.jsonl", EnumSet.of(
            RecordType.REGISTERED, RecordType.CHANGED, RecordType.LICENSE_GRANTED,
            RecordType.LICENSE_REVOKED, RecordType.DEREGISTERED)),
    INSPECTIONS("cw.inspections", "inspections.jsonl", EnumSet.of(RecordType.INSPECTION)),
    SAMPLING_RESULTS("cw.sampling-results", "sampling-results.jsonl", EnumSet.of(RecordType.SAMPLING));

    private final String topic;
    private final String fileName;
    private final Set<RecordType> types;

    Stream(String topic, String fileName, Set<RecordType> types) {
        this.topic = topic;
        this.fileName = fileName;
        this.types = types;
    }

    public String topic() {
        return topic;
    }

    public String fileName() {
        return fileName;
    }

    public boolean carries(RecordType type) {
        return types.contains(type);
    }
}
