package org.creditwatch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.RejectReason;
import org.creditwatch.domain.Stream;
import org.junit.jupiter.api.Test;

class OutputJsonTest {
    private static final long YEAR_MILLIS = 365L * 86_400_000L;

    @Test
    void writesTimesAsJavaTimeDoesInChinaStandardTime() {
        long[] edges = {0, -1, 1, 999, 1000, 120, 500, 10, -28_800_000L, Instant.parse("2026-06-30T16:00:00Z").toEpochMilli(),
            Instant.parse("0999-12-31T15:59:59.999Z").toEpochMilli(), Instant.parse("0999-12-31T16:00:00Z").toEpochMilli(),
            Instant.parse("9999-12-31T15:59:59.999Z").toEpochMilli(), Instant.parse("9999-12-31T16:00:00Z").toEpochMilli()};
        for (long millis : edges) {
            assertSameAsJavaTime(millis);
        }
        Random random = new Random(20261129);
        for (int i = 0; i < 200_000; i++) {
            assertSameAsJavaTime(random.nextLong() % (9000 * YEAR_MILLIS));
        }
    }

    @Test
    void writesTheMillisecondsThatAreThereAndNoMore() {
        assertThat(OutputJson.time(Instant.parse("2026-03-27T04:00:00.120Z").toEpochMilli()))
                .isEqualTo("2026-03-27T12:00:00.12+08:00");
        assertThat(OutputJson.time(Instant.parse("2026-03-27T04:00:00Z").toEpochMilli()))
                .isEqualTo("2026-03-27T12:00:00+08:00");
    }

    @Test
    void writesCharactersBeyondTheBasicPlaneAsUtf8() {
        String name = "\uD842\uDFB7吉野家 \uD83D\uDE00"; // 𠮷 (U+20BB7) and an emoji
        Reject reject = new Reject(RejectReason.INVALID_FIELD, "d", Stream.ENTERPRISE.topic(), "{\"name\":\"" + name + "\"}", null);

        String json = new String(OutputJson.reject(reject), StandardCharsets.UTF_8);

        assertThat(json).contains(name).doesNotContain("\\u");
    }

    private static void assertSameAsJavaTime(long millis) {
        String expected = OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.ofHours(8))
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertThat(OutputJson.time(millis)).as("%d", millis).isEqualTo(expected);
    }
}
