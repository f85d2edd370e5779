package org.creditwatch.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic input for creditwatch: the replay files of spec §7 for a population of Hohhot enterprises, with a hidden
 * true risk per enterprise that drives its record rates, inspections from spot-check plans and warning follow-ups
 * decided by the pipeline's own engine ({@link Supervision}), planted warning patterns, duplicates and bad records, and
 * the answers ({@code ground-truth.jsonl}, {@code planted.json}) to check the pipeline against. The same options
 * give byte-identical files: every enterprise draws from its own seeded generator, in index order.
 */
public final class Generator {
    /** {@code end} is the reportedAt of the last day; every reportedAt lies in [end − days, end]. */
    public record Options(int enterprises, int days, long seed, Instant end) {}

    /** {@code records} counts the lines of the five record files, duplicates and bad records included. */
    public record Stats(long records, long enterprises, Map<String, Long> recordsByFile, Map<String, Long> planted) {}

    static final int PROFILE = 1;
    static final int HISTORY = 2;
    static final int SPIKES = 3;
    static final int EMITTER = 4;
    /** reportedAt is spooled as int seconds from the start of the period. */
    private static final int MAX_DAYS = 20_000;
    /** Enterprise-days per spool bucket: a bucket, held in memory while it is sorted, is a few MB. */
    private static final long ENTERPRISE_DAYS_PER_BUCKET = 500_000;
    private static final int MAX_BUCKETS = 64;

    private Generator() {}

    public static Stats generate(Options options, Path outputDir) throws IOException {
        if (options.enterprises() < 1 || options.days() < 1 || options.days() > MAX_DAYS || options.end() == null) {
            throw new IllegalArgumentException(
                    "need enterprises >= 1, 1 <= days <= " + MAX_DAYS + " and an end: " + options);
        }
        Files.createDirectories(outputDir);
        long end = options.end().getEpochSecond();
        long start = end - options.days() * Cst.DAY;
        Planted planted = new Planted();
        Population population = Population.draw(options, start, end, planted);

        int buckets = (int) Math.min(MAX_BUCKETS,
                (long) options.enterprises() * options.days() / ENTERPRISE_DAYS_PER_BUCKET + 1);
        Path spoolDir = Files.createTempDirectory(outputDir, ".generate-");
        long[] lines;
        Supervision supervision = new Supervision(options.seed(), start, end);
        try (Emitter emitter = new Emitter(outputDir, spoolDir, start, end, buckets,
                rng(options.seed(), EMITTER, 0), planted, supervision)) {
            History history = new History(population, emitter, planted, supervision, options.seed(), start, end);
            for (int i = 0; i < population.size; i++) {
                history.generate(i);
            }
            lines = emitter.finish();
        } finally {
            Files.deleteIfExists(spoolDir);
        }

        Map<String, Long> recordsByFile = new LinkedHashMap<>();
        long records = 0;
        for (OutFile file : OutFile.values()) {
            recordsByFile.put(file.fileName(), lines[file.ordinal()]);
            records += lines[file.ordinal()];
        }
        Map<String, Long> plantedCounts = planted.toMap();
        writeGroundTruth(population, outputDir.resolve("ground-truth.jsonl"));
        writePlanted(plantedCounts, outputDir.resolve("planted.json"));
        return new Stats(records, population.size, Collections.unmodifiableMap(recordsByFile), plantedCounts);
    }

    private static void writeGroundTruth(Population population, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < population.size; i++) {
                out.write("{\"creditCode\":\"" + population.creditCode[i]
                        + "\",\"trueRisk\":\"" + Population.RISKS[population.risk[i]]
                        + "\",\"onlineFood\":" + population.onlineFood[i] + "}\n");
            }
        }
    }

    private static void writePlanted(Map<String, Long> planted, Path file) throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        String separator = "";
        for (Map.Entry<String, Long> entry : planted.entrySet()) {
            json.append(separator).append("  \"").append(entry.getKey()).append("\": ").append(entry.getValue());
            separator = ",\n";
        }
        Files.writeString(file, json.append("\n}\n"), StandardCharsets.UTF_8);
    }

    /** An independent generator per (seed, purpose, index), so that no draw depends on the order of another. */
    static SplittableRandom rng(long seed, int purpose, long index) {
        return new SplittableRandom(mix(mix(seed + purpose * 0x9E3779B97F4A7C15L) + index * 0xBF58476D1CE4E5B9L));
    }

    /** The SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An index drawn with the given non-negative integer weights. */
    static int pick(SplittableRandom rng, int[] weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int draw = rng.nextInt(total);
        int index = 0;
        while (draw >= weights[index]) {
            draw -= weights[index++];
        }
        return index;
    }
}
