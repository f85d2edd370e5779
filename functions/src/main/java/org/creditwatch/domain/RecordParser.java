package org.creditwatch.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.creditwatch.domain.Enums.ChangeField;
import org.creditwatch.domain.Enums.Hazard;
import org.creditwatch.domain.Enums.InspectionResult;
import org.creditwatch.domain.Enums.SamplingResult;
import org.creditwatch.domain.Enums.Scale;
import org.creditwatch.domain.Enums.Severity;

/**
 * Turns one raw message into a validated {@link EnterpriseRecord} or a {@link Reject} (spec §3.6). It never throws
 * on data: whatever the text, the caller gets one of the two. Complainants' personal data is removed first, so that
 * neither the record nor the reject's raw text carries it.
 */
public final class RecordParser {
    public static final int MAX_RECORD_BYTES = 1024 * 1024;
    public static final int MAX_RAW_CHARS = 10_000;
    public static final long MAX_OCCURRED_AFTER_REPORTED_MS = 24L * 3600 * 1000;
    /** How far a record's {@code reportedAt} may lie ahead of the reading machine's clock by default (spec §3.6). */
    public static final long DEFAULT_MAX_CLOCK_SKEW_MS = 3600 * 1000L;
    static final List<String> PERSONAL_DATA_FIELDS = List.of("complainantName", "complainantPhone", "complainantIdNo");

    private static final Pattern PERSONAL_DATA_IN_TEXT =
            Pattern.compile("(\"complainant(?:Name|Phone|IdNo)\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\s]+)");
    private static final Pattern REGION_CODE = Pattern.compile("\\d{6}");
    private static final Pattern INDUSTRY_CODE = Pattern.compile("[A-T](\\d{2}|\\d{3}|\\d{4})?");
    private static final int MAX_EVENT_ID_LENGTH = 128;

    private final ObjectMapper mapper = new ObjectMapper();
    private final long maxClockSkewMs;

    public RecordParser() {
        this(DEFAULT_MAX_CLOCK_SKEW_MS);
    }

    /** @param maxClockSkewMs how far {@code reportedAt} may lie ahead of the reader's clock before it is rejected */
    public RecordParser(long maxClockSkewMs) {
        this.maxClockSkewMs = maxClockSkewMs;
    }

    /** The outcome of parsing one message: exactly one of {@code record} and {@code reject} is set. */
    public static final class Result {
        public final EnterpriseRecord record;
        public final Reject reject;

        private Result(EnterpriseRecord record, Reject reject) {
            this.record = record;
            this.reject = reject;
        }
    }

    /** Thrown inside the parser only, to unwind from a field check to the one place that builds the reject. */
    private static final class Invalid extends Exception {
        final RejectReason reason;

