package org.creditwatch.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Enums.ChangeField;
import org.creditwatch.domain.Enums.Hazard;
import org.creditwatch.domain.Enums.InspectionResult;
import org.creditwatch.domain.Enums.SamplingResult;
import org.creditwatch.domain.Enums.Scale;
import org.creditwatch.domain.Enums.Severity;
import org.creditwatch.domain.RecordType;
import org.creditwatch.domain.Stream;

/**
 * The explicit serializer of {@link EnterpriseRecord}, on the wire and in the pending-record buffer: the common
 * fields, then a bit mask of the optional fields a record carries and only those. A record type uses a handful of
 * its thirty-one optional fields, so this is a fraction of the POJO serializer's size and work. Its snapshot is
 * versioned: a change of format adds a version, and records buffered in the old format are migrated at restore.
 */
public final class EnterpriseRecordSerializer extends TypeSerializer<EnterpriseRecord> {
    private static final long serialVersionUID = 1L;
    /** Format 1, release 0.1: a 64-bit content hash after the times. Format 2: none, and warningId. */
    static final int FORMAT_1 = 1;
    static final int FORMAT_2 = 2;
    public static final EnterpriseRecordSerializer INSTANCE = new EnterpriseRecordSerializer(FORMAT_2);
    private static final EnterpriseRecordSerializer FORMAT_1_READER = new EnterpriseRecordSerializer(FORMAT_1);

    private final int format;

    private EnterpriseRecordSerializer(int format) {
        this.format = format;
    }

    @Override
    public TypeSerializer<EnterpriseRecord> duplicate() {
        return this;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EnterpriseRecordSerializer other && other.format == format;
    }

    @Override
    public int hashCode() {
        return format;
    }

    private static final Stream[] STREAMS = Stream.values();
    private static final RecordType[] TYPES = RecordType.values();
    private static final Scale[] SCALES = Scale.values();
    private static final ChangeField[] FIELDS = ChangeField.values();
    private static final Severity[] SEVERITIES = Severity.values();
    private static final SamplingResult[] SAMPLING_RESULTS = SamplingResult.values();
    private static final Hazard[] HAZARDS = Hazard.values();
    private static final InspectionResult[] INSPECTION_RESULTS = InspectionResult.values();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public EnterpriseRecord createInstance() {
        return new EnterpriseRecord();
    }

    @Override
    public EnterpriseRecord copy(EnterpriseRecord from) {
        EnterpriseRecord to = new EnterpriseRecord();
        to.stream = from.stream;
        to.eventId = from.eventId;
        to.creditCode = from.creditCode;
        to.type = from.type;
        to.occurredAt = from.occurredAt;
        to.reportedAt = from.reportedAt;
        to.name = from.name;
        to.regionCode = from.regionCode;
        to.industry = from.industry;
        to.tags = from.tags == null ? null : from.tags.clone();
        to.establishedOn = from.establishedOn;
        to.registeredCapital = from.registeredCapital;
        to.scale = from.scale;
        to.qualityCertified = from.qualityCertified;
        to.field = from.field;
        to.newValue = from.newValue;
        to.newRegionCode = from.newRegionCode;
        to.licenseNo = from.licenseNo;
        to.licenseType = from.licenseType;
        to.validUntil = from.validUntil;
        to.decisionNo = from.decisionNo;
        to.severity = from.severity;
        to.amount = from.amount;
        to.domain = from.domain;
        to.reason = from.reason;
        to.caseNo = from.caseNo;
        to.complaintId = from.complaintId;
        to.category = from.category;
        to.substantiated = from.substantiated;
        to.sampleId = from.sampleId;
        to.product = from.product;
        to.samplingResult = from.samplingResult;
        to.hazard = from.hazard;
        to.inspectionId = from.inspectionId;
        to.planId = from.planId;
        to.warningId = from.warningId;
        to.inspectionResult = from.inspectionResult;
        return to;
    }

    @Override
    public EnterpriseRecord copy(EnterpriseRecord from, EnterpriseRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EnterpriseRecord r, DataOutputView out) throws IOException {
        if (format != FORMAT_2) {
            throw new IllegalStateException("format " + format + " is only read, to migrate it");
        }
        out.writeByte(r.stream.ordinal());
        out.writeByte(r.type.ordinal());
        out.writeUTF(r.eventId);
        out.writeUTF(r.creditCode);
        out.writeLong(r.occurredAt);
        out.writeLong(r.reportedAt);
        Object[] optional = optionalFields(r);
        int present = 0;
        for (int i = 0; i < optional.length; i++) {
            if (optional[i] != null) {
                present |= 1 << i;
            }
        }
        out.writeInt(present);
        for (Object value : optional) {
            if (value instanceof String) {
                out.writeUTF((String) value);
            } else if (value instanceof Enum) {
                out.writeByte(((Enum<?>) value).ordinal());
            } else if (value instanceof Integer) {
                out.writeInt((Integer) value);
            } else if (value instanceof Double) {
                out.writeDouble((Double) value);
            } else if (value instanceof Boolean) {
                out.writeBoolean((Boolean) value);
            } else if (value instanceof String[]) {
                String[] tags = (String[]) value;
                out.writeShort(tags.length);
                for (String tag : tags) {
                    out.writeUTF(tag);
                }
            }
        }
    }

