package org.creditwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.creditwatch.jobs.Benchmark;
import org.creditwatch.jobs.Replay;
import org.creditwatch.model.ModelException;
import org.creditwatch.model.ModelLoader;
import org.creditwatch.model.ModelSet;

/** The {@code creditwatch} command line: parses options and hands them to the jobs; nothing else. */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNREADABLE = 3;
    static final Instant DEFAULT_GENERATE_END = Instant.parse("2026-06-30T04:00:00Z");

    private static final String USAGE = String.join("\n",
            "usage: creditwatch COMMAND [OPTIONS]",
            "  replay    --input DIR --output DIR [--as-of INSTANT] [--model FILE]... [--parallelism N]",
            "  generate  --output DIR [--enterprises N] [--days D] [--seed S] [--end INSTANT]",
            "  benchmark [--input DIR | --enterprises N --days D --seed S] [--parallelism N] [--work DIR]",
            "  demo      [--enterprises N] [--days D] [--output DIR]",
            "INSTANT is ISO-8601 with an offset, e.g. 2026-06-30T12:00:00+08:00.");

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? EXIT_USAGE : EXIT_OK;
        }
        try {
            switch (args[0]) {
                case "replay":
                    return replay(args, out);
                case "generate":
                    return generate(args, out);
                case "benchmark":
                    return benchmark(args, out);
                case "demo":
                    return demo(args, out);
                default:
                    throw new UsageException("unknown command " + args[0]);
            }
        } catch (UsageException | ModelException e) {
            err.println("creditwatch: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("creditwatch: " + e.getMessage());
            return EXIT_UNREADABLE;
        } catch (Exception e) {
            err.println("creditwatch: " + args[0] + " failed: " + e);
            e.printStackTrace(err);
            return EXIT_FAILED;
        }
    }

    private static int replay(String[] args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse("replay", args, 1, Set.of("input", "output", "as-of", "model", "parallelism"),
                Set.of("model"));
        Path input = a.path("input");
        Path output = a.path("output");
        Long asOf = a.instant("as-of");
        ModelSet models = models(a.all("model"));
        int parallelism = a.positiveInt("parallelism", 1);
        requireReadableDirectory(input);
        Replay.Result result = Replay.run(new Replay.Options(input, output, asOf, models, parallelism));
        printReplay(result, out);
        return EXIT_OK;
    }

    static void printReplay(Replay.Result result, PrintStream out) {
        out.println("replay: " + result.summary());
        out.printf("replay: %,d records in %.1f s: %,.0f records/s; state %,.0f bytes per enterprise (%,d enterprises)%n",
                result.records(), result.elapsedMillis() / 1000.0, result.recordsPerSecond(),
                result.stateBytesPerEnterprise(), result.enterprises());
    }

    private static int generate(String[] args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse("generate", args, 1, Set.of("output", "enterprises", "days", "seed", "end"),
                Set.of());
        Path output = a.path("output");
        Long end = a.instant("end");
        org.creditwatch.generate.Generator.Stats stats = org.creditwatch.generate.Generator.generate(
                new org.creditwatch.generate.Generator.Options(a.positiveInt("enterprises", 1000),
                        a.positiveInt("days", 365), a.longValue("seed", 1),
                        end == null ? DEFAULT_GENERATE_END : Instant.ofEpochMilli(end)),
                output);
        out.println("generate: " + stats.records() + " records of " + stats.enterprises() + " enterprises into "
                + output + " " + stats.recordsByFile() + "; planted " + stats.planted());
        return EXIT_OK;
    }

    private static int benchmark(String[] args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse("benchmark", args, 1,
                Set.of("input", "enterprises", "days", "seed", "parallelism", "work"), Set.of());
        Path work = a.optional("work") != null ? a.path("work") : Files.createTempDirectory("creditwatch-benchmark");
        Path input = a.optional("input") != null ? a.path("input") : work.resolve("input");
        if (a.optional("input") == null) {
            org.creditwatch.generate.Generator.Stats stats = org.creditwatch.generate.Generator.generate(
                    new org.creditwatch.generate.Generator.Options(a.positiveInt("enterprises", 100_000),
                            a.positiveInt("days", 365), a.longValue("seed", 1), DEFAULT_GENERATE_END),
                    input);
            out.println("benchmark: generated " + stats.records() + " records of " + stats.enterprises()
                    + " enterprises into " + input);
        }
        requireReadableDirectory(input);
        Benchmark.run(input, work.resolve("output"), ModelSet.bundled(), a.positiveInt("parallelism", 2), out);
        return EXIT_OK;
    }

    private static int demo(String[] args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse("demo", args, 1, Set.of("enterprises", "days", "output"), Set.of());
        Path output = a.optional("output") != null ? a.path("output") : Path.of("out", "demo");
        Path input = output.resolve("input");
        org.creditwatch.generate.Generator.Stats stats = org.creditwatch.generate.Generator.generate(
                new org.creditwatch.generate.Generator.Options(a.positiveInt("enterprises", 10_000),
                        a.positiveInt("days", 365), 1, DEFAULT_GENERATE_END),
                input);
        out.println("demo: generated " + stats.records() + " records of " + stats.enterprises() + " enterprises");
        Replay.Result result = Replay.run(new Replay.Options(input, output.resolve("results"), null,
                ModelSet.bundled(), 2));
        printReplay(result, out);
        out.println("demo: results in " + output.resolve("results") + " (assessments.jsonl, rejects.jsonl, summary.json)");
        return EXIT_OK;
    }

    private static ModelSet models(List<String> files) {
        return files.isEmpty() ? ModelSet.bundled() : ModelLoader.loadFiles(files.stream().map(Path::of).toList());
    }

    private static void requireReadableDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            throw new IOException("cannot read input directory " + dir);
        }
    }
}
