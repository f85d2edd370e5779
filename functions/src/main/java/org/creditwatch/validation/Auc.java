package org.creditwatch.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The area under the ROC curve of a score against a yes/no outcome, as the Mann–Whitney statistic: the share of
 * (found, not found) pairs in which the found one has the higher score, a tie counting half. 0.5 is a coin, 1 a
 * perfect ranking. Exact (counted in halves with whole numbers), in O(n log n).
 */
public final class Auc {
    private Auc() {}

    public record Scored(double score, boolean found) {}

    /** The AUC, or null when there is no pair to compare (nothing found, or nothing not found). */
    public static Double of(List<Scored> observations) {
        List<Scored> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparingDouble(Scored::score));
        long positives = 0;
        long negativesBelow = 0;
        long twiceWins = 0;
        for (int i = 0; i < sorted.size(); ) {
            double score = sorted.get(i).score();
            long positivesHere = 0;
            long negativesHere = 0;
            for (; i < sorted.size() && sorted.get(i).score() == score; i++) {
                if (sorted.get(i).found()) {
                    positivesHere++;
                } else {
                    negativesHere++;
                }
            }
            twiceWins += 2 * positivesHere * negativesBelow + positivesHere * negativesHere;
            positives += positivesHere;
            negativesBelow += negativesHere;
        }
        if (positives == 0 || negativesBelow == 0) {
            return null;
        }
        return twiceWins / (2.0 * positives * negativesBelow);
    }
}
