package org.creditwatch.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.Stream;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.engine.Warning;
import org.creditwatch.flink.Counters;
import org.creditwatch.io.JsonLinesSink;
import org.creditwatch.io.OutputJson;
import org.creditwatch.model.ModelSet;

/**
 * {@code creditwatch replay} (spec §7): the live pipeline on bounded files, with RocksDB state, applying every
 * record reported up to the as-of instant and firing timers up to it, never beyond; then the outputs merged into
 * an order that depends neither on parallelism nor on how the input files interleave.
 */
public final class Replay {
    public static final String ASSESSMENTS = "assessments.jsonl";
    public static final String WARNINGS = "warnings.jsonl";
    public static final String REJECTS = "rejects.jsonl";
    public static final String OUTCOMES = "outcomes.jsonl";
    public static final String SUMMARY = "summary.json";

    /**
     * @param asOf epoch milliseconds, or null for the largest {@code reportedAt} read
     * @param maxClockSkewMs how far {@code reportedAt} may lie ahead of this machine's clock (spec §3.6)
     */
    public record Options(Path input, Path output, Long asOf, ModelSet models, int parallelism, long maxClockSkewMs) {
        public Options(Path input, Path output, Long asOf, ModelSet models, int parallelism) {
            this(input, output, asOf, models, parallelism, RecordParser.DEFAULT_MAX_CLOCK_SKEW_MS);
        }
    }

    /** What a replay did, for the console and the benchmark. */
    public record Result(Map<String, Object> summary, long records, long enterprises, long stateBytes,
            long elapsedMillis, long scanMillis, long jobMillis) {
        public double recordsPerSecond() {
            return records * 1000.0 / Math.max(1, elapsedMillis);
        }

        public double stateBytesPerEnterprise() {
            return enterprises == 0 ? 0 : (double) stateBytes / enterprises;
        }
    }

    private Replay() {}

    /** The input files of the replay layout that exist in a directory. */
    public static Map<Stream, Path> inputFiles(Path input) {
        Map<Stream, Path> files = new EnumMap<>(Stream.class);
        for (Stream stream : Stream.values()) {
            Path file = input.resolve(stream.fileName());
            if (Files.exists(file)) {
                files.put(stream, file);
            }
        }
        return files;
    }

