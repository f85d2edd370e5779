package org.creditwatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.RecordType;
import org.creditwatch.domain.Stream;

/** Records for tests, written as JSON and read by the real parser, so that tests exercise what production reads. */
public final class TestRecords {
    /** Region 150103 (回民区), not a key region. */
    public static final String CODE = "91150103000000042R";
    /** Region 150102 (新城区), a key region of online-food-v1. */
    public static final String FOOD_CODE = "91150102000000043E";
    public static final String OTHER_CODE = "91150105000000044W";

    /** The reading clock of test records: far ahead, so that a test may use any date without it being "future". */
    public static final Instant READ_AT = Instant.parse("2100-01-01T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private TestRecords() {}

    public static Builder record(String creditCode, RecordType type) {
        return new Builder(creditCode, type);
    }

    public static Stream streamOf(RecordType type) {
        for (Stream stream : Stream.values()) {
            if (stream.carries(type)) {
                return stream;
            }
        }
        throw new IllegalArgumentException(type.name());
    }

    public static String iso(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(8)).toString();
    }

    public static final class Builder {
        private final ObjectNode json = JSON.createObjectNode();
        private final RecordType type;

        Builder(String creditCode, RecordType type) {
            this.type = type;
            json.put("eventId", "t-" + IDS.incrementAndGet());
            json.put("creditCode", creditCode);
            json.put("type", type.name());
        }

        public Builder id(String eventId) {
            json.put("eventId", eventId);
            return this;
        }

        /** Happened and reported at the same instant. */
        public Builder at(Instant instant) {
            return occurred(instant).reported(instant);
        }

        public Builder occurred(Instant instant) {
            json.put("occurredAt", iso(instant));
            return this;
        }

        public Builder reported(Instant instant) {
            json.put("reportedAt", iso(instant));
            return this;
        }

        public Builder with(String field, String value) {
            json.put(field, value);
            return this;
        }

        public Builder with(String field, boolean value) {
            json.put(field, value);
            return this;
        }

        public Builder tags(String... tags) {
            ArrayNode list = json.putArray("tags");
            for (String tag : tags) {
                list.add(tag);
            }
            return this;
        }

        public String json() {
            return json.toString();
        }

        public EnterpriseRecord build() {
            RecordParser.Result result = new RecordParser().parse(streamOf(type), json(), READ_AT.toEpochMilli());
            if (result.reject != null) {
                throw new IllegalArgumentException("test record rejected: " + result.reject + " " + json());
            }
            return result.record;
        }
    }
}