        Invalid(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    /** Parses a message read now, by this machine's clock. */
    public Result parse(Stream stream, String raw) {
        return parse(stream, raw, System.currentTimeMillis());
    }

    /**
     * Parses a message read at {@code readAt} (epoch ms): a record reported more than the allowed clock skew after
     * that is rejected, since no source publishes from the future and such a record must never move event time.
     */
    public Result parse(Stream stream, String raw, long readAt) {
        if (raw.length() > MAX_RECORD_BYTES / 3 && raw.getBytes(StandardCharsets.UTF_8).length > MAX_RECORD_BYTES) {
            return reject(RejectReason.TOO_LARGE, "record of more than " + MAX_RECORD_BYTES + " bytes", stream,
                    scrubText(raw), null);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            return reject(RejectReason.MALFORMED_JSON, "not JSON: " + e.getOriginalMessage(), stream, scrubText(raw), null);
        }
        if (!(tree instanceof ObjectNode)) {
            return reject(RejectReason.MALFORMED_JSON, "not a JSON object", stream, scrubText(raw), null);
        }
        ObjectNode json = (ObjectNode) tree;
        removePersonalData(json);
        try {
            return new Result(read(stream, json, readAt), null);
        } catch (Invalid e) {
            JsonNode eventId = json.get("eventId");
            return reject(e.reason, e.getMessage(), stream, json.toString(),
                    eventId != null && eventId.isTextual() ? eventId.asText() : null);
        }
    }

    private static void removePersonalData(ObjectNode json) {
        for (String field : PERSONAL_DATA_FIELDS) {
            json.remove(field);
        }
    }

    private EnterpriseRecord read(Stream stream, ObjectNode json, long readAt) throws Invalid {
        EnterpriseRecord r = new EnterpriseRecord();
        r.stream = stream;
        for (String common : new String[] {"eventId", "creditCode", "type", "occurredAt", "reportedAt"}) {
            if (absent(json.get(common))) {
                throw new Invalid(RejectReason.MISSING_FIELD, "missing " + common);
            }
        }
        String typeName = text(json, "type", true);
        r.type = typeOf(stream, typeName);
        String creditCode = text(json, "creditCode", true);
        r.creditCode = CreditCode.normalize(creditCode);
        if (r.creditCode == null) {
            throw new Invalid(RejectReason.INVALID_CREDIT_CODE, "not a valid unified social credit code: " + cut(creditCode, 40));
        }
        r.eventId = id(json, "eventId", true);
        r.occurredAt = instant(json, "occurredAt");
        r.reportedAt = instant(json, "reportedAt");
        if (r.reportedAt > readAt + maxClockSkewMs) {
            throw new Invalid(RejectReason.FUTURE_REPORTED_AT, "reportedAt is more than " + maxClockSkewMs / 60_000
                    + " minutes after this machine's clock");
        }
        if (r.occurredAt > r.reportedAt + MAX_OCCURRED_AFTER_REPORTED_MS) {
            throw new Invalid(RejectReason.FUTURE_OCCURRED_AT, "occurredAt is more than one day after reportedAt");
        }
        switch (r.type) {
            case REGISTERED:
                r.name = text(json, "name", true);
                r.regionCode = matching(json, "regionCode", REGION_CODE, true);
                r.industry = matching(json, "industry", INDUSTRY_CODE, true);
                r.tags = tags(json);
                r.establishedOn = date(json, "establishedOn", true);
                r.registeredCapital = nonNegative(json, "registeredCapital");
                r.scale = enumValue(json, "scale", Scale.class, false);
                r.qualityCertified = bool(json, "qualityCertified");
                break;
            case CHANGED:
                r.field = enumValue(json, "field", ChangeField.class, true);
                r.newValue = text(json, "newValue", true);
                r.newRegionCode = matching(json, "newRegionCode", REGION_CODE, false);
                checkNewValue(r);
                break;
            case LICENSE_GRANTED:
                r.licenseNo = text(json, "licenseNo", true);
                r.licenseType = text(json, "licenseType", true);
                r.validUntil = date(json, "validUntil", true);
                break;
            case LICENSE_REVOKED:
                r.licenseNo = text(json, "licenseNo", true);
                break;
            case DEREGISTERED:
                break;
            case PENALTY:
                r.decisionNo = text(json, "decisionNo", true);
                r.severity = enumValue(json, "severity", Severity.class, true);
                r.amount = nonNegative(json, "amount");
                r.domain = text(json, "domain", false);
                break;
            case ABNORMAL_LISTED:
            case ABNORMAL_REMOVED:
            case SERIOUS_LISTED:
            case SERIOUS_REMOVED:
                r.reason = text(json, "reason", true);
                break;
            case JUDICIAL_FREEZE:
            case JUDICIAL_UNFREEZE:
                r.caseNo = text(json, "caseNo", true);
                break;
            case COMPLAINT:
                r.complaintId = text(json, "complaintId", true);
                r.category = text(json, "category", true);
                r.substantiated = bool(json, "substantiated");
                break;
            case SAMPLING:
                r.sampleId = text(json, "sampleId", true);
                r.product = text(json, "product", true);
                r.samplingResult = enumValue(json, "result", SamplingResult.class, true);
                r.hazard = enumValue(json, "hazard", Hazard.class, false);
                break;
            case INSPECTION:
                r.inspectionId = text(json, "inspectionId", true);
                r.planId = id(json, "planId", false);
                r.warningId = id(json, "warningId", false);
                r.inspectionResult = enumValue(json, "result", InspectionResult.class, true);
                break;
            default:
                throw new IllegalStateException("unhandled type " + r.type);
        }
        return r;
    }

    private static RecordType typeOf(Stream stream, String typeName) throws Invalid {
        RecordType type;
        try {
            type = RecordType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new Invalid(RejectReason.UNKNOWN_TYPE, "unknown type " + cut(typeName, 40));
        }
        if (!stream.carries(type)) {
            throw new Invalid(RejectReason.UNKNOWN_TYPE, "type " + typeName + " does not belong on " + stream.topic());
        }
        return type;
    }

    private static void checkNewValue(EnterpriseRecord r) throws Invalid {
        if (r.field == ChangeField.SCALE) {
            enumOf("newValue", r.newValue, Scale.class);
        } else if (r.field == ChangeField.QUALITY_CERTIFICATION
                && !r.newValue.equals("true") && !r.newValue.equals("false")) {
            throw new Invalid(RejectReason.INVALID_FIELD, "newValue of QUALITY_CERTIFICATION must be true or false");
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String text(ObjectNode json, String field, boolean required) throws Invalid {
        JsonNode node = json.get(field);
        if (absent(node)) {
            if (required) {
                throw new Invalid(RejectReason.MISSING_FIELD, "missing " + field);
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new Invalid(RejectReason.INVALID_FIELD, field + " must be a string");
        }
        String value = node.asText();
        if (value.isBlank()) {
            throw new Invalid(RejectReason.INVALID_FIELD, field + " must not be empty");
        }
        return value;
    }

    /** An identifier: a non-empty string of at most {@value #MAX_EVENT_ID_LENGTH} characters. */
    private static String id(ObjectNode json, String field, boolean required) throws Invalid {
        String value = text(json, field, required);
        if (value != null && value.length() > MAX_EVENT_ID_LENGTH) {
            throw new Invalid(RejectReason.INVALID_FIELD, field + " longer than " + MAX_EVENT_ID_LENGTH + " characters");
        }
        return value;
    }

    private static String matching(ObjectNode json, String field, Pattern pattern, boolean required) throws Invalid {
        String value = text(json, field, required);
        if (value != null && !pattern.matcher(value).matches()) {
            throw new Invalid(RejectReason.INVALID_FIELD, field + " is not a valid code: " + cut(value, 40));
        }
        return value;
    }

    private static <E extends Enum<E>> E enumValue(ObjectNode json, String field, Class<E> type, boolean required)
            throws Invalid {
        String value = text(json, field, required);
        return value == null ? null : enumOf(field, value, type);
    }

    private static <E extends Enum<E>> E enumOf(String field, String value, Class<E> type) throws Invalid {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new Invalid(RejectReason.INVALID_FIELD, field + " has no value " + cut(value, 40));
        }
    }

    private static long instant(ObjectNode json, String field) throws Invalid {
        String value = text(json, field, true);
        try {
            return IsoInstants.toEpochMilli(value);
        } catch (DateTimeException e) {
            throw new Invalid(RejectReason.INVALID_FIELD, field + " is not an ISO-8601 instant with offset: " + cut(value, 40));
        }
    }

    private static Integer date(ObjectNode json, String field, boolean required) throws Invalid {
        String value = text(json, field, required);
        if (value == null) {
            return null;
        }
        try {
            return Math.toIntExact(LocalDate.parse(value).toEpochDay());
        } catch (DateTimeException e) {
            throw new Invalid(RejectReason.INVALID_FIELD, field + " is not an ISO-8601 date: " + cut(value, 40));
        }
    }

    private static Boolean bool(ObjectNode json, String field) throws Invalid {
        JsonNode node = json.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new Invalid(RejectReason.INVALID_FIELD, field + " must be true or false");
        }
        return node.booleanValue();
    }

    private static Double nonNegative(ObjectNode json, String field) throws Invalid {
        JsonNode node = json.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber() || node.doubleValue() < 0 || !Double.isFinite(node.doubleValue())) {
            throw new Invalid(RejectReason.INVALID_FIELD, field + " must be a non-negative number");
        }
        return node.doubleValue();
    }

    private static String[] tags(ObjectNode json) throws Invalid {
        JsonNode node = json.get("tags");
        if (absent(node)) {
            return new String[0];
        }
        if (!node.isArray()) {
            throw new Invalid(RejectReason.INVALID_FIELD, "tags must be a list of strings");
        }
        String[] tags = new String[node.size()];
        for (int i = 0; i < tags.length; i++) {
            if (!node.get(i).isTextual()) {
                throw new Invalid(RejectReason.INVALID_FIELD, "tags must be a list of strings");
            }
            tags[i] = node.get(i).asText();
        }
        return tags;
    }

    private static Result reject(RejectReason reason, String detail, Stream stream, String raw, String eventId) {
        return new Result(null, new Reject(reason, detail, stream.topic(), cut(raw, MAX_RAW_CHARS), eventId));
    }

    /** Best effort for text that is not JSON: blank out the values of the personal-data keys. */
    static String scrubText(String raw) {
        return raw.contains("complainant") ? PERSONAL_DATA_IN_TEXT.matcher(raw).replaceAll("$1\"<removed>\"") : raw;
    }

    private static String cut(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars);
    }
}
