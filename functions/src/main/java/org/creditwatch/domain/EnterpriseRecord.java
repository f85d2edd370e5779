package org.creditwatch.domain;

import org.creditwatch.domain.Enums.ChangeField;
import org.creditwatch.domain.Enums.Hazard;
import org.creditwatch.domain.Enums.InspectionResult;
import org.creditwatch.domain.Enums.SamplingResult;
import org.creditwatch.domain.Enums.Scale;
import org.creditwatch.domain.Enums.Severity;

/**
 * One validated input record of any stream (spec §3), flat so that Flink serialises it as a POJO. Times are epoch
 * milliseconds, dates are epoch days in China Standard Time; a field a record type does not carry stays null.
 * Complainants' personal data has no field here: the parser drops it before a record exists.
 */
public class EnterpriseRecord {
    public Stream stream;
    public String eventId;
    public String creditCode;
    public RecordType type;
    public long occurredAt;
    public long reportedAt;
    /** Hash of the record's content: the last tie-break of the apply order, so that replay is deterministic. */
    public long contentHash;

    // REGISTERED
    public String name;
    public String regionCode;
    public String industry;
    public String[] tags;
    public Integer establishedOn;
    public Double registeredCapital;
    public Scale scale;
    public Boolean qualityCertified;

    // CHANGED
    public ChangeField field;
    public String newValue;
    public String newRegionCode;

    // LICENSE_GRANTED, LICENSE_REVOKED
    public String licenseNo;
    public String licenseType;
    public Integer validUntil;

    // PENALTY
    public String decisionNo;
    public Severity severity;
    public Double amount;
    public String domain;

    // ABNORMAL_*, SERIOUS_*, JUDICIAL_*
    public String reason;
    public String caseNo;

    // COMPLAINT
    public String complaintId;
    public String category;
    public Boolean substantiated;

    // SAMPLING
    public String sampleId;
    public String product;
    public SamplingResult samplingResult;
    public Hazard hazard;

    // INSPECTION
    public String inspectionId;
    public String planId;
    public InspectionResult inspectionResult;

    public EnterpriseRecord() {}

    /** The spec's apply order: {@code reportedAt}, then stream name, then {@code eventId}, then content. */
    public static int compareApplyOrder(EnterpriseRecord a, EnterpriseRecord b) {
        int c = Long.compare(a.reportedAt, b.reportedAt);
        if (c != 0) {
            return c;
        }
        c = a.stream.compareTo(b.stream);
        if (c != 0) {
            return c;
        }
        c = a.eventId.compareTo(b.eventId);
        return c != 0 ? c : Long.compare(a.contentHash, b.contentHash);
    }

    @Override
    public String toString() {
        return stream + "/" + type + "/" + eventId + "@" + creditCode;
    }
}
