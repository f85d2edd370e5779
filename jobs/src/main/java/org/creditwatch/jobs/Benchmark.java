package org.creditwatch.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.Stream;
import org.creditwatch.flink.Counters;
import org.creditwatch.io.InputLines;
import org.creditwatch.model.ModelSet;

/**
 * {@code creditwatch benchmark}: the full replay and, over the same files, what it is measured against: a single
 * thread that reads, parses and validates every line and discards the result; the floor, the same Flink job with a
 * discarding sink; and that job without scoring. Prints the rates per core and the replay's share of the floor's. A
 * measurement, not a test: nothing here asserts a figure.
 */
public final class Benchmark {
    private static final int WARM_ROUNDS = 3;

    private Benchmark() {}

    public static void run(Path input, Path output, ModelSet models, int parallelism, PrintStream out)
            throws Exception {
        Map<Stream, Path> files = Replay.inputFiles(input);
        if (files.isEmpty()) {
            throw new IOException("no input files in " + input + " (expected one or more of "
                    + Arrays.stream(Stream.values()).map(Stream::fileName).collect(Collectors.joining(", ")) + ")");
        }
        int cores = Math.min(parallelism, Runtime.getRuntime().availableProcessors());

        parseOnly(files); // warm-up: the JIT should not be what the first pass measures
        long started = System.nanoTime();
        long parsed = parseOnly(files);
        double parseSeconds = (System.nanoTime() - started) / 1e9;
        double parseRate = parsed / parseSeconds;
        out.printf("parse-only: %,d records in %.2f s: %,.0f records/s on 1 core%n", parsed, parseSeconds, parseRate);

        // the first replay is what a one-off command sees: it also pays for compiling the engine, the sources and
        // Flink's runtime, about half of its time at this size
        Replay.Result cold = Replay.run(new Replay.Options(input, output, null, models, parallelism));
        out.printf("replay:     %,d records in %.2f s: %,.0f records/s at parallelism %d, %,.0f records/s per core"
                        + " (a cold JVM)%n", cold.records(), cold.elapsedMillis() / 1000.0, cold.recordsPerSecond(),
                parallelism, cold.recordsPerSecond() / cores);
        out.printf("            of which: as-of scan %.1f s, Flink job %.1f s (%,.0f records/s), merging outputs %.1f s%n",
                cold.scanMillis() / 1000.0, cold.jobMillis() / 1000.0,
                cold.records() * 1000.0 / Math.max(1, cold.jobMillis()),
                (cold.elapsedMillis() - cold.scanMillis() - cold.jobMillis()) / 1000.0);
        out.printf("state:      %,.0f bytes per enterprise (%,d enterprises in state)%n",
                cold.stateBytesPerEnterprise(), cold.enterprises());

        // then all three on a warm JIT, in turns, so that none has the machine's quiet moments to itself
        double[] replayPerCore = new double[WARM_ROUNDS];
        double[] floorPerCore = new double[WARM_ROUNDS];
        double[] unscoredPerCore = new double[WARM_ROUNDS];
        for (int round = 0; round < WARM_ROUNDS; round++) {
            Path scratch = Files.createTempDirectory(output.getParent(), ".warm-");
            try {
                FlinkRun unscored = withoutScoring(files, parallelism, scratch.resolve("unscored"));
                unscoredPerCore[round] = unscored.records() / unscored.seconds() / cores;
                FlinkRun floor = discardingReplay(input, files, models, parallelism, scratch.resolve("floor"));
                floorPerCore[round] = floor.records() / floor.seconds() / cores;
                Replay.Result replay = Replay.run(
                        new Replay.Options(input, scratch.resolve("output"), null, models, parallelism));
                replayPerCore[round] = replay.recordsPerSecond() / cores;
                out.printf("warm %d:     replay %.2f s, floor %.2f s, without scoring %.2f s%n", round + 1,
                        replay.elapsedMillis() / 1000.0, floor.seconds(), unscored.seconds());
            } finally {
                Replay.deleteRecursively(scratch);
            }
        }
        double replayRate = median(replayPerCore);
        double floorRate = median(floorPerCore);
        double unscoredRate = median(unscoredPerCore);
        out.printf("warm, per core (medians of %d):%n", WARM_ROUNDS);
        out.printf("            replay %,.0f records/s%n", replayRate);
        out.printf("            floor, the same Flink job with a discarding sink (outputs neither written nor merged)"
                + " %,.0f records/s%n", floorRate);
        out.printf("            the job without scoring (read, parse, key by credit code, discard) %,.0f records/s:"
                + " replay is %.0f %% of it%n", unscoredRate, 100 * replayRate / unscoredRate);
        out.printf("ratio:      replay per core / floor per core = %.0f %% (target: at least 50 %%)%n",
                100 * replayRate / floorRate);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private record FlinkRun(long records, double seconds) {}

    /**
     * The floor: the replay up to its outputs, which go to a discarding sink instead of files to merge; timed like the
     * replay, from its as-of scan to the job's end.
     */
    private static FlinkRun discardingReplay(Path input, Map<Stream, Path> files, ModelSet models, int parallelism,
            Path rocksDbDir) throws Exception {
        long started = System.nanoTime();
        Replay.Options replay = new Replay.Options(input, null, null, models, parallelism);
        long readAt = System.currentTimeMillis();
        StreamExecutionEnvironment env = Replay.job(replay, files, readAt, Replay.asOf(replay, files, readAt),
                rocksDbDir, LiveBenchmark.discardingSinks());
        return finish(env, "creditwatch benchmark floor", started);
    }

    /**
     * What replay costs before any scoring: the same sources, parsing and shuffle by credit code on the same embedded
     * Flink, into a sink that discards; timed like the replay's Flink job, from building it to its end.
     */
    private static FlinkRun withoutScoring(Map<Stream, Path> files, int parallelism, Path rocksDbDir)
            throws Exception {
        long started = System.nanoTime();
        StreamExecutionEnvironment env = LocalFlink.boundedEnvironment(parallelism, rocksDbDir);
        CreditwatchPipeline.parse(env, Replay.fileSources(files), new CreditwatchPipeline.Settings(ModelSet.bundled(),
                        0, RecordParser.DEFAULT_MAX_CLOCK_SKEW_MS, System.currentTimeMillis(), Long.MAX_VALUE))
                .records()
                .keyBy(r -> r.creditCode).sinkTo(new DiscardingSink<>());
        return finish(env, "creditwatch benchmark without scoring", started);
    }

    private static FlinkRun finish(StreamExecutionEnvironment env, String name, long started) throws Exception {
        Map<String, Object> counters = env.execute(name).getAllAccumulatorResults();
        return new FlinkRun(((Number) counters.getOrDefault(Counters.RECORDS, 0L)).longValue(),
                (System.nanoTime() - started) / 1e9);
    }

    private static long parseOnly(Map<Stream, Path> files) throws IOException {
        RecordParser parser = new RecordParser();
        long count = 0;
        long sink = 0;
        for (Map.Entry<Stream, Path> file : files.entrySet()) {
            try (BufferedReader in = InputLines.open(file.getValue())) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    RecordParser.Result result = parser.parse(file.getKey(), line);
                    sink += result.record != null ? result.record.reportedAt : result.reject.reason.ordinal();
                    count++;
                }
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the parse results observable, so the JIT cannot drop them
        }
        return count;
    }
}
