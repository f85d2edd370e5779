package org.creditwatch.generate;

import static org.creditwatch.generate.Cst.DAY;
import static org.creditwatch.generate.Cst.HOUR;
import static org.creditwatch.generate.Cst.MINUTE;
import static org.creditwatch.generate.Cst.YEAR;
import static org.creditwatch.generate.OutFile.COMPLAINTS;
import static org.creditwatch.generate.OutFile.CREDIT_RECORDS;
import static org.creditwatch.generate.OutFile.ENTERPRISE;
import static org.creditwatch.generate.OutFile.INSPECTIONS;
import static org.creditwatch.generate.OutFile.SAMPLING_RESULTS;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.creditwatch.engine.Warning;
import org.creditwatch.generate.Planted.Pattern;
import org.creditwatch.generate.Vocabulary.Industry;
import org.creditwatch.generate.Vocabulary.Region;

/**
 * Draws the records of one enterprise over the period: registration and licences, streams of events whose rates
 * follow the hidden risk, the planted warning patterns, and deregistration. Natural events occur inside the
 * period and are kept only when published by its end; planted ones are placed so that they are published in full.
 */
final class History implements Supervision.Inspectorate {
    /*
     * Rates per enterprise and year, and chances, as base × e^(elasticity × propensity): over the standard normal
     * propensity the mean is base × e^(elasticity² / 2). Calibrated so that the bundled models put about 2 % of
     * enterprises in A, 4 % in B, 15 % in C and 78 % in D after a year (the shares published under comparable schemes
     * are A 1–4 %, B 3–10 %, C 10–30 %, D 60–85 %), with few warnings besides escalations and the planted patterns.
     */
    private static final double COMPLAINTS_PER_YEAR = 0.8;
    private static final double COMPLAINTS_ELASTICITY = 1.2;
    /** Above this, gaps of 0.6–1.4 mean would let five complaints fall inside seven days: a surge by chance. */
    private static final double MAX_COMPLAINTS = 100;
    private static final double ONLINE_COMPLAINT_FACTOR = 1.3;
    private static final double SUBSTANTIATED = 0.25;
    private static final double SUBSTANTIATED_ELASTICITY = 0.5;
    private static final double CHANGES = 1.2;
    private static final double CHANGES_ELASTICITY = 0.3;
    private static final double KEY_CHANGE_SHARE = 0.3;
    private static final double KEY_CHANGE_ELASTICITY = 0.3;
    private static final double PENALTIES = 0.12;
    private static final double PENALTIES_ELASTICITY = 1.2;
    private static final double ABNORMAL_LISTINGS = 0.1;
    private static final double ABNORMAL_LISTINGS_ELASTICITY = 0.6;
    /** Most listed enterprises stay listed for more than a year: removal takes a filing and an application. */
    private static final double ABNORMAL_REMOVED = 0.25;
    private static final double SERIOUS_LISTINGS = 0.0008;
    private static final double SERIOUS_LISTINGS_ELASTICITY = 1.8;
    private static final double FREEZES = 0.012;
    private static final double FREEZES_ELASTICITY = 1.4;
    /** Inspections outside the plans and follow-ups: complaint visits, special campaigns. */
    private static final double OTHER_INSPECTIONS = 0.03;
    private static final double OTHER_INSPECTIONS_ELASTICITY = 0.6;
    private static final double FOOD_SAMPLINGS = 2;
    private static final double OTHER_SAMPLINGS = 0.2;
    private static final double SAMPLING_FAILS = 0.02;
    private static final double SAMPLING_FAILS_ELASTICITY = 0.9;
    /** What an inspector finds: problems or an empty address, the latter a fifth of the finds. */
    private static final double FOUND = 0.07;
    private static final double FOUND_ELASTICITY = 0.8;
    private static final double NOT_FOUND_AT_ADDRESS_SHARE = 0.2;
    private static final double MAX_CHANCE = 0.9;
    /** The chance that a warning is followed up, by severity LOW, MEDIUM, HIGH, and within how many days. */
    private static final double[] FOLLOW_UPS = {0.15, 0.4, 0.7};
    private static final int[] FOLLOW_UP_DAYS = {30, 21, 10};
    /** A plan's inspectors visit within 1–10 weeks of the draw; no enterprise is inspected twice within 30 days. */
    private static final int PLAN_VISIT_FROM_DAYS = 7;
    private static final int PLAN_VISIT_DAYS = 63;
    private static final long INSPECTION_GAP = 30 * DAY;
    // Probabilities and weights, by risk group LOW, GENERAL, MEDIUM, HIGH.
    private static final int[][] HAZARDS = {{60, 35, 5}, {50, 38, 12}, {40, 40, 20}, {30, 40, 30}};
    private static final int[][] SEVERITIES = {{60, 35, 5, 0}, {45, 42, 10, 3}, {35, 45, 15, 5}, {25, 45, 22, 8}};
    private static final double[] UNLICENSED = {0.03, 0.05, 0.1, 0.2};
    private static final double FIRST_LICENSED_IN_PERIOD = 0.06;
    private static final double[] RENEWED = {0.7, 0.6, 0.45, 0.3};
    private static final double[] LICENSE_REVOCATIONS = {0.005, 0.01, 0.04, 0.12};
    /** LICENSE_EXPIRING is due this long before the end of validity (spec §6). */
    private static final long EXPIRY_WARNING = 30 * DAY;
    // Planted patterns per enterprise and year, by risk.
    private static final double[] COMPLAINT_SURGES = {0.003, 0.005, 0.012, 0.025};
    private static final double[] FREQUENT_CHANGES = {0.002, 0.004, 0.01, 0.02};
    private static final double[] SAMPLING_FAILURES = {0.002, 0.004, 0.01, 0.02};
    private static final double[] CHANGES_AFTER_PENALTY = {0.002, 0.004, 0.01, 0.025};

