package org.creditwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.creditwatch.model.ModelSet;
import org.junit.jupiter.api.Test;

/** SEGMENT_COMPLAINT_SPIKE: at least 10 on a day and at least 3 × the mean of the previous 28 days. */
class SegmentSpikesTest {
    static final Instant DAY0 = Instant.parse("2026-04-01T02:00:00Z"); // 10:00 in China
    static final Duration DAY = Duration.ofDays(1);

    private final SegmentSpikes spikes = new SegmentSpikes(ModelSet.bundled().defaultModel().warnings);
    private final List<Warning> warnings = new ArrayList<>();
    private SegmentState state = new SegmentState();
    private int ids;

    private void complaints(int count, Instant day) {
        for (int i = 0; i < count; i++) {
            SegmentComplaint c = new SegmentComplaint();
            c.regionCode = "150102";
            c.industrySection = "F";
            c.segment = SegmentComplaint.segmentOf(c.regionCode, c.industrySection);
            c.eventId = "c" + ids++;
            c.occurredAt = day.plusSeconds(i).toEpochMilli();
            c.appliedAt = c.occurredAt;
            state = SegmentState.decode(state.encode());
            spikes.apply(state, c, warnings::add);
        }
    }

    @Test
    void tenOnAQuietDayIsASpikeNineIsNot() {
        complaints(9, DAY0);
        assertThat(warnings).isEmpty();
        complaints(1, DAY0);
        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.rule).isEqualTo(Warning.Rule.SEGMENT_COMPLAINT_SPIKE);
            assertThat(w.creditCode).isNull();
            assertThat(w.regionCode).isEqualTo("150102");
            assertThat(w.industry).isEqualTo("F");
            assertThat(w.evidence).hasSize(10);
            assertThat(w.windowStart).isEqualTo(Instant.parse("2026-03-31T16:00:00Z").toEpochMilli());
        });
    }

    @Test
    void needsThreeTimesTheMeanOfThePreviousTwentyEightDays() {
        for (int d = 1; d <= 28; d++) {
            complaints(4, DAY0.minus(DAY.multipliedBy(d))); // mean 4 a day
        }
        complaints(11, DAY0);
        assertThat(warnings).isEmpty();
        complaints(1, DAY0); // 12 = 3 × 4
        assertThat(warnings).hasSize(1);
    }

    @Test
    void keepsOnlyTheBaselineDays() {
        for (int d = 0; d < 100; d++) {
            complaints(1, DAY0.plus(DAY.multipliedBy(d)));
        }
        assertThat(state.days.length).isLessThanOrEqualTo(29);
    }
}
