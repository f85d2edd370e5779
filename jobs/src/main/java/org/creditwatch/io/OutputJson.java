package org.creditwatch.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.creditwatch.domain.Reject;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.Warning;
import org.creditwatch.model.Indicator;

/** The JSON lines of spec §7 (and the documents of §8): one object per result, times in China Standard Time. */
public final class OutputJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private OutputJson() {}

    public static String time(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), CHINA)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** An assessment; its first two fields are the credit code and the sequence, which output sorting relies on. */
    public static String assessment(Assessment a) {
        return write(g -> {
            g.writeStringField("creditCode", a.creditCode);
            g.writeNumberField("sequence", a.sequence);
            g.writeStringField("name", a.name);
            g.writeStringField("regionCode", a.regionCode);
            g.writeStringField("industry", a.industry);
            g.writeStringField("model", a.model);
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
    public static String warning(Warning w) {
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

    public static String reject(Reject r) {
        return write(g -> {
            g.writeStringField("reason", r.reason.name());
            g.writeStringField("detail", r.detail);
            g.writeStringField("stream", r.stream.topic());
            g.writeStringField("eventId", r.eventId);
            g.writeStringField("raw", r.raw);
        });
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
