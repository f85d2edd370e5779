package org.creditwatch.flink;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.creditwatch.domain.EnterpriseRecord;

/** Flink's view of {@link EnterpriseRecord}: serialised by {@link EnterpriseRecordSerializer}. */
public final class EnterpriseRecordTypeInfo extends TypeInformation<EnterpriseRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<EnterpriseRecord> getTypeClass() {
        return EnterpriseRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<EnterpriseRecord> createSerializer(SerializerConfig config) {
        return EnterpriseRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "EnterpriseRecord";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EnterpriseRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return EnterpriseRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof EnterpriseRecordTypeInfo;
    }
}