    private static final String[] SEVERITY_NAMES = {"WARNING", "GENERAL", "MAJOR", "SEVERE"};
    private static final int[] PLANTED_SEVERITIES = {0, 60, 30, 10};
    private static final String[] HAZARD_NAMES = {"LOW", "MEDIUM", "HIGH"};
    private static final String[] INSPECTION_NAMES = {"PASSED", "PROBLEMS_FOUND", "NOT_FOUND_AT_ADDRESS"};
    private static final int PASSED = 0;
    private static final int PROBLEMS_FOUND = 1;
    private static final int NOT_FOUND_AT_ADDRESS = 2;
    private static final String[] KEY_FIELDS = {"LEGAL_REPRESENTATIVE", "SHAREHOLDER", "ADDRESS", "NAME"};
    private static final int[] KEY_FIELD_WEIGHTS = {3, 3, 3, 1};
    private static final String[] OTHER_FIELDS =
            {"REGISTERED_CAPITAL", "BUSINESS_SCOPE", "SCALE", "QUALITY_CERTIFICATION"};
    private static final int[] ONLINE_FOOD_OTHER_FIELD_WEIGHTS = {3, 4, 2, 2};
    private static final int[] OTHER_FIELD_WEIGHTS = {3, 4, 0, 0};
    private static final String[] SCALES = {"SMALL", "MEDIUM", "LARGE"};
    private static final int[] SCALE_WEIGHTS = {65, 28, 7};
    private static final double[] CERTIFIED_BY_SCALE = {0.12, 0.4, 0.7};
    private static final String[] ONLINE_FOOD_TAGS = {"ONLINE_FOOD"};
    private static final String[] NO_TAGS = {};
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final long OLDEST_BIRTH_DAY = LocalDate.of(1955, 1, 1).toEpochDay();
    private static final long YOUNGEST_BIRTH_DAY = LocalDate.of(2005, 12, 31).toEpochDay();

    /** How long after the fact a source system publishes a record: tiers of cumulative probability and delay range. */
    private enum Delay {
        /** 12315 complaints: mostly within hours. */
        FAST(new double[] {0.80, 0.97, 0.99, 1},
                new long[] {10 * MINUTE, 12 * HOUR, 5 * DAY, 30 * DAY},
                new long[] {12 * HOUR, 5 * DAY, 28 * DAY, 120 * DAY}),
        /** Registry: hours to 20 working days, a few clerical back-dates (published before the fact, by < 1 day). */
        REGISTRY(new double[] {0.02, 0.52, 0.97, 1},
                new long[] {-20 * HOUR, HOUR, DAY, 30 * DAY}, new long[] {-MINUTE, DAY, 28 * DAY, 150 * DAY}),
        /** Penalties and lists: published within 20 working days, sometimes months late. */
        CREDIT(new double[] {0.01, 0.30, 0.96, 1},
                new long[] {-20 * HOUR, HOUR, 2 * DAY, 30 * DAY}, new long[] {-MINUTE, 2 * DAY, 28 * DAY, 180 * DAY}),
        /** Sampling: laboratory results after one to five weeks. */
        LAB(new double[] {0.85, 0.97, 1},
                new long[] {5 * DAY, 25 * DAY, 35 * DAY}, new long[] {25 * DAY, 35 * DAY, 120 * DAY}),
        INSPECTION(new double[] {0.5, 0.97, 1},
                new long[] {2 * HOUR, 2 * DAY, 30 * DAY}, new long[] {2 * DAY, 28 * DAY, 90 * DAY}),
        /** Planted records: published the same or next day, so that a pattern is complete within the period. */
        QUICK(new double[] {1}, new long[] {10 * MINUTE}, new long[] {20 * HOUR});

        final double[] cumulative;
        final long[] from;
        final long[] to;

        Delay(double[] cumulative, long[] from, long[] to) {
            this.cumulative = cumulative;
            this.from = from;
            this.to = to;
        }
    }

    private interface Occurrence {
        void at(long t) throws IOException;
    }

    /** A licence as granted: the number and its last valid day. */
    private record License(String number, long validUntilDay, long reportedAt) {}

