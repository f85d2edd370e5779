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
 * {@code creditwatch benchmark}: the full replay and, over the same files, the bound it is measured against: a
 * single thread that reads, parses and validates every line and discards the result, and the floor of the same
 * Flink job without scoring; prints the rates per core and the replay's share of the floor's. A measurement, not a
 * test: nothing here asserts a figure.
 */
public final class Benchmark {
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

        Replay.Result replay = Replay.run(new Replay.Options(input, output, null, models, parallelism));
        double replayPerCore = replay.recordsPerSecond() / cores;
        out.printf("replay:     %,d records in %.2f s: %,.0f records/s at parallelism %d, %,.0f records/s per core%n",
                replay.records(), replay.elapsedMillis() / 1000.0, replay.recordsPerSecond(), parallelism, replayPerCore);
        out.printf("            of which: as-of scan %.1f s, Flink job %.1f s (%,.0f records/s), merging outputs %.1f s%n",
                replay.scanMillis() / 1000.0, replay.jobMillis() / 1000.0,
                replay.records() * 1000.0 / Math.max(1, replay.jobMillis()),
                (replay.elapsedMillis() - replay.scanMillis() - replay.jobMillis()) / 1000.0);
        out.printf("state:      %,.0f bytes per enterprise (%,d enterprises in state)%n",
                replay.stateBytesPerEnterprise(), replay.enterprises());

        Path floorWork = Files.createTempDirectory(output, ".floor-");
        FloorRun floor;
        try {
            floor = flinkFloor(files, parallelism, floorWork);
        } finally {
            Replay.deleteRecursively(floorWork);
        }
        out.printf("floor:      the same Flink job without scoring (read, parse, key by credit code, discard): "
                + "%,d records in %.2f s: %,.0f records/s per core%n", floor.records(), floor.seconds(),
                floor.records() / floor.seconds() / cores);
        out.printf("ratio:      replay per core / floor per core = %.0f %% (target: at least 50 %%)%n",
                100 * replayPerCore / (floor.records() / floor.seconds() / cores));
    }

    private record FloorRun(long records, double seconds) {}

    /**
     * What replay costs before any scoring: the same sources, parsing and shuffle by credit code on the same embedded
     * Flink, into a sink that discards; timed like the replay's Flink job, from building it to its end. Runs after the
     * replay, so that the replay does not start on its warmed-up JIT.
     */
    private static FloorRun flinkFloor(Map<Stream, Path> files, int parallelism, Path rocksDbDir) throws Exception {
        long started = System.nanoTime();
        StreamExecutionEnvironment env = LocalFlink.boundedEnvironment(parallelism, rocksDbDir);
        CreditwatchPipeline.parse(env, Replay.fileSources(files), new CreditwatchPipeline.Settings(ModelSet.bundled(),
                        0, RecordParser.DEFAULT_MAX_CLOCK_SKEW_MS, System.currentTimeMillis(), Long.MAX_VALUE))
                .records()
                .keyBy(r -> r.creditCode).sinkTo(new DiscardingSink<>());
        Map<String, Object> counters = env.execute("creditwatch benchmark floor").getAllAccumulatorResults();
        return new FloorRun(((Number) counters.getOrDefault(Counters.RECORDS, 0L)).longValue(),
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
