package org.creditwatch.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import org.creditwatch.domain.Reject;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.engine.Warning;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.RiskClass;

/**
 * The JSON lines of spec §7 (and the documents of §8): one object per result, in UTF-8, times in China Standard
 * Time. Written straight to bytes: a replay writes one and a half million of them.
 */
public final class OutputJson {
    // Characters beyond the BMP (rare CJK in names, emoji in raw text) as UTF-8, not as escaped surrogate pairs.
    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final long CHINA_OFFSET_MILLIS = 8 * 3600_000L;
    private static final long DAY_MILLIS = 86_400_000L;

    private OutputJson() {}

    /** A serialisable formatter of one element into UTF-8 JSON, for the sinks. */
    public interface Format<T> extends Function<T, byte[]>, Serializable {}

    /** ISO-8601 in China Standard Time, as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes it. */
    public static String time(long epochMillis) {
        long local = epochMillis + CHINA_OFFSET_MILLIS;
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(local, DAY_MILLIS));
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), CHINA)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        int millisOfDay = (int) Math.floorMod(local, DAY_MILLIS);
        int millis = millisOfDay % 1000;
        StringBuilder text = new StringBuilder(29);
        text.append(date.getYear()).append('-');
        twoDigits(text, date.getMonthValue()).append('-');
        twoDigits(text, date.getDayOfMonth()).append('T');
        twoDigits(text, millisOfDay / 3600_000).append(':');
        twoDigits(text, millisOfDay / 60_000 % 60).append(':');
        twoDigits(text, millisOfDay / 1000 % 60);
        if (millis != 0) { // as java.time: only the digits needed, no trailing zeros
            text.append('.').append((char) ('0' + millis / 100));
            if (millis % 100 != 0) {
                text.append((char) ('0' + millis / 10 % 10));
                if (millis % 10 != 0) {
                    text.append((char) ('0' + millis % 10));
                }
            }
        }
        return text.append("+08:00").toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** An assessment; its first two fields are the credit code and the sequence, which output sorting relies on. */
    public static byte[] assessment(Assessment a) {
        return write(g -> {
            g.writeStringField("creditCode", a.creditCode);
            g.writeNumberField("sequence", a.sequence);
            g.writeStringField("name", a.name);
            g.writeStringField("regionCode", a.regionCode);
            g.writeStringField("industry", a.industry);
            writeStrings(g, "tags", a.tags == null ? new String[0] : a.tags);
            g.writeStringField("model", a.model);
            g.writeNumberField("modelVersion", a.modelVersion);
            g.writeNumberField("score", a.score);
            g.writeStringField("riskClass", a.riskClass.name());
            g.writeStringField("color", a.color());
            g.writeStringField("status", a.status.name());
            g.writeStringField("assessedAt", time(a.assessedAt));
            g.writeArrayFieldStart("contributions");
            for (Assessment.Contribution c : a.contributions) {
                g.writeStartObject();
                g.writeStringField("indicator", c.indicator.name());
                g.writeNumberField("points", c.points);
                g.writeNumberField("records", c.records);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("floors");
            for (Indicator floor : a.floors) {
                g.writeString(floor.name());
            }
            g.writeEndArray();
        });
    }

    /** A warning; its first fields are the credit code (null for a segment) and when it was raised. */
    public static byte[] warning(Warning w) {
        return write(g -> {
            g.writeStringField("creditCode", w.creditCode);
            g.writeStringField("raisedAt", time(w.raisedAt));
            g.writeStringField("rule", w.rule.name());
            g.writeStringField("severity", w.severity.name());
            g.writeStringField("warningId", w.warningId);
            g.writeStringField("name", w.name);
            g.writeStringField("regionCode", w.regionCode);
            g.writeStringField("industry", w.industry);
            g.writeStringField("riskClass", w.riskClass == null ? null : w.riskClass.name());
            if (w.score == null) {
                g.writeNullField("score");
            } else {
                g.writeNumberField("score", w.score);
            }
            g.writeStringField("windowStart", time(w.windowStart));
            g.writeStringField("windowEnd", time(w.windowEnd));
            g.writeArrayFieldStart("evidence");
            for (String eventId : w.evidence) {
                g.writeString(eventId);
            }
            g.writeEndArray();
            g.writeStringField("message", w.message);
        });
    }

    /** An inspection outcome (spec §11); its first fields are the order of replay's outcomes.jsonl. */
    public static byte[] outcome(InspectionOutcome o) {
        return write(g -> {
            g.writeStringField("creditCode", o.creditCode);
            g.writeStringField("reportedAt", time(o.reportedAt));
            g.writeStringField("eventId", o.eventId);
            g.writeStringField("inspectionId", o.inspectionId);
            g.writeStringField("planId", o.planId);
            g.writeStringField("warningId", o.warningId);
            g.writeStringField("name", o.name);
            g.writeStringField("regionCode", o.regionCode);
            g.writeStringField("industry", o.industry);
            g.writeStringField("occurredAt", time(o.occurredAt));
            g.writeStringField("result", o.result.name());
            g.writeBooleanField("found", o.found);
            g.writeStringField("classBefore", o.classBefore.name());
            g.writeNumberField("scoreBefore", o.scoreBefore);
            g.writeStringField("modelBefore", o.modelBefore);
            g.writeNumberField("modelVersionBefore", o.modelVersionBefore);
        });
    }

    /** An applied model set (spec §12), with its class transition matrix as {@code transitions.FROM.TO}. */
    public static byte[] modelChange(ModelChange c) {
        return write(g -> {
            g.writeStringField("changeId", c.changeId);
            g.writeStringField("note", c.note);
            writeStrings(g, "versions", c.versions);
            writeStrings(g, "previousVersions", c.previousVersions);
            g.writeStringField("publishedAt", time(c.publishedAt));
            g.writeStringField("appliedAt", time(c.appliedAt));
            g.writeNumberField("enterprisesRescored", c.enterprisesRescored);
            g.writeNumberField("assessmentsEmitted", c.assessmentsEmitted);
            g.writeObjectFieldStart("transitions");
            for (RiskClass from : RiskClass.values()) {
                g.writeObjectFieldStart(from.name());
                for (RiskClass to : RiskClass.values()) {
                    g.writeNumberField(to.name(), c.transitions(from, to));
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private static void writeStrings(JsonGenerator g, String field, String[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    public static byte[] reject(Reject r) {
        return write(g -> {
            g.writeStringField("reason", r.reason.name());
            g.writeStringField("detail", r.detail);
            g.writeStringField("stream", r.stream);
            g.writeStringField("eventId", r.eventId);
            g.writeStringField("raw", r.raw);
        });
    }

    /**
     * The dead letter of an output that a server refused for its content (spec §8): the fields and order of
     * {@link #reject}, with a reason that is no record's ({@code ELASTICSEARCH_REJECTED}, {@code KAFKA_REJECTED}),
     * {@code stream} the index or topic it was meant for and {@code raw} its text, both cut by the caller.
     */
    public static byte[] refusedOutput(String reason, String detail, String stream, String raw) {
        return write(g -> {
            g.writeStringField("reason", reason);
            g.writeStringField("detail", detail);
            g.writeStringField("stream", stream);
            g.writeStringField("eventId", null);
            g.writeStringField("raw", raw);
        });
    }

    /** At most {@code max} characters, never ending in half a surrogate pair. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
