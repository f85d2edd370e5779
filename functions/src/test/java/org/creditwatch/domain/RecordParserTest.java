package org.creditwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.creditwatch.domain.Enums.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordParserTest {
    static final String CODE = "91150103000000042R";
    private final RecordParser parser = new RecordParser();

    static String record(String type, String fields) {
        return "{\"eventId\":\"e-1\",\"creditCode\":\"" + CODE + "\",\"type\":\"" + type + "\","
                + "\"occurredAt\":\"2026-03-22T12:00:00+08:00\",\"reportedAt\":\"2026-03-27T12:00:00+08:00\""
                + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    private Reject reject(Stream stream, String raw) {
        RecordParser.Result result = parser.parse(stream, raw);
        assertThat(result.record).as("expected a reject for %s", raw).isNull();
        return result.reject;
    }

    private EnterpriseRecord accept(Stream stream, String raw) {
        RecordParser.Result result = parser.parse(stream, raw);
        assertThat(result.reject).as("unexpected reject").isNull();
        return result.record;
    }

    @Test
    void readsAPenalty() {
        EnterpriseRecord r = accept(Stream.CREDIT_RECORDS,
                record("PENALTY", "\"decisionNo\":\"呼市监罚〔2026〕12号\",\"severity\":\"MAJOR\",\"amount\":120000"));
        assertThat(r.type).isEqualTo(RecordType.PENALTY);
        assertThat(r.severity).isEqualTo(Severity.MAJOR);
        assertThat(r.amount).isEqualTo(120000.0);
        assertThat(r.occurredAt).isEqualTo(Instant.parse("2026-03-22T04:00:00Z").toEpochMilli());
        assertThat(r.reportedAt).isEqualTo(Instant.parse("2026-03-27T04:00:00Z").toEpochMilli());
    }

    @Test
    void readsARegistrationWithDatesInChinaStandardTime() {
        EnterpriseRecord r = accept(Stream.ENTERPRISE, record("REGISTERED",
                "\"name\":\"企业\",\"regionCode\":\"150102\",\"industry\":\"F5292\",\"tags\":[\"ONLINE_FOOD\"],"
                        + "\"establishedOn\":\"2023-03-18\",\"scale\":\"MEDIUM\",\"qualityCertified\":false"));
        assertThat(r.tags).containsExactly("ONLINE_FOOD");
        assertThat(r.establishedOn).isEqualTo((int) java.time.LocalDate.parse("2023-03-18").toEpochDay());
        assertThat(r.qualityCertified).isFalse();
    }

    @Test
    void upperCasesTheCreditCode() {
        EnterpriseRecord r = accept(Stream.COMPLAINTS, record("COMPLAINT", "\"complaintId\":\"c\",\"category\":\"x\"")
                .replace(CODE, CODE.toLowerCase()));
        assertThat(r.creditCode).isEqualTo(CODE);
    }

    @Test
    void dropsComplainantsPersonalDataFromRecordsAndRejects() {
        String pii = "\"complainantName\":\"李四\",\"complainantPhone\":\"13900000000\",\"complainantIdNo\":\"150102199001011234\"";
        EnterpriseRecord r = accept(Stream.COMPLAINTS,
                record("COMPLAINT", "\"complaintId\":\"c\",\"category\":\"食品安全\"," + pii));
        assertThat(r.toString()).doesNotContain("李四");
        Reject bad = reject(Stream.COMPLAINTS, record("COMPLAINT", "\"category\":\"食品安全\"," + pii));
        assertThat(bad.reason).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(bad.raw).doesNotContain("李四", "13900000000", "150102199001011234", "complainant");
        Reject malformed = reject(Stream.COMPLAINTS, "{\"complainantName\":\"李四\", \"complainantPhone\": 139, oops");
        assertThat(malformed.reason).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(malformed.raw).doesNotContain("李四", "139");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "MALFORMED_JSON      | CREDIT_RECORDS   | {not json",
        "MALFORMED_JSON      | CREDIT_RECORDS   | [1,2]",
        "MISSING_FIELD       | CREDIT_RECORDS   | {\"eventId\":\"e\",\"type\":\"PENALTY\"}",
        "MISSING_FIELD       | CREDIT_RECORDS   | @PENALTY@\"severity\":\"MAJOR\"",
        "MISSING_FIELD       | CREDIT_RECORDS   | @PENALTY@\"decisionNo\":\"d\",\"severity\":null",
        "INVALID_FIELD       | CREDIT_RECORDS   | @PENALTY@\"decisionNo\":\"d\",\"severity\":\"HUGE\"",
        "INVALID_FIELD       | CREDIT_RECORDS   | @PENALTY@\"decisionNo\":7,\"severity\":\"MAJOR\"",
        "INVALID_FIELD       | CREDIT_RECORDS   | @PENALTY@\"decisionNo\":\"d\",\"severity\":\"MAJOR\",\"amount\":-1",
        "INVALID_FIELD       | COMPLAINTS       | @COMPLAINT@\"complaintId\":\"c\",\"category\":\"x\",\"substantiated\":\"yes\"",
        "INVALID_FIELD       | SAMPLING_RESULTS | @SAMPLING@\"sampleId\":\"s\",\"product\":\"p\",\"result\":\"FAIL\",\"hazard\":\"EXTREME\"",
        "INVALID_FIELD       | INSPECTIONS      | @INSPECTION@\"inspectionId\":\"i\",\"result\":\"OK\"",
        "INVALID_FIELD       | ENTERPRISE       | @REGISTERED@\"name\":\"n\",\"regionCode\":\"1501\",\"industry\":\"F5292\",\"establishedOn\":\"2023-03-18\"",
        "INVALID_FIELD       | ENTERPRISE       | @REGISTERED@\"name\":\"n\",\"regionCode\":\"150102\",\"industry\":\"F5292\",\"establishedOn\":\"2023-02-30\"",
        "INVALID_FIELD       | ENTERPRISE       | @CHANGED@\"field\":\"SCALE\",\"newValue\":\"HUGE\"",
        "INVALID_FIELD       | ENTERPRISE       | @CHANGED@\"field\":\"COLOUR\",\"newValue\":\"red\"",
        "INVALID_FIELD       | ENTERPRISE       | @LICENSE_GRANTED@\"licenseNo\":\"l\",\"licenseType\":\"FOOD_BUSINESS\",\"validUntil\":\"someday\"",
        "UNKNOWN_TYPE        | CREDIT_RECORDS   | @AWARD@\"decisionNo\":\"d\"",
        "UNKNOWN_TYPE        | ENTERPRISE       | @PENALTY@\"decisionNo\":\"d\",\"severity\":\"MAJOR\"",
        "INVALID_CREDIT_CODE | COMPLAINTS       | {\"eventId\":\"x-1\",\"creditCode\":\"91150105000000000X\",\"type\":\"COMPLAINT\",\"occurredAt\":\"2026-06-01T10:00:00+08:00\",\"reportedAt\":\"2026-06-01T10:00:00+08:00\",\"complaintId\":\"c\"}",
    })
    void rejectsWithTheReasonCode(RejectReason reason, Stream stream, String raw) {
        String text = raw.startsWith("@") ? record(raw.split("@")[1], raw.split("@", 3)[2]) : raw;
        Reject r = reject(stream, text);
        assertThat(r.reason).isEqualTo(reason);
        assertThat(r.stream).isEqualTo(stream.topic());
        assertThat(r.detail).isNotBlank();
        assertThat(r.raw).isNotEmpty();
    }

    @Test
    void rejectsTimesWithoutOffsetOrImpossible() {
        String noOffset = record("DEREGISTERED", "").replace("2026-03-27T12:00:00+08:00", "2026-03-27T12:00:00");
        assertThat(reject(Stream.ENTERPRISE, noOffset).reason).isEqualTo(RejectReason.INVALID_FIELD);
        String impossible = record("DEREGISTERED", "").replace("2026-03-27T12:00:00+08:00", "2026-02-30T12:00:00+08:00");
        assertThat(reject(Stream.ENTERPRISE, impossible).reason).isEqualTo(RejectReason.INVALID_FIELD);
    }

    @Test
    void occurredAtMayBeOneDayAfterReportedAtButNoMore() {
        String atLimit = record("DEREGISTERED", "").replace("2026-03-22T12:00:00+08:00", "2026-03-28T12:00:00+08:00");
        accept(Stream.ENTERPRISE, atLimit);
        String beyond = record("DEREGISTERED", "").replace("2026-03-22T12:00:00+08:00", "2026-03-28T12:00:01+08:00");
        assertThat(reject(Stream.ENTERPRISE, beyond).reason).isEqualTo(RejectReason.FUTURE_OCCURRED_AT);
    }

    @Test
    void eventIdIsOneTo128Characters() {
        accept(Stream.ENTERPRISE, record("DEREGISTERED", "").replace("\"e-1\"", "\"" + "e".repeat(128) + "\""));
        assertThat(reject(Stream.ENTERPRISE, record("DEREGISTERED", "").replace("\"e-1\"", "\"" + "e".repeat(129) + "\"")).reason)
                .isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(reject(Stream.ENTERPRISE, record("DEREGISTERED", "").replace("\"e-1\"", "\"\"")).reason)
                .isEqualTo(RejectReason.INVALID_FIELD);
    }

    /** The reading clock of the records above: the day after they were reported. */
    static final Instant READ_AT = Instant.parse("2026-03-28T04:00:00Z");

    @Test
    void aRecordReportedMoreThanTheClockSkewAheadOfTheReaderIsFromTheFuture() {
        String text = record("DEREGISTERED", "");
        Instant reported = Instant.parse("2026-03-27T04:00:00Z");
        long justInTime = reported.minus(java.time.Duration.ofHours(1)).toEpochMilli();
        assertThat(parser.parse(Stream.ENTERPRISE, text, justInTime).record).isNotNull();
        RecordParser.Result early = parser.parse(Stream.ENTERPRISE, text, justInTime - 1);
        assertThat(early.reject.reason).isEqualTo(RejectReason.FUTURE_REPORTED_AT);
        assertThat(early.reject.eventId).isEqualTo("e-1");
        RecordParser lenient = new RecordParser(java.time.Duration.ofDays(2).toMillis());
        assertThat(lenient.parse(Stream.ENTERPRISE, text, justInTime - 1).record).isNotNull();
        String year9999 = text.replace("2026-03-27T12:00:00+08:00", "9999-01-01T00:00:00+08:00");
        assertThat(parser.parse(Stream.ENTERPRISE, year9999, READ_AT.toEpochMilli()).reject.reason)
                .isEqualTo(RejectReason.FUTURE_REPORTED_AT);
    }

    @Test
    void readsTheWarningAnInspectionFollowedUp() {
        String fields = "\"inspectionId\":\"i-1\",\"planId\":\"p-2026q2\",\"warningId\":\"w-7\",\"result\":\"PASSED\"";
        EnterpriseRecord r = accept(Stream.INSPECTIONS, record("INSPECTION", fields));
        assertThat(r.planId).isEqualTo("p-2026q2");
        assertThat(r.warningId).isEqualTo("w-7");
        assertThat(reject(Stream.INSPECTIONS, record("INSPECTION", fields.replace("\"w-7\"", "7"))).reason)
                .isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(reject(Stream.INSPECTIONS, record("INSPECTION", fields.replace("w-7", "w".repeat(129)))).reason)
                .isEqualTo(RejectReason.INVALID_FIELD);
    }

    @Test
    void rejectsRecordsOverOneMebibyteAndCutsTheirRawText() {
        String huge = record("COMPLAINT", "\"complaintId\":\"c\",\"category\":\"" + "x".repeat(1024 * 1024) + "\"");
        Reject r = reject(Stream.COMPLAINTS, huge);
        assertThat(r.reason).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(r.raw).hasSize(RecordParser.MAX_RAW_CHARS);
    }

    @Test
    void neverThrowsWhateverTheText() {
        for (String raw : new String[] {"", "null", "\"text\"", "{}", "{\"eventId\":null}", "{\"type\":{}}", "\u0000",
                "{\"eventId\":\"e\",\"creditCode\":5,\"type\":\"PENALTY\",\"occurredAt\":1,\"reportedAt\":2}"}) {
            RecordParser.Result result = parser.parse(Stream.CREDIT_RECORDS, raw);
            assertThat(result.reject).as(raw).isNotNull();
        }
    }
}