    private final Population population;
    private final Emitter emitter;
    private final Planted planted;
    private final Supervision supervision;
    private final long seed;
    private final long start;
    private final long end;
    private final double years;
    private final Ids ids = new Ids();

    // The enterprise being drawn.
    private SplittableRandom rng;
    private String code;
    private int risk;
    private double propensity;
    private boolean online;
    private Industry industry;
    private Region region;
    private boolean individual;
    /** Carries complaints of a segment spike, so it must stay in its region. */
    private boolean pinned;
    private long activeStart;
    private long activeEnd;
    private long deregisteredAt;
    private int scale;
    private boolean certified;
    /** Spans of occurredAt or reportedAt in which a key change would follow a penalty or an abnormal listing. */
    private final List<long[]> quietWindows = new ArrayList<>();
    /** When the natural key changes occurred. */
    private final List<Long> keyChanges = new ArrayList<>();
    /** When the enterprise is inspected. */
    private final List<Long> inspections = new ArrayList<>();

    History(Population population, Emitter emitter, Planted planted, Supervision supervision, long seed, long start,
            long end) {
        this.population = population;
        this.emitter = emitter;
        this.planted = planted;
        this.supervision = supervision;
        this.seed = seed;
        this.start = start;
        this.end = end;
        this.years = (end - start) / (double) YEAR;
    }

    static double complaintsPerYear(double propensity, boolean onlineFood) {
        return Math.min(MAX_COMPLAINTS, scaled(COMPLAINTS_PER_YEAR, COMPLAINTS_ELASTICITY, propensity))
                * (onlineFood ? ONLINE_COMPLAINT_FACTOR : 1);
    }

    private static double scaled(double base, double elasticity, double propensity) {
        return base * Math.exp(elasticity * propensity);
    }

    /** A rate of this enterprise, by its hidden propensity. */
    private double rate(double base, double elasticity) {
        return scaled(base, elasticity, propensity);
    }

    private double chance(double base, double elasticity) {
        return Math.min(MAX_CHANCE, rate(base, elasticity));
    }

    void generate(int i) throws IOException {
        rng = Generator.rng(seed, Generator.HISTORY, i);
        code = population.creditCode[i];
        risk = population.risk[i];
        propensity = population.propensity[i];
        online = population.onlineFood[i];
        industry = population.industry[i];
        region = population.region[i];
        individual = population.individual[i];
        long established = population.establishedAt[i];
        deregisteredAt = population.deregisteredAt[i];
        activeStart = Math.max(start, established + DAY);
        activeEnd = Math.min(end, deregisteredAt);
        List<Long> spikeDays = population.spikeComplaints(i);
        pinned = !spikeDays.isEmpty();
        quietWindows.clear();
        keyChanges.clear();
        inspections.clear();

        long registeredReported = registered(established);
        if (online) {
            licences(established, registeredReported);
        }
        naturalEvents();
        plantPatterns();
        for (long dayStart : spikeDays) {
            long occurred = dayStart + 8 * HOUR + rng.nextLong(12 * HOUR);
            complaint(occurred, occurred + 10 * MINUTE + rng.nextLong(6 * HOUR), category());
        }
        if (deregisteredAt != Population.NEVER) {
            long reported = reported(deregisteredAt, Delay.REGISTRY);
            emitter.emit(new Rec(ENTERPRISE, code, "DEREGISTERED", deregisteredAt, reported));
        }
        supervision.run(code, this);
    }

    /** Enterprises that predate the period come with the feed's initial load in its first hour. */
    private long registered(long established) throws IOException {
        long reported = established < start ? start + rng.nextLong(HOUR) : established + HOUR + rng.nextLong(47 * HOUR);
        scale = Generator.pick(rng, SCALE_WEIGHTS);
        certified = rng.nextDouble() < CERTIFIED_BY_SCALE[scale] * (risk >= 2 ? 0.5 : 1);
        Long capital = !individual && rng.nextDouble() < 0.8
                ? Vocabulary.REGISTERED_CAPITALS[rng.nextInt(Vocabulary.REGISTERED_CAPITALS.length)] : null;
        emitter.emit(new Rec(ENTERPRISE, code, "REGISTERED", established, reported)
                .req("name", companyName())
                .req("regionCode", region.code())
                .req("industry", industry.code())
                .opt("tags", online ? ONLINE_FOOD_TAGS : NO_TAGS)
                .req("establishedOn", Cst.date(Cst.localDay(established)))
                .opt("registeredCapital", capital)
                .opt("scale", online ? SCALES[scale] : null)
                .opt("qualityCertified", online ? certified : null));
        return reported;
    }

