package org.creditwatch.generate;

import static org.creditwatch.generate.Cst.DAY;
import static org.creditwatch.generate.Cst.YEAR;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.creditwatch.domain.CreditCode;
import org.creditwatch.generate.Vocabulary.Industry;
import org.creditwatch.generate.Vocabulary.Region;

/**
 * What is fixed about every enterprise before its records are drawn: code, region, industry, hidden risk, lifetime.
 * Drawn up front because a segment complaint spike needs to know all enterprises of a segment.
 */
final class Population {
    static final long NEVER = Long.MAX_VALUE;
    static final String[] RISKS = {"LOW", "GENERAL", "MEDIUM", "HIGH"};
    /**
     * The upper propensities of LOW, GENERAL and MEDIUM: the standard normal quantiles 0.55, 0.80 and 0.94, so that
     * 55 %, 25 %, 14 % and 6 % of enterprises fall in the four groups.
     */
    private static final double[] RISK_BOUNDS = {0.1257, 0.8416, 1.5548};
    private static final double ONLINE_FOOD_SHARE = 0.2;
    private static final double INDIVIDUAL_SHARE = 0.25;
    /** Share of enterprises founded per year of the period, and deregistrations per year by risk. */
    private static final double FOUNDED_PER_YEAR = 0.08;
    private static final double[] DEREGISTERED_PER_YEAR = {0.005, 0.01, 0.025, 0.06};
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final BigInteger CODE_SPACE = BigInteger.valueOf(31).pow(9);
    /**
     * About 0.618 of the code space and coprime with 31, so that index ↦ index × MULTIPLIER + offset is a bijection
     * on the code space that scatters consecutive indexes over all of it.
     */
    private static final BigInteger MULTIPLIER = new BigInteger("16340418000551");
    /** A segment spike is at least this big and at least this multiple of the segment's mean daily complaints. */
    private static final int SPIKE_MIN_COMPLAINTS = 15;
    private static final double SPIKE_OVER_MEAN = 4.5;
    private static final int SPIKE_MAX_PER_ENTERPRISE = 3;

    final int size;
    final String[] creditCode;
    final Region[] region;
    final Industry[] industry;
    /**
     * The hidden true risk: a standard normal propensity; the rates of an enterprise's bad records grow
     * exponentially with it, so that they are log-normal over the population, most enterprises rarely in trouble
     * and a few often. {@link #risk} is its group, for the planted patterns and the ground truth.
     */
    final double[] propensity;
    final byte[] risk;
    final boolean[] onlineFood;
    final boolean[] individual;
    /** Registration (occurredAt of REGISTERED) and deregistration instants; {@link #NEVER} when not deregistered. */
    final long[] establishedAt;
    final long[] deregisteredAt;
    /** The start of the day of each spike complaint an enterprise receives, one entry per complaint. */
    private final Map<Integer, List<Long>> spikeComplaints = new HashMap<>();

    private Population(int size) {
        this.size = size;
        creditCode = new String[size];
        region = new Region[size];
        industry = new Industry[size];
        propensity = new double[size];
        risk = new byte[size];
        onlineFood = new boolean[size];
        individual = new boolean[size];
        establishedAt = new long[size];
        deregisteredAt = new long[size];
    }

