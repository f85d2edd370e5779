package org.creditwatch.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AucTest {

    @Test
    void perfectReversedAndUndefinedRankings() {
        assertThat(Auc.of(List.of(s(10, false), s(20, false), s(30, true), s(40, true)))).isEqualTo(1.0);
        assertThat(Auc.of(List.of(s(10, true), s(20, true), s(30, false)))).isEqualTo(0.0);
        assertThat(Auc.of(List.of(s(10, true), s(20, true)))).as("nothing not found").isNull();
        assertThat(Auc.of(List.of(s(10, false)))).as("nothing found").isNull();
        assertThat(Auc.of(List.of())).isNull();
    }

    @Test
    void aTieCountsHalf() {
        assertThat(Auc.of(List.of(s(25, true), s(25, false)))).isEqualTo(0.5);
        // pairs (found, not found): (30,10) win, (30,30) half, (10,10) half, (10,30) loss → 2 of 4
        assertThat(Auc.of(List.of(s(30, true), s(10, true), s(10, false), s(30, false)))).isEqualTo(0.5);
        // found {40, 20, 20}, not found {20, 10}: 40 wins twice; each 20 ties once and wins once → (2 + 1.5 + 1.5) / 6
        assertThat(Auc.of(List.of(s(40, true), s(20, true), s(20, true), s(20, false), s(10, false))))
                .isCloseTo(5.0 / 6, within(1e-15));
    }

    @Test
    void equalsCountingEveryPairOnRandomScoresWithManyTies() {
        Random random = new Random(5);
        List<Auc.Scored> observations = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int score = random.nextInt(12); // few distinct scores: many ties
            observations.add(s(score, random.nextInt(12) < score));
        }
        double wins = 0;
        long pairs = 0;
        for (Auc.Scored found : observations) {
            for (Auc.Scored notFound : observations) {
                if (found.found() && !notFound.found()) {
                    pairs++;
                    wins += found.score() > notFound.score() ? 1 : found.score() == notFound.score() ? 0.5 : 0;
                }
            }
        }
        assertThat(Auc.of(observations)).isCloseTo(wins / pairs, within(1e-12));
    }

    private static Auc.Scored s(double score, boolean found) {
        return new Auc.Scored(score, found);
    }
}