    /**
     * Food business licences of an online food operator. A licence held at the start expires inside the period about
     * once in five (validity five years); it is then renewed 35–95 days ahead, before the expiry warning would be
     * due, or left to expire: a planted LICENSE_EXPIRING. One whose warning would be due before the feed starts is
     * always renewed, as a warning due before the licence is known is a matter of interpretation. Revocations only
     * hit licences that do not expire inside.
     */
    private void licences(long established, long registeredReported) throws IOException {
        boolean catering = industry.letter() == 'H';
        if (established >= start) {
            long granted = Cst.workTime(established + 3 * DAY + rng.nextLong(37 * DAY), rng);
            if (rng.nextDouble() < 0.85 && granted <= activeEnd) {
                grant(granted, reported(granted, Delay.REGISTRY), catering);
            }
            return;
        }
        double u = rng.nextDouble();
        if (u < UNLICENSED[risk]) {
            return;
        }
        if (u < UNLICENSED[risk] + FIRST_LICENSED_IN_PERIOD) {
            long granted = Cst.workTime(activeStart + rng.nextLong(Math.max(1, activeEnd - activeStart)), rng);
            if (granted <= activeEnd) {
                grant(granted, reported(granted, Delay.REGISTRY), catering);
            }
            return;
        }
        long earliest = Math.max(established + 7 * DAY, start - 5 * YEAR + 2 * DAY);
        long latest = start - 4 * DAY;
        long granted = earliest < latest
                ? Cst.workTime(earliest + rng.nextLong(latest - earliest), rng) : established + HOUR;
        License held = grant(granted, registeredReported + 1 + rng.nextLong(10 * MINUTE), catering);
        long lastDayStart = Cst.startOfDay(held.validUntilDay);
        long expiresAt = lastDayStart + DAY;
        if (lastDayStart >= start && expiresAt <= end) {
            boolean warnedBeforeStart = expiresAt - EXPIRY_WARNING <= start + DAY;
            if (rng.nextDouble() < RENEWED[risk] || warnedBeforeStart) {
                long renewed = Cst.workTime(lastDayStart - EXPIRY_WARNING - 5 * DAY - rng.nextLong(60 * DAY), rng);
                if (renewed <= activeEnd) {
                    grant(renewed, renewed < start + HOUR ? held.reportedAt + 1 + rng.nextLong(10 * MINUTE)
                            : renewed + HOUR + rng.nextLong(23 * HOUR), catering);
                    return;
                }
            }
            if (deregisteredAt >= expiresAt) {
                planted.add(Pattern.LICENSE_EXPIRING);
            }
            return;
        }
        if (rng.nextDouble() < LICENSE_REVOCATIONS[risk] * years) {
            long revoked = Cst.workTime(activeStart + rng.nextLong(Math.max(1, activeEnd - activeStart)), rng);
            if (revoked <= activeEnd && revoked < expiresAt) {
                emitter.emit(new Rec(ENTERPRISE, code, "LICENSE_REVOKED", revoked, reported(revoked, Delay.REGISTRY))
                        .req("licenseNo", held.number));
            }
        }
    }

    /** A food business licence valid five years from the day granted. */
    private License grant(long granted, long reported, boolean catering) throws IOException {
        long validUntil = LocalDate.ofEpochDay(Cst.localDay(granted)).plusYears(5).minusDays(1).toEpochDay();
        String number = ids.license(catering, region.code());
        emitter.emit(new Rec(ENTERPRISE, code, "LICENSE_GRANTED", granted, reported)
                .req("licenseNo", number)
                .req("licenseType", "FOOD_BUSINESS")
                .req("validUntil", Cst.date(validUntil)));
        return new License(number, validUntil, reported);
    }

