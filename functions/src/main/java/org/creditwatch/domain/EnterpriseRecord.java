package org.creditwatch.domain;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Function;
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
    /** The warning this inspection followed up (spec §11). */
    public String warningId;
    public InspectionResult inspectionResult;

    public EnterpriseRecord() {}

    /**
     * The spec's apply order: {@code reportedAt}, then stream name, then {@code eventId}. Two copies of one id (the
     * second is a duplicate) are ordered by their content, field by field, so that which copy counts never depends
     * on how the input interleaves; copies equal in every field are interchangeable.
     */
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
        return c != 0 ? c : CONTENT_ORDER.compare(a, b);
    }

    private static final Comparator<EnterpriseRecord> CONTENT_ORDER = Comparator
            .comparing((EnterpriseRecord r) -> r.creditCode)
            .thenComparing(r -> r.type)
            .thenComparingLong(r -> r.occurredAt)
            .thenComparing(field(r -> r.name))
            .thenComparing(field(r -> r.regionCode))
            .thenComparing(field(r -> r.industry))
            .thenComparing(r -> r.tags, Comparator.nullsFirst(Arrays::<String>compare))
            .thenComparing(field(r -> r.establishedOn))
            .thenComparing(field(r -> r.registeredCapital))
            .thenComparing(field(r -> r.scale))
            .thenComparing(field(r -> r.qualityCertified))
            .thenComparing(field(r -> r.field))
            .thenComparing(field(r -> r.newValue))
            .thenComparing(field(r -> r.newRegionCode))
            .thenComparing(field(r -> r.licenseNo))
            .thenComparing(field(r -> r.licenseType))
            .thenComparing(field(r -> r.validUntil))
            .thenComparing(field(r -> r.decisionNo))
            .thenComparing(field(r -> r.severity))
            .thenComparing(field(r -> r.amount))
            .thenComparing(field(r -> r.domain))
            .thenComparing(field(r -> r.reason))
            .thenComparing(field(r -> r.caseNo))
            .thenComparing(field(r -> r.complaintId))
            .thenComparing(field(r -> r.category))
            .thenComparing(field(r -> r.substantiated))
            .thenComparing(field(r -> r.sampleId))
            .thenComparing(field(r -> r.product))
            .thenComparing(field(r -> r.samplingResult))
            .thenComparing(field(r -> r.hazard))
            .thenComparing(field(r -> r.inspectionId))
            .thenComparing(field(r -> r.planId))
            .thenComparing(field(r -> r.warningId))
            .thenComparing(field(r -> r.inspectionResult));

    private static <U extends Comparable<? super U>> Comparator<EnterpriseRecord> field(
            Function<EnterpriseRecord, U> value) {
        return Comparator.comparing(value, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    @Override
    public String toString() {
        return stream + "/" + type + "/" + eventId + "@" + creditCode;
    }
}
