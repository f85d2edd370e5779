package org.creditwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
    private static final List<String> EDGES = List.of(
            "2026-03-27T12:00:00+08:00", "2026-03-27T12:00:00Z", "2026-03-27T12:00:00-05:30",
            "2026-03-27T12:00:00.5+08:00", "2026-03-27T12:00:00.123456789Z", "2026-03-27T12:00:00.1234567891Z",
            "2026-03-27T12:00:00.+08:00", "2026-03-27T12:00+08:00", "2026-03-27t12:00:00z", "2026-03-27T12:00:00+08",
            "2026-03-27T12:00:00+0800", "2026-03-27T12:00:00+08:00:30", "2026-03-27T12:00:00+18:00",
            "2026-03-27T12:00:00-18:00", "2026-03-27T12:00:00+18:01", "2026-03-27T12:00:00-00:00",
            "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2000-02-29T23:59:59Z", "1900-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
            "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z", "1969-12-31T23:59:59.999Z",
            "0000-01-01T00:00:00Z", "+12026-01-01T00:00:00Z", "2026-1-01T00:00:00Z", "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:00 Z", "2026-01-01T00:00:00Z ", "", "Z", "2026-01-01T00:00:00");

    @Test
    void agreesWithJavaTimeOnTheEdges() {
        for (String text : EDGES) {
            assertSameAsJavaTime(text);
        }
    }

    @Test
    void agreesWithJavaTimeOnMutatedTexts() {
        Random random = new Random(20261129);
        String alphabet = "0123456789-+:.TZtz ";
        for (int i = 0; i < 200_000; i++) {
            char[] text = EDGES.get(random.nextInt(3)).toCharArray();
            for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertSameAsJavaTime(new String(text));
        }
    }

    @Test
    void readsTheUsualShapeToTheMillisecond() {
        assertThat(IsoInstants.toEpochMilli("2026-03-27T12:00:00.1239+08:00"))
                .isEqualTo(java.time.Instant.parse("2026-03-27T04:00:00.123Z").toEpochMilli());
        assertThatThrownBy(() -> IsoInstants.toEpochMilli("2026-02-30T00:00:00Z")).isInstanceOf(DateTimeException.class);
    }

    private static void assertSameAsJavaTime(String text) {
        Long expected;
        try {
            expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            expected = null;
        }
        Long actual;
        try {
            actual = IsoInstants.toEpochMilli(text);
        } catch (DateTimeException e) {
            actual = null;
        }
        assertThat(actual).as(text).isEqualTo(expected);
    }
}