    /**
     * Credit records and the inspections on other grounds come first: they open the quiet windows in which a natural
     * key change would make a CHANGE_AFTER_PENALTY by chance. Planned and follow-up inspections come after all of
     * them ({@link Supervision}); an abnormal listing they lead to may still meet a change by chance.
     */
    private void naturalEvents() throws IOException {
        occurrences(rate(PENALTIES, PENALTIES_ELASTICITY), t -> {
            long occurred = Cst.workTime(t, rng);
            if (active(occurred)) {
                int severity = Generator.pick(rng, SEVERITIES[risk]);
                // Deregistering within 30 days of a GENERAL-or-worse penalty is a CHANGE_AFTER_PENALTY.
                boolean beforeDeregistration = occurred > deregisteredAt - 32 * DAY;
                penalty(occurred, reported(occurred, Delay.CREDIT), beforeDeregistration ? 0 : severity);
            }
        });
        occurrences(rate(ABNORMAL_LISTINGS, ABNORMAL_LISTINGS_ELASTICITY),
                t -> abnormalListing(Cst.workTime(t, rng), pick(Vocabulary.ABNORMAL_REASONS)));
        occurrences(rate(SERIOUS_LISTINGS, SERIOUS_LISTINGS_ELASTICITY), t -> pair(Cst.workTime(t, rng),
                "SERIOUS_LISTED", "SERIOUS_REMOVED", "reason", pick(Vocabulary.SERIOUS_REASONS),
                pick(Vocabulary.SERIOUS_REMOVAL_REASONS), 0.2, 60, 300, Population.NEVER));
        occurrences(rate(FREEZES, FREEZES_ELASTICITY), t -> {
            long occurred = Cst.workTime(t, rng);
            String caseNo = ids.caseNo(region, Cst.year(occurred), rng.nextDouble() < 0.4);
            pair(occurred, "JUDICIAL_FREEZE", "JUDICIAL_UNFREEZE", "caseNo", caseNo, caseNo, 0.55, 20, 300,
                    Population.NEVER);
        });
        occurrences(rate(OTHER_INSPECTIONS, OTHER_INSPECTIONS_ELASTICITY), t -> {
            long occurred = Cst.workTime(t, rng);
            if (active(occurred)) {
                inspection(occurred, null, null);
            }
        });
        double samplings = industry.food() ? FOOD_SAMPLINGS * (online ? 1.3 : 1) : OTHER_SAMPLINGS;
        occurrences(samplings, t -> {
            long occurred = Cst.workTime(t, rng);
            if (active(occurred)) {
                boolean fail = rng.nextDouble() < chance(SAMPLING_FAILS, SAMPLING_FAILS_ELASTICITY);
                String hazard =
                        fail && rng.nextDouble() < 0.9 ? HAZARD_NAMES[Generator.pick(rng, HAZARDS[risk])] : null;
                sampling(occurred, reported(occurred, Delay.LAB), fail, hazard);
            }
        });
        occurrences(complaintsPerYear(propensity, online), t -> {
            long occurred = Cst.dayTime(t, 7, 23, rng);
            if (active(occurred)) {
                complaint(occurred, reported(occurred, Delay.FAST), category());
            }
        });
        occurrences(rate(CHANGES, CHANGES_ELASTICITY), t -> {
            long occurred = Cst.workTime(t, rng);
            if (active(occurred)) {
                long reported = reported(occurred, Delay.REGISTRY);
                boolean key = rng.nextDouble() < chance(KEY_CHANGE_SHARE, KEY_CHANGE_ELASTICITY)
                        && !quiet(occurred) && !quiet(reported);
                if (key) {
                    keyChanges.add(occurred);
                }
                change(occurred, reported, key ? keyField() : otherField());
            }
        });
    }

    /**
     * Occurrence times over the active part of the period at the given mean rate. Gaps are jittered around the mean
     * (0.6–1.4 of it) rather than memoryless, so that bursts, the stuff of warnings, come from the planted patterns
     * and not from chance.
     */
    private void occurrences(double perYear, Occurrence occurrence) throws IOException {
        if (perYear <= 0) {
            return;
        }
        double meanGap = YEAR / perYear;
        double t = activeStart + rng.nextDouble() * meanGap;
        while (t < activeEnd) {
            occurrence.at((long) t);
            t += meanGap * (0.6 + 0.8 * rng.nextDouble());
        }
    }

    private boolean overlapsQuiet(long from, long to) {
        for (long[] window : quietWindows) {
            if (from <= window[1] && to >= window[0]) {
                return true;
            }
        }
        return false;
    }

    private boolean quiet(long t) {
        for (long[] window : quietWindows) {
            if (t >= window[0] && t <= window[1]) {
                return true;
            }
        }
        return false;
    }

    private boolean active(long t) {
        return t >= activeStart && t <= activeEnd;
    }

    private long reported(long occurred, Delay delay) {
        double u = rng.nextDouble();
        int tier = 0;
        while (u >= delay.cumulative[tier]) {
            tier++;
        }
        return occurred + delay.from[tier] + rng.nextLong(delay.to[tier] - delay.from[tier]);
    }

    private void complaint(long occurred, long reported, String category) throws IOException {
        Rec rec = new Rec(COMPLAINTS, code, "COMPLAINT", occurred, reported)
                .req("complaintId", ids.complaint(occurred))
                .req("category", category)
                .opt("substantiated", rng.nextDouble() < 0.6
                        ? rng.nextDouble() < chance(SUBSTANTIATED, SUBSTANTIATED_ELASTICITY) : null);
        if (rng.nextBoolean()) {
            // Personal data of the complainant, which the pipeline must drop at ingestion.
            rec.opt("complainantName", person())
                    .opt("complainantPhone", phone())
                    .opt("complainantIdNo", rng.nextDouble() < 0.6 ? idNumber() : null);
        }
        emitter.emit(rec);
    }

