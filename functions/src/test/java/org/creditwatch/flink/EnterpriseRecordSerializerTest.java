package org.creditwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditwatch.TestRecords.FOOD_CODE;
import static org.creditwatch.TestRecords.record;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.RecordType;
import org.junit.jupiter.api.Test;

class EnterpriseRecordSerializerTest {
    static final Instant T0 = Instant.parse("2026-05-05T01:02:03.456Z");
    private final EnterpriseRecordSerializer serializer = EnterpriseRecordSerializer.INSTANCE;

    private static List<EnterpriseRecord> everyKindOfRecord() {
        return List.of(
                record(FOOD_CODE, RecordType.REGISTERED).at(T0).with("name", "网食").with("regionCode", "150102")
                        .with("industry", "F5292").with("establishedOn", "2024-01-10").tags("ONLINE_FOOD", "X")
                        .with("scale", "SMALL").with("qualityCertified", true).build(),
                record(FOOD_CODE, RecordType.CHANGED).at(T0).with("field", "ADDRESS").with("newValue", "某路1号")
                        .with("newRegionCode", "150105").build(),
                record(FOOD_CODE, RecordType.LICENSE_GRANTED).at(T0).with("licenseNo", "JY1")
                        .with("licenseType", "FOOD_BUSINESS").with("validUntil", "2029-01-14").build(),
                record(FOOD_CODE, RecordType.PENALTY).at(T0).with("decisionNo", "d").with("severity", "SEVERE")
                        .with("domain", "FOOD").build(),
                record(FOOD_CODE, RecordType.JUDICIAL_FREEZE).at(T0).with("caseNo", "(2026)1号").build(),
                record(FOOD_CODE, RecordType.COMPLAINT).at(T0).with("complaintId", "c").with("category", "食品")
                        .with("substantiated", false).build(),
                record(FOOD_CODE, RecordType.SAMPLING).at(T0).with("sampleId", "s").with("product", "p")
                        .with("result", "FAIL").with("hazard", "HIGH").build(),
                record(FOOD_CODE, RecordType.INSPECTION).at(T0).with("inspectionId", "i").with("planId", "plan")
                        .with("result", "NOT_FOUND_AT_ADDRESS").build(),
                record(FOOD_CODE, RecordType.DEREGISTERED).at(T0).build());
    }

    @Test
    void roundTripsEveryKindOfRecordFieldByField() throws Exception {
        for (EnterpriseRecord original : everyKindOfRecord()) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(original, out);
            EnterpriseRecord read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(read).usingRecursiveComparison().isEqualTo(original);
            assertThat(serializer.copy(original)).usingRecursiveComparison().isEqualTo(original);
            assertThat(out.length()).as(original.type + " bytes").isLessThan(160);
        }
    }

    @Test
    void itsSnapshotRestoresACompatibleSerializer() throws Exception {
        TypeSerializerSnapshot<EnterpriseRecord> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<EnterpriseRecord> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializerSchemaCompatibility<EnterpriseRecord> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(read.restoreSerializer()).isSameAs(serializer);
    }
}