    static Population draw(Generator.Options options, long start, long end, Planted planted) {
        Population p = new Population(options.enterprises());
        BigInteger codeOffset = BigInteger.valueOf(Generator.mix(options.seed() ^ 0x5DEECE66DL)).mod(CODE_SPACE);
        int[] regionWeights = new int[Vocabulary.REGIONS.length];
        for (int r = 0; r < regionWeights.length; r++) {
            regionWeights[r] = Vocabulary.REGIONS[r].weight();
        }
        int[] weights = new int[Vocabulary.INDUSTRIES.length];
        int[] onlineWeights = new int[Vocabulary.INDUSTRIES.length];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = Vocabulary.INDUSTRIES[k].weight();
            onlineWeights[k] = Vocabulary.INDUSTRIES[k].onlineWeight();
        }
        double years = options.days() / 365.0;
        for (int i = 0; i < p.size; i++) {
            SplittableRandom rng = Generator.rng(options.seed(), Generator.PROFILE, i);
            p.propensity[i] = rng.nextGaussian();
            byte group = 0;
            while (group < RISK_BOUNDS.length && p.propensity[i] >= RISK_BOUNDS[group]) {
                group++;
            }
            p.risk[i] = group;
            p.onlineFood[i] = rng.nextDouble() < ONLINE_FOOD_SHARE;
            p.industry[i] = Vocabulary.INDUSTRIES[Generator.pick(rng, p.onlineFood[i] ? onlineWeights : weights)];
            p.region[i] = Vocabulary.REGIONS[Generator.pick(rng, regionWeights)];
            p.individual[i] = p.industry[i].shops().length > 0 && rng.nextDouble() < INDIVIDUAL_SHARE;
            p.creditCode[i] = creditCode(i, p.individual[i], p.region[i].code(), codeOffset);

            long latestFounding = end - 3 * DAY;
            long established = NEVER;
            if (latestFounding > start && rng.nextDouble() < Math.min(0.5, FOUNDED_PER_YEAR * years)) {
                long t = Cst.workTime(start + rng.nextLong(latestFounding - start), rng);
                established = t <= latestFounding ? t : NEVER;
            }
            if (established == NEVER) {
                double u = rng.nextDouble();
                established = Cst.workTime(start - 4 * DAY - (long) (u * u * 25 * YEAR), rng);
            }
            p.establishedAt[i] = established;

            long earliest = Math.max(start, established + DAY) + 7 * DAY;
            long latest = end - DAY;
            p.deregisteredAt[i] = NEVER;
            if (earliest < latest && rng.nextDouble() < DEREGISTERED_PER_YEAR[p.risk[i]] * years) {
                long t = Cst.workTime(earliest + rng.nextLong(latest - earliest), rng);
                p.deregisteredAt[i] = t <= end ? t : NEVER;
            }
        }
        p.planSpikes(options, start, end, planted);
        return p;
    }

    /** "91" (company) or "92" (individual business), the division, a unique 9-character body, the check character. */
    private static String creditCode(int index, boolean individual, String division, BigInteger offset) {
        long body = BigInteger.valueOf(index).multiply(MULTIPLIER).add(offset).mod(CODE_SPACE).longValueExact();
        char[] chars = new char[17];
        chars[0] = '9';
        chars[1] = individual ? '2' : '1';
        division.getChars(0, 6, chars, 2);
        for (int k = 16; k >= 8; k--) {
            chars[k] = ALPHABET.charAt((int) (body % 31));
            body /= 31;
        }
        String first17 = new String(chars);
        return first17 + CreditCode.checkCharacterOf(first17);
    }

    /**
     * One spike per started 120 days (none under a week), each in a different region × industry-letter segment: the
     * quietest segments, so that the spike stands out against the previous 28 days, spread over enterprises active
     * all period so that no single one of them surges.
     */
    private void planSpikes(Generator.Options options, long start, long end, Planted planted) {
        int spikes = options.days() >= 7 ? Math.max(1, (options.days() + 119) / 120) : 0;
        Map<String, List<Integer>> members = new TreeMap<>();
        Map<String, Double> complaintsPerYear = new HashMap<>();
        for (int i = 0; i < size; i++) {
            if (establishedAt[i] < start - DAY && deregisteredAt[i] == NEVER) {
                String segment = region[i].code() + industry[i].letter();
                members.computeIfAbsent(segment, s -> new ArrayList<>()).add(i);
                complaintsPerYear.merge(segment, History.complaintsPerYear(propensity[i], onlineFood[i]), Double::sum);
            }
        }
        List<String> candidates = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> segment : members.entrySet()) {
            int size = segment.getValue().size();
            if (size >= 8 && size * SPIKE_MAX_PER_ENTERPRISE >= spikeSize(complaintsPerYear.get(segment.getKey()))) {
                candidates.add(segment.getKey());
            }
        }
        candidates.sort(Comparator.comparingDouble(complaintsPerYear::get));
        long firstDay = Cst.localDay(start + Math.min(28, options.days() / 2) * DAY) + 1;
        long lastDay = Cst.localDay(end) - 2;
        SplittableRandom rng = Generator.rng(options.seed(), Generator.SPIKES, 0);
        for (int s = 0; s < Math.min(spikes, candidates.size()) && firstDay <= lastDay; s++) {
            String segment = candidates.get(s);
            List<Integer> enterprises = new ArrayList<>(members.get(segment));
            for (int k = enterprises.size() - 1; k > 0; k--) {
                int other = rng.nextInt(k + 1);
                enterprises.set(k, enterprises.set(other, enterprises.get(k)));
            }
            long dayStart = Cst.startOfDay(firstDay + rng.nextLong(lastDay - firstDay + 1));
            int complaints = spikeSize(complaintsPerYear.get(segment));
            for (int c = 0; c < complaints; c++) {
                int enterprise = enterprises.get(c % enterprises.size());
                spikeComplaints.computeIfAbsent(enterprise, e -> new ArrayList<>()).add(dayStart);
            }
            planted.add(Planted.Pattern.SEGMENT_COMPLAINT_SPIKE);
        }
    }

    private static int spikeSize(double complaintsPerYear) {
        return Math.max(SPIKE_MIN_COMPLAINTS, (int) Math.ceil(SPIKE_OVER_MEAN * complaintsPerYear / 365));
    }

    /** The day starts of the spike complaints planted on an enterprise, empty for most. */
    List<Long> spikeComplaints(int enterprise) {
        return spikeComplaints.getOrDefault(enterprise, List.of());
    }
}