    private void change(long occurred, long reported, String field) throws IOException {
        Rec rec = new Rec(ENTERPRISE, code, "CHANGED", occurred, reported).req("field", field);
        switch (field) {
            case "LEGAL_REPRESENTATIVE" -> rec.req("newValue", person());
            case "SHAREHOLDER" -> rec.req("newValue", shareholders());
            case "ADDRESS" -> {
                boolean moves = !pinned && rng.nextDouble() < 0.1;
                if (moves) {
                    region = Vocabulary.REGIONS[rng.nextInt(Vocabulary.REGIONS.length)];
                }
                rec.req("newValue", address()).opt("newRegionCode", moves || rng.nextBoolean() ? region.code() : null);
            }
            case "NAME" -> rec.req("newValue", companyName());
            case "REGISTERED_CAPITAL" -> rec.req("newValue",
                    Long.toString(Vocabulary.REGISTERED_CAPITALS[rng.nextInt(Vocabulary.REGISTERED_CAPITALS.length)]));
            case "BUSINESS_SCOPE" -> rec.req("newValue", pick(Vocabulary.BUSINESS_SCOPES));
            case "SCALE" -> {
                scale = (scale + 1 + rng.nextInt(SCALES.length - 1)) % SCALES.length;
                rec.req("newValue", SCALES[scale]);
            }
            case "QUALITY_CERTIFICATION" -> {
                certified = !certified;
                rec.req("newValue", Boolean.toString(certified));
            }
            default -> throw new IllegalArgumentException(field);
        }
        emitter.emit(rec);
    }

    /** A GENERAL-or-worse penalty opens a quiet window of 30 days (plus a day of margin either side). */
    private void penalty(long occurred, long reported, int severity) throws IOException {
        if (severity >= 1) {
            quietWindows.add(new long[] {occurred - DAY, occurred + 31 * DAY});
        }
        String domain = industry.food()
                ? (rng.nextDouble() < 0.8 ? "FOOD" : null)
                : (rng.nextDouble() < 0.6 ? pick(Vocabulary.PENALTY_DOMAINS) : null);
        emitter.emit(new Rec(CREDIT_RECORDS, code, "PENALTY", occurred, reported)
                .req("decisionNo", ids.decision(region, Cst.year(occurred)))
                .req("severity", SEVERITY_NAMES[severity])
                .opt("amount", fine(severity))
                .opt("domain", domain));
    }

    /** A fine in CNY; a warning (警告) carries none. */
    private Long fine(int severity) {
        return switch (severity) {
            case 1 -> 100L * (20 + rng.nextInt(480));
            case 2 -> 1_000L * (50 + rng.nextInt(450));
            case 3 -> 10_000L * (20 + rng.nextInt(180));
            default -> null;
        };
    }

    /**
     * A listing opens a quiet window until a day after its removal is known, or for good. An enterprise that will
     * deregister is only listed when it is off the list again by then: deregistering while listed is a
     * CHANGE_AFTER_PENALTY.
     */
    private void abnormalListing(long occurred, String reason) throws IOException {
        boolean deregisters = deregisteredAt != Population.NEVER;
        long until = pair(occurred, "ABNORMAL_LISTED", "ABNORMAL_REMOVED", "reason", reason,
                pick(Vocabulary.ABNORMAL_REMOVAL_REASONS), deregisters ? 1 : ABNORMAL_REMOVED, 10, 200,
                deregisters ? deregisteredAt - DAY : Population.NEVER);
        if (until >= 0) {
            quietWindows.add(new long[] {occurred - DAY, until == Population.NEVER ? until : until + DAY});
        }
    }

    /**
     * A listing or freeze and, with the given probability, its end minDays–maxDays later, published after it (never
     * alone: an end without its start would be meaningless to the pipeline). The end is known at the later of its
     * occurredAt and reportedAt, or never when it is not published; when that is after latestEnd, nothing is
     * published. Returns when the end is known, {@link Population#NEVER}, or -1 when nothing is published.
     */
    private long pair(long occurred, String type, String endType, String key, String value, String endValue,
            double endProbability, int minDays, int maxDays, long latestEnd) throws IOException {
        if (!active(occurred)) {
            return -1;
        }
        Rec first = new Rec(CREDIT_RECORDS, code, type, occurred, reported(occurred, Delay.CREDIT)).req(key, value);
        Rec last = null;
        if (rng.nextDouble() < endProbability) {
            long ended = Cst.workTime(occurred + (minDays + rng.nextInt(maxDays - minDays)) * DAY, rng);
            if (active(ended)) {
                long reported = reported(ended, Delay.CREDIT);
                if (reported <= first.reportedAt) {
                    reported = first.reportedAt + HOUR + rng.nextLong(3 * DAY);
                }
                last = new Rec(CREDIT_RECORDS, code, endType, ended, reported).req(key, endValue);
            }
        }
        long known = last == null || last.reportedAt > end
                ? Population.NEVER : Math.max(last.occurredAt, last.reportedAt);
        if (known > latestEnd || !emitter.emit(first)) {
            return -1;
        }
        if (last != null) {
            emitter.emit(last);
        }
        return known;
    }

    private void sampling(long occurred, long reported, boolean fail, String hazard) throws IOException {
        emitter.emit(new Rec(SAMPLING_RESULTS, code, "SAMPLING", occurred, reported)
                .req("sampleId", ids.sample(Cst.year(occurred)))
                .req("product", pick(industry.food() ? Vocabulary.FOOD_PRODUCTS : Vocabulary.OTHER_PRODUCTS))
                .req("result", fail ? "FAIL" : "PASS")
                .opt("hazard", hazard));
    }