    public static Result run(Options options) throws Exception {
        long started = System.nanoTime();
        Map<Stream, Path> files = inputFiles(options.input());
        for (Path file : files.values()) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IOException("cannot read input file " + file);
            }
        }
        // One reading clock for the whole replay, so that the as-of scan and the job judge future records alike.
        long readAt = System.currentTimeMillis();
        long asOf = asOf(options, files, readAt);
        long scanned = System.nanoTime();
        Files.createDirectories(options.output());
        Path parts = Files.createTempDirectory(options.output(), ".replay-");
        try {
            Map<String, Long> counters = files.isEmpty() ? Map.of() : runJob(options, files, asOf, readAt, parts);
            long jobDone = System.nanoTime();
            Map<String, Long> classes = AssessmentMerge.merge(partFiles(parts, "assessments"),
                    options.output().resolve(ASSESSMENTS));
            Map<String, Long> rejected = mergeSorted(parts, "rejects", options.output().resolve(REJECTS), "\"reason\":\"");
            Map<String, Long> warned = mergeSorted(parts, "warnings", options.output().resolve(WARNINGS), "\"rule\":\"");
            long outcomes = OutcomeMerge.merge(readParts(parts, "outcomes"), options.output().resolve(OUTCOMES));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("asOf", asOf == Long.MIN_VALUE ? null : OutputJson.time(asOf));
            summary.put("records", counters.getOrDefault(Counters.RECORDS, 0L));
            summary.put("applied", counters.getOrDefault(Counters.APPLIED, 0L));
            summary.put("duplicates", counters.getOrDefault(Counters.DUPLICATES, 0L));
            summary.put("late", counters.getOrDefault(Counters.LATE, 0L));
            summary.put("afterAsOf", counters.getOrDefault(Counters.AFTER_AS_OF, 0L));
            summary.put("rejected", rejected);
            summary.put("enterprises", classes);
            summary.put("warnings", warned);
            summary.put("assessments", counters.getOrDefault(Counters.ASSESSMENTS, 0L));
            summary.put("outcomes", outcomes);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(options.output().resolve(SUMMARY).toFile(), summary);
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            return new Result(summary, counters.getOrDefault(Counters.RECORDS, 0L),
                    counters.getOrDefault(Counters.ENTERPRISES_IN_STATE, 0L),
                    counters.getOrDefault(Counters.STATE_BYTES, 0L), elapsed, (scanned - started) / 1_000_000,
                    (jobDone - scanned) / 1_000_000);
        } finally {
            deleteRecursively(parts);
        }
    }

    /** The instant a replay that reads at {@code readAt} applies records up to: the one given, or the newest read. */
    static long asOf(Options options, Map<Stream, Path> files, long readAt) throws IOException {
        return options.asOf() != null ? options.asOf()
                : AsOfScan.latestReportedAt(files, readAt, options.maxClockSkewMs());
    }

    /**
     * The replay's Flink job over {@code files} into {@code sinks}, in an environment of its own (the benchmark's
     * floor is this job with discarding sinks); {@code options.output()} is not used.
     */
    static StreamExecutionEnvironment job(Options options, Map<Stream, Path> files, long readAt, long asOf,
            Path rocksDbDir, CreditwatchPipeline.Sinks sinks) {
        StreamExecutionEnvironment env = LocalFlink.boundedEnvironment(options.parallelism(), rocksDbDir);
        CreditwatchPipeline.build(env, fileSources(files), sinks, null,
                new CreditwatchPipeline.Settings(options.models(), 0, options.maxClockSkewMs(), readAt, asOf));
        return env;
    }

    private static Map<String, Long> runJob(Options options, Map<Stream, Path> files, long asOf, long readAt,
            Path parts) throws Exception {
        StreamExecutionEnvironment env = job(options, files, readAt, asOf, parts.resolve("rocksdb"), fileSinks(parts));
        JobExecutionResult result = env.execute("creditwatch replay");
        Map<String, Long> counters = new HashMap<>();
        result.getAllAccumulatorResults().forEach((name, value) -> counters.put(name, ((Number) value).longValue()));
        return counters;
    }

    public static CreditwatchPipeline.Sources fileSources(Map<Stream, Path> files) {
        return env -> {
            Map<Stream, DataStream<String>> sources = new EnumMap<>(Stream.class);
            files.forEach((stream, file) -> {
                FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(),
                        new org.apache.flink.core.fs.Path(file.toUri())).build();
                String name = stream.fileName().replace(".jsonl", "");
                sources.put(stream, env.fromSource(source, WatermarkStrategy.noWatermarks(), "Read " + file.getFileName())
                        .uid("source-" + name));
            });
            return sources;
        };
    }

    static CreditwatchPipeline.Sinks fileSinks(Path parts) {
        return new CreditwatchPipeline.Sinks() {
            @Override
            public void assessments(DataStream<Assessment> assessments) {
                assessments.sinkTo(new JsonLinesSink<>(parts, "assessments", OutputJson::assessment))
                        .uid("sink-assessments").name("Write assessments");
            }

            @Override
            public void warnings(DataStream<Warning> warnings) {
                warnings.sinkTo(new JsonLinesSink<>(parts, "warnings", OutputJson::warning))
                        .uid("sink-warnings").name("Write warnings");
            }

            @Override
            public void rejects(DataStream<Reject> rejects) {
                rejects.sinkTo(new JsonLinesSink<>(parts, "rejects", OutputJson::reject))
                        .uid("sink-rejects").name("Write rejects");
            }

            @Override
            public void outcomes(DataStream<InspectionOutcome> outcomes) {
                outcomes.sinkTo(new JsonLinesSink<>(parts, "outcomes", OutputJson::outcome))
                        .uid("sink-outcomes").name("Write inspection outcomes");
            }

            @Override
            public void modelChanges(DataStream<ModelChange> changes) {
                // replay keeps the set it starts with: there are none
                changes.sinkTo(new DiscardingSink<>()).uid("sink-model-changes").name("No model changes");
            }
        };
    }

    /** Writes the parts of one output sorted by their text, and counts the lines by one of their fields. */
    private static Map<String, Long> mergeSorted(Path parts, String name, Path target, String countedField)
            throws IOException {
        List<String> lines = readParts(parts, name);
        lines.sort(Comparator.naturalOrder());
        Files.write(target, lines, StandardCharsets.UTF_8);
        Map<String, Long> counts = new TreeMap<>();
        for (String line : lines) {
            counts.merge(fieldOf(line, countedField), 1L, Long::sum);
        }
        return counts;
    }

    /** The part files of one output, in subtask order. */
    private static List<Path> partFiles(Path parts, String name) throws IOException {
        try (java.util.stream.Stream<Path> listing = Files.list(parts)) {
            return listing.filter(p -> p.getFileName().toString().startsWith(JsonLinesSink.partPrefix(name)))
                    .sorted().collect(Collectors.toList());
        }
    }

    static List<String> readParts(Path parts, String name) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path part : partFiles(parts, name)) {
            try (BufferedReader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** A string field of a line that {@link OutputJson} wrote (its values here never hold quotes). */
    private static String fieldOf(String line, String prefix) {
        int start = line.indexOf(prefix) + prefix.length();
        return line.substring(start, line.indexOf('"', start));
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }
}