    /** The optional fields in their wire order; append new ones at the end only. */
    private static Object[] optionalFields(EnterpriseRecord r) {
        return new Object[] {
            r.name, r.regionCode, r.industry, r.tags, r.establishedOn, r.registeredCapital, r.scale,
            r.qualityCertified, r.field, r.newValue, r.newRegionCode, r.licenseNo, r.licenseType, r.validUntil,
            r.decisionNo, r.severity, r.amount, r.domain, r.reason, r.caseNo, r.complaintId, r.category,
            r.substantiated, r.sampleId, r.product, r.samplingResult, r.hazard, r.inspectionId, r.planId,
            r.inspectionResult, r.warningId
        };
    }

    @Override
    public EnterpriseRecord deserialize(DataInputView in) throws IOException {
        EnterpriseRecord r = new EnterpriseRecord();
        r.stream = STREAMS[in.readByte()];
        r.type = TYPES[in.readByte()];
        r.eventId = in.readUTF();
        r.creditCode = in.readUTF();
        r.occurredAt = in.readLong();
        r.reportedAt = in.readLong();
        if (format == FORMAT_1) {
            in.readLong(); // the content hash: no longer part of a record
        }
        int present = in.readInt();
        int bit = 0;
        r.name = has(present, bit++) ? in.readUTF() : null;
        r.regionCode = has(present, bit++) ? in.readUTF() : null;
        r.industry = has(present, bit++) ? in.readUTF() : null;
        if (has(present, bit++)) {
            r.tags = new String[in.readShort()];
            for (int i = 0; i < r.tags.length; i++) {
                r.tags[i] = in.readUTF();
            }
        }
        r.establishedOn = has(present, bit++) ? in.readInt() : null;
        r.registeredCapital = has(present, bit++) ? in.readDouble() : null;
        r.scale = has(present, bit++) ? SCALES[in.readByte()] : null;
        r.qualityCertified = has(present, bit++) ? in.readBoolean() : null;
        r.field = has(present, bit++) ? FIELDS[in.readByte()] : null;
        r.newValue = has(present, bit++) ? in.readUTF() : null;
        r.newRegionCode = has(present, bit++) ? in.readUTF() : null;
        r.licenseNo = has(present, bit++) ? in.readUTF() : null;
        r.licenseType = has(present, bit++) ? in.readUTF() : null;
        r.validUntil = has(present, bit++) ? in.readInt() : null;
        r.decisionNo = has(present, bit++) ? in.readUTF() : null;
        r.severity = has(present, bit++) ? SEVERITIES[in.readByte()] : null;
        r.amount = has(present, bit++) ? in.readDouble() : null;
        r.domain = has(present, bit++) ? in.readUTF() : null;
        r.reason = has(present, bit++) ? in.readUTF() : null;
        r.caseNo = has(present, bit++) ? in.readUTF() : null;
        r.complaintId = has(present, bit++) ? in.readUTF() : null;
        r.category = has(present, bit++) ? in.readUTF() : null;
        r.substantiated = has(present, bit++) ? in.readBoolean() : null;
        r.sampleId = has(present, bit++) ? in.readUTF() : null;
        r.product = has(present, bit++) ? in.readUTF() : null;
        r.samplingResult = has(present, bit++) ? SAMPLING_RESULTS[in.readByte()] : null;
        r.hazard = has(present, bit++) ? HAZARDS[in.readByte()] : null;
        r.inspectionId = has(present, bit++) ? in.readUTF() : null;
        r.planId = has(present, bit++) ? in.readUTF() : null;
        r.inspectionResult = has(present, bit++) ? INSPECTION_RESULTS[in.readByte()] : null;
        r.warningId = has(present, bit) ? in.readUTF() : null;
        return r;
    }

    private static boolean has(int present, int bit) {
        return (present & (1 << bit)) != 0;
    }

    @Override
    public EnterpriseRecord deserialize(EnterpriseRecord reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<EnterpriseRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Version 3 is release 0.1's (it extended {@code SimpleTypeSerializerSnapshot}, whose version 3 writes nothing)
     * and stands for format 1; version 4 for format 2. Nothing else is written.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<EnterpriseRecord> {
        private static final int FORMAT_1_VERSION = 3;
        private static final int VERSION = 4;
        private int readVersion = VERSION;

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader classLoader) throws IOException {
            if (version != FORMAT_1_VERSION && version != VERSION) {
                throw new IOException("EnterpriseRecordSerializer: unknown snapshot version " + version);
            }
            readVersion = version;
        }

        @Override
        public TypeSerializer<EnterpriseRecord> restoreSerializer() {
            return readVersion == FORMAT_1_VERSION ? FORMAT_1_READER : INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<EnterpriseRecord> resolveSchemaCompatibility(
                TypeSerializerSnapshot<EnterpriseRecord> old) {
            if (!(old instanceof Snapshot previous)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return previous.readVersion == VERSION ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