    /** Drawn by a spot-check plan: the inspectors visit within weeks. */
    @Override
    public void drawn(String planId, long planAt) throws IOException {
        long occurred = Cst.workTime(planAt + (PLAN_VISIT_FROM_DAYS + rng.nextInt(PLAN_VISIT_DAYS)) * DAY, rng);
        if (active(occurred) && !inspectedNear(occurred)) {
            inspection(occurred, planId, null);
        }
    }

    /** Warned about: followed up sooner and more often the more severe the warning. */
    @Override
    public void warned(Warning warning) throws IOException {
        int severity = warning.severity.ordinal();
        if (rng.nextDouble() >= FOLLOW_UPS[severity]) {
            return;
        }
        long occurred = Cst.workTime(warning.raisedAt / 1000 + (2 + rng.nextInt(FOLLOW_UP_DAYS[severity])) * DAY, rng);
        if (active(occurred) && !inspectedNear(occurred)) {
            inspection(occurred, null, warning.warningId);
        }
    }

    private boolean inspectedNear(long t) {
        for (long inspected : inspections) {
            if (Math.abs(inspected - t) < INSPECTION_GAP) {
                return true;
            }
        }
        return false;
    }

    /**
     * A spot check whose result follows the hidden risk; an absent enterprise often lands on the abnormal list.
     * Plans and warnings name themselves; an inspection with neither is a visit on other grounds.
     */
    private void inspection(long occurred, String planId, String warningId) throws IOException {
        inspections.add(occurred);
        int result = rng.nextDouble() >= chance(FOUND, FOUND_ELASTICITY) ? PASSED
                : rng.nextDouble() < NOT_FOUND_AT_ADDRESS_SHARE ? NOT_FOUND_AT_ADDRESS : PROBLEMS_FOUND;
        Rec rec = new Rec(INSPECTIONS, code, "INSPECTION", occurred, reported(occurred, Delay.INSPECTION))
                .req("inspectionId", ids.inspection(Cst.year(occurred)))
                .opt("planId", planId)
                .opt("warningId", warningId)
                .req("result", INSPECTION_NAMES[result]);
        if (emitter.emit(rec) && result == NOT_FOUND_AT_ADDRESS && rng.nextDouble() < 0.4) {
            abnormalListing(Cst.workTime(occurred + (5 + rng.nextInt(25)) * DAY, rng), Vocabulary.ADDRESS_UNREACHABLE);
        }
    }

    private void plantPatterns() throws IOException {
        if (rng.nextDouble() < COMPLAINT_SURGES[risk] * years) {
            complaintSurge();
        }
        if (rng.nextDouble() < FREQUENT_CHANGES[risk] * years) {
            frequentChanges();
        }
        if (rng.nextDouble() < SAMPLING_FAILURES[risk] * (industry.food() ? 2 : 0.5) * years) {
            samplingFailure();
        }
        if (rng.nextDouble() < CHANGES_AFTER_PENALTY[risk] * years) {
            changeAfterPenalty();
        }
    }

    /**
     * The start of a planted pattern lasting span, or -1 when the enterprise is not active long enough. The margins
     * leave room for moving records to office hours and for publishing them, all inside the active period.
     */
    private long plantStart(long span) {
        long from = activeStart + DAY;
        long to = activeEnd - span - 7 * DAY;
        return to > from ? from + rng.nextLong(to - from) : -1;
    }

    /** 5–9 complaints, or 10–14 for a high-severity surge, about one matter within at most six days. */
    private void complaintSurge() throws IOException {
        int complaints = rng.nextDouble() < 0.25 ? 10 + rng.nextInt(5) : 5 + rng.nextInt(5);
        long span = DAY + rng.nextLong(5 * DAY);
        long first = plantStart(span);
        if (first < 0) {
            return;
        }
        String category = category();
        for (int c = 0; c < complaints; c++) {
            long occurred = first + rng.nextLong(span);
            complaint(occurred, reported(occurred, Delay.QUICK), category);
        }
        planted.add(Pattern.COMPLAINT_SURGE);
    }

    /**
     * 3–4 key changes spanning 10–83 days (moving to office hours adds under three days), inside 90, placed clear of
     * quiet windows so that they do not also make a CHANGE_AFTER_PENALTY.
     */
    private void frequentChanges() throws IOException {
        int changes = rng.nextDouble() < 0.7 ? 3 : 4;
        long span = 10 * DAY + rng.nextLong(70 * DAY);
        long first = -1;
        for (int attempt = 0; attempt < 10 && first < 0; attempt++) {
            first = plantStart(span);
            if (first >= 0 && overlapsQuiet(first - DAY, first + span + 4 * DAY)) {
                first = -1;
            }
        }
        if (first < 0) {
            return;
        }
        for (int c = 0; c < changes; c++) {
            long occurred = Cst.workTime(c == 0 ? first : c == 1 ? first + span : first + rng.nextLong(span), rng);
            change(occurred, reported(occurred, Delay.QUICK), keyField());
        }
        planted.add(Pattern.FREQUENT_CHANGES);
    }

