package org.creditwatch.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated record before it becomes a JSON line: the common fields plus the type's fields in output order.
 * Mutable so that a planted bad record can be derived from a good one.
 */
final class Rec {
    final OutFile file;
    String creditCode;
    String type;
    long occurredAt;
    long reportedAt;
    /** A field left out of the JSON: how a record missing a required field is planted. */
    String omitted;
    private final List<Field> fields;

    private record Field(String key, Object value, boolean required) {}

    Rec(OutFile file, String creditCode, String type, long occurredAt, long reportedAt) {
        this(file, creditCode, type, occurredAt, reportedAt, new ArrayList<>(6));
    }

    private Rec(OutFile file, String creditCode, String type, long occurredAt, long reportedAt, List<Field> fields) {
        this.file = file;
        this.creditCode = creditCode;
        this.type = type;
        this.occurredAt = occurredAt;
        this.reportedAt = reportedAt;
        this.fields = fields;
    }

    /** Adds a field the record type requires (spec §3); values are String, Long, Boolean or String[]. */
    Rec req(String key, Object value) {
        fields.add(new Field(key, value, true));
        return this;
    }

    /** Adds an optional field, or nothing when the value is null. */
    Rec opt(String key, Object value) {
        if (value != null) {
            fields.add(new Field(key, value, false));
        }
        return this;
    }

    /** The keys whose absence makes the record invalid, common ones first (eventId and reportedAt always stay). */
    List<String> requiredKeys() {
        List<String> keys = new ArrayList<>(List.of("creditCode", "type", "occurredAt"));
        for (Field f : fields) {
            if (f.required) {
                keys.add(f.key);
            }
        }
        return keys;
    }

    Rec copy() {
        Rec copy = new Rec(file, creditCode, type, occurredAt, reportedAt, new ArrayList<>(fields));
        copy.omitted = omitted;
        return copy;
    }

    String json(String eventId, StringBuilder sb) {
        sb.setLength(0);
        sb.append("{\"eventId\":");
        string(sb, eventId);
        if (!"creditCode".equals(omitted)) {
            sb.append(",\"creditCode\":");
            string(sb, creditCode);
        }
        if (!"type".equals(omitted)) {
            sb.append(",\"type\":");
            string(sb, type);
        }
        if (!"occurredAt".equals(omitted)) {
            sb.append(",\"occurredAt\":\"");
            Cst.appendInstant(sb, occurredAt);
            sb.append('"');
        }
        sb.append(",\"reportedAt\":\"");
        Cst.appendInstant(sb, reportedAt);
        sb.append('"');
        for (Field f : fields) {
            if (!f.key.equals(omitted)) {
                sb.append(",\"").append(f.key).append("\":");
                value(sb, f.value);
            }
        }
        return sb.append('}').toString();
    }

    private static void value(StringBuilder sb, Object value) {
        if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof String[] list) {
            sb.append('[');
            for (int i = 0; i < list.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(sb, list[i]);
            }
            sb.append(']');
        } else {
            sb.append(value);
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