    private void samplingFailure() throws IOException {
        long first = plantStart(12 * DAY);
        if (first < 0) {
            return;
        }
        long occurred = Cst.workTime(first, rng);
        sampling(occurred, occurred + 3 * DAY + rng.nextLong(7 * DAY), true, "HIGH");
        planted.add(Pattern.SAMPLING_FAILURES);
    }

    /**
     * A GENERAL-or-worse penalty, then a key change 1–29 days later (26 plus under three for office hours). Well
     * before a deregistration, which would repeat the pattern, and with at most one natural key change within 90
     * days, so that the planted change does not also make a FREQUENT_CHANGES.
     */
    private void changeAfterPenalty() throws IOException {
        long gap = DAY + rng.nextLong(25 * DAY);
        for (int attempt = 0; attempt < 10; attempt++) {
            long first = plantStart(gap + (deregisteredAt != Population.NEVER ? 35 * DAY : 0));
            if (first < 0) {
                return;
            }
            long penalized = Cst.workTime(first, rng);
            long changed = Cst.workTime(penalized + gap, rng);
            if (keyChanges.stream().filter(t -> Math.abs(t - changed) < 90 * DAY).count() <= 1) {
                penalty(penalized, penalized + HOUR + rng.nextLong(3 * DAY), Generator.pick(rng, PLANTED_SEVERITIES));
                change(changed, reported(changed, Delay.QUICK), keyField());
                planted.add(Pattern.CHANGE_AFTER_PENALTY);
                return;
            }
        }
    }

    private String keyField() {
        return KEY_FIELDS[Generator.pick(rng, KEY_FIELD_WEIGHTS)];
    }

    private String otherField() {
        return OTHER_FIELDS[Generator.pick(rng, online ? ONLINE_FOOD_OTHER_FIELD_WEIGHTS : OTHER_FIELD_WEIGHTS)];
    }

    private String category() {
        String[] categories = Vocabulary.COMPLAINT_CATEGORIES;
        if (industry.food()) {
            return rng.nextDouble() < 0.45 ? categories[0] : pick(categories);
        }
        return categories[1 + rng.nextInt(categories.length - 1)];
    }

    private String pick(String[] words) {
        return words[rng.nextInt(words.length)];
    }

    private char pick(String chars) {
        return chars.charAt(rng.nextInt(chars.length()));
    }

    private String companyName() {
        if (individual) {
            String trade = rng.nextBoolean() ? pick(Vocabulary.SURNAMES) + "记" : tradeName();
            return "呼和浩特市" + region.name() + trade + pick(industry.shops());
        }
        return (rng.nextDouble() < 0.7 ? "呼和浩特市" : "内蒙古") + tradeName() + pick(industry.descriptors())
                + (rng.nextDouble() < 0.7 ? "有限公司" : "有限责任公司");
    }

    private String tradeName() {
        if (rng.nextDouble() < 0.3) {
            return pick(Vocabulary.TRADE_WORDS);
        }
        char first = pick(Vocabulary.TRADE_CHARS);
        char second = pick(Vocabulary.TRADE_CHARS);
        return second == first ? first + "达" : "" + first + second;
    }

    private String person() {
        if (rng.nextDouble() < 0.1) {
            return pick(Vocabulary.MONGOLIAN_NAMES);
        }
        String name = pick(Vocabulary.SURNAMES) + "" + pick(Vocabulary.GIVEN_CHARS);
        return rng.nextDouble() < 0.6 ? name + pick(Vocabulary.GIVEN_CHARS) : name;
    }

    private String shareholders() {
        String holder = rng.nextDouble() < 0.2 ? "呼和浩特市" + tradeName() + "投资有限公司" : person();
        if (rng.nextDouble() < 0.4) {
            return holder + " 100%";
        }
        int share = 5 * (2 + rng.nextInt(17));
        return holder + " " + share + "%；" + person() + " " + (100 - share) + "%";
    }

    private String address() {
        return "呼和浩特市" + region.name() + pick(Vocabulary.STREETS) + (1 + rng.nextInt(399)) + "号";
    }

    private String phone() {
        return "1" + pick("35789") + digits(rng.nextInt(1_000_000_000), 9);
    }

    /** A resident identity number (GB 11643) with a valid check character; the person is fictitious. */
    private String idNumber() {
        long birthDay = OLDEST_BIRTH_DAY + rng.nextLong(YOUNGEST_BIRTH_DAY - OLDEST_BIRTH_DAY + 1);
        String birth = Cst.date(birthDay).replace("-", "");
        String first17 = pick(Vocabulary.REGIONS).code() + birth + digits(rng.nextInt(1000), 3);
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += (first17.charAt(k) - '0') * ID_WEIGHTS[k];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    private Region pick(Region[] regions) {
        return regions[rng.nextInt(regions.length)];
    }

    private static String digits(int value, int width) {
        String text = Integer.toString(value);
        return "0".repeat(width - text.length()) + text;
    }
}
