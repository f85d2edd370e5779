package org.creditwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.time.Duration;
import org.apache.flink.core.execution.JobClient;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.io.kafka.KafkaClientConfig;
import org.creditwatch.io.kafka.ModelPublisher;
import org.creditwatch.io.kafka.Publisher;
import org.creditwatch.jobs.Benchmark;
import org.creditwatch.jobs.Demo;
import org.creditwatch.jobs.LiveBenchmark;
import org.creditwatch.jobs.LiveJob;
import org.creditwatch.jobs.Replay;
import org.creditwatch.jobs.RescoreBenchmark;
import org.creditwatch.jobs.RetainedCheckpoints;
import org.creditwatch.jobs.SpotCheckPlans;
import org.creditwatch.jobs.Validate;
import org.creditwatch.model.ModelException;
import org.creditwatch.model.ModelLoader;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.PublishedModels;
import org.creditwatch.supervision.PlanException;
import org.creditwatch.supervision.PlanScope;
import org.creditwatch.supervision.Ratios;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code creditwatch} command line: parses options and hands them to the jobs; nothing else. */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNREADABLE = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final Instant DEFAULT_GENERATE_END = Instant.parse("2026-06-30T04:00:00Z");

    private static final String USAGE = String.join("\n",
            "usage: creditwatch COMMAND [OPTIONS]",
            "  replay    --input DIR --output DIR [--as-of INSTANT] [--model FILE]... [--parallelism N]",
            "            [--max-clock-skew 1h]",
            "  validate  --input DIR --cutoff INSTANT [--horizon 180d] [--model FILE]... [--compare FILE]...",
            "            [--output DIR] [--parallelism N]",
            "  generate  --output DIR [--enterprises N] [--days D] [--seed S] [--end INSTANT]",
            "  benchmark [--input DIR | --enterprises N --days D --seed S] [--parallelism N] [--work DIR]",
            "  run       [--brokers HOST:PORT] [--es URL] [--topic-prefix P] [--index-prefix P] [--group-id G]",
            "            [--es-user U] [--es-password-file F] [--es-api-key-file F] [--es-ca-cert PEM]",
            "            [--checkpoint-interval 10s] [--checkpoint-dir URI] [--restore-from PATH|latest]",
            "            [--parallelism N]",
            "            [--model FILE]... [--out-of-orderness 10s] [--quiet-after 3s] [--idle-after 3s]",
            "            [--startup-grace 15s] [--max-clock-skew 1h] [--retain 1095d] [--kafka-config FILE]",
            "  benchmark-live [--enterprises N] [--days D] [--probes N] [--probe-rate R] [run options]",
            "  produce   --input DIR [--brokers HOST:PORT] [--topic-prefix P] [--rate RECORDS_PER_SECOND]",
            "            [--kafka-config FILE]",
            "  demo      [--enterprises N] [--days D] [--rate RECORDS_PER_SECOND] [--duration 10m] [run options]",
            "            [--stack secure|plain]",
            "  plan      --plan-id ID --seed SEED --inspectors FILE --output DIR (--from-es URL | --from-replay DIR)",
            "            [--as-of INSTANT] [--regions 150102,150103] [--industries F,H] [--tags ONLINE_FOOD]",
            "            [--ratios A=0.30,B=0.10,C=0.05,D=0.02] [--per-enterprise 2] [--index-prefix P]",
            "            [--es-user U] [--es-password-file F] [--es-api-key-file F] [--es-ca-cert PEM]",
            "  models publish FILE... --note TEXT [--brokers HOST:PORT] [--topic-prefix P] [--kafka-config FILE]",
            "  benchmark-rescore [--enterprises N] [--days D] [--seed S] [--parallelism N] [--retain 1095d]",
            "            [--brokers HOST:PORT] [--work DIR]",
            "INSTANT is ISO-8601 with an offset, e.g. 2026-06-30T12:00:00+08:00.");

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        // on a cluster (flink run -d, an application's JobManager) main runs inside Flink's JVM: a job handed to the
        // cluster is no reason to end that JVM
        if (code != EXIT_OK || !LiveJob.detached()) {
            System.exit(code);
        }
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
                case "validate":
                    return validate(args, out);
                case "generate":
                    return generate(args, out);
                case "benchmark":
                    return benchmark(args, out);
                case "demo":
                    return demo(args, out);
                case "run":
                    return run(args, out);
                case "produce":
                    return produce(args, out);
                case "benchmark-live":
                    return benchmarkLive(args, out);
                case "plan":
                    return plan(args, out);
                case "models":
                    return models(args, out, err);
                case "benchmark-rescore":
                    return benchmarkRescore(args, out);
                default:
                    throw new UsageException("unknown command " + args[0]);
            }
        } catch (PlanException e) {
            err.println("creditwatch: " + e.getMessage());
            return EXIT_USAGE;
        } catch (UsageException | ModelException e) {
            err.println("creditwatch: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("creditwatch: " + e.getMessage());
            return EXIT_UNREADABLE;
        } catch (Exception e) {
            // one line, the last one, for whoever supervises the process; Flink has logged the details already
            err.println("creditwatch: " + args[0] + " failed: " + rootCause(e));
            LOG.debug("{} failed", args[0], e);
            return EXIT_FAILED;
        }
    }

    /** The innermost cause, on one line: what went wrong, without the layers of the job runtime around it. */
    static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().replaceAll("\\s+", " ").strip();
        return cause.getClass().getSimpleName() + message;
    }

    private static int replay(String[] args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse("replay", args, 1,
                Set.of("input", "output", "as-of", "model", "parallelism", "max-clock-skew"), Set.of("model"));
        Path input = a.path("input");
        Path output = a.path("output");
        Long asOf = a.instant("as-of");
        ModelSet models = models(a.all("model"));
        int parallelism = a.positiveInt("parallelism", 1);
        requireReadableDirectory(input);
        Replay.Result result = Replay.run(new Replay.Options(input, output, asOf, models, parallelism,
                maxClockSkew(a)));
        printReplay(result, out);
        return EXIT_OK;
    }

    static void printReplay(Replay.Result result, PrintStream out) {
        out.println("replay: " + result.summary());
        out.printf("replay: %,d records in %.1f s: %,.0f records/s; state %,.0f bytes per enterprise (%,d enterprises)%n",
                result.records(), result.elapsedMillis() / 1000.0, result.recordsPerSecond(),
                result.stateBytesPerEnterprise(), result.enterprises());
    }

    private static int validate(String[] args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse("validate", args, 1,
                Set.of("input", "cutoff", "horizon", "model", "compare", "output", "parallelism"),
                Set.of("model", "compare"));
        Path input = a.path("input");
        a.required("cutoff");
        long cutoff = a.instant("cutoff");
        String horizonText = a.or("horizon", "180d");
        long horizonMs;
        try {
            horizonMs = a.duration("horizon", Duration.ofDays(180)).toMillis();
            Math.addExact(cutoff, horizonMs);
        } catch (ArithmeticException e) {
            throw new UsageException("validate: --horizon " + horizonText + " reaches beyond the representable time");
        }
        if (horizonMs <= 0) {
            throw new UsageException("validate: --horizon must be positive, not " + horizonText);
        }
        Validate.ModelSetUnderTest models = new Validate.ModelSetUnderTest(models(a.all("model")), a.all("model"));
        Validate.ModelSetUnderTest compare = a.all("compare").isEmpty() ? null
                : new Validate.ModelSetUnderTest(models(a.all("compare")), a.all("compare"));
        // under the creditwatch home, like the demo's work directory: out/ is not part of the repository
        Path output = Path.of(a.or("output",
                Path.of(System.getProperty("creditwatch.home", ".")).resolve("out/validate").toString()));
        int parallelism = a.positiveInt("parallelism", 1);
        requireReadableDirectory(input);
        Validate.Report report = Validate.run(new Validate.Options(input, output, cutoff, horizonMs, horizonText,
                models, compare, parallelism));
        out.print(Validate.table(report));
        out.println("validate: wrote " + output.resolve(Validate.VALIDATION));
        return EXIT_OK;
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
        Set<String> known = new java.util.HashSet<>(RUN_OPTIONS);
        known.addAll(Set.of("enterprises", "days", "rate", "duration", "work", "stack"));
        Arguments a = Arguments.parse("demo", args, 1, known, Set.of("model"));
        // confidential by default (spec §9): the demo shows the system as a bureau would run it
        String stack = a.or("stack", "secure");
        if (!stack.equals("plain") && !stack.equals("secure")) {
            throw new UsageException("demo: --stack is plain or secure, not " + stack);
        }
        Path home = Path.of(System.getProperty("creditwatch.home", "."));
        Demo.run(new Demo.Options(home, Path.of(a.or("work", home.resolve("out/demo").toString())),
                a.positiveInt("enterprises", 10_000), a.positiveInt("days", 365), a.positiveInt("rate", 2_000),
                a.optional("duration") == null ? null : a.duration("duration", null),
                liveOptions(a, "creditwatch-demo-" + System.currentTimeMillis()), stack.equals("secure")), out);
        return EXIT_OK;
    }

    private static int benchmarkLive(String[] args, PrintStream out) throws Exception {
        Set<String> known = new java.util.HashSet<>(RUN_OPTIONS);
        known.addAll(Set.of("enterprises", "days", "probes", "probe-rate", "work"));
        Arguments a = Arguments.parse("benchmark-live", args, 1, known, Set.of("model"));
        Path home = Path.of(System.getProperty("creditwatch.home", "."));
        Path work = a.optional("work") != null ? a.path("work") : Files.createTempDirectory("creditwatch-benchmark");
        LiveBenchmark.run(new LiveBenchmark.Options(home, work, a.positiveInt("enterprises", 200_000),
                a.positiveInt("days", 365), a.positiveInt("probes", 300), a.positiveInt("probe-rate", 20),
                liveOptions(a, "creditwatch-benchmark")), out);
        return EXIT_OK;
    }

    private static int benchmarkRescore(String[] args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse("benchmark-rescore", args, 1,
                Set.of("enterprises", "days", "seed", "parallelism", "retain", "brokers", "work"), Set.of());
        Path work = a.optional("work") != null ? a.path("work") : Files.createTempDirectory("creditwatch-benchmark");
        RescoreBenchmark.run(new RescoreBenchmark.Options(a.positiveInt("enterprises", 100_000),
                a.positiveInt("days", 30), a.longValue("seed", 1), DEFAULT_GENERATE_END, a.positiveInt("parallelism", 2),
                a.duration("retain", Duration.ZERO).toMillis(), a.or("brokers", DEFAULT_BROKERS), work), out);
        return EXIT_OK;
    }

    static final String DEFAULT_BROKERS = "127.0.0.1:9092";
    /** {@code --restore-from latest}: the newest checkpoint retained in the checkpoint directory. */
    static final String LATEST = "latest";
    static final String DEFAULT_ELASTICSEARCH = "http://127.0.0.1:9200";
    static final Set<String> RUN_OPTIONS = Set.of("brokers", "es", "topic-prefix", "index-prefix", "group-id", "es-user",
            "es-password-file", "es-api-key-file", "es-ca-cert", "checkpoint-interval", "checkpoint-dir", "restore-from",
            "parallelism", "model", "out-of-orderness", "quiet-after", "idle-after", "startup-grace", "max-clock-skew",
            "retain", "kafka-config");

    private static int run(String[] args, PrintStream out) throws Exception {
        LiveJob.Options options = liveOptions(Arguments.parse("run", args, 1, RUN_OPTIONS, Set.of("model")), "creditwatch");
        JobClient job = LiveJob.start(options);
        out.println("run: job " + job.getJobID() + " reads Kafka at " + options.brokers() + " and writes "
                + options.elasticsearch() + "; checkpoints in " + options.checkpointDir()
                + (options.restoreFrom() == null ? "" : "; restored from " + options.restoreFrom())
                + (LiveJob.detached() ? "" : " (Ctrl-C stops)"));
        if (LiveJob.detached()) {
            return EXIT_OK; // `flink run -d`: the cluster runs the job, the client is done
        }
        job.getJobExecutionResult().get();
        return EXIT_OK;
    }

    static LiveJob.Options liveOptions(Arguments a, String defaultGroupId) throws UsageException, IOException {
        KafkaClientConfig kafka = kafkaConfig(a);
        ElasticsearchConfig.Builder es = elasticsearch(a, a.optional("es") != null
                ? List.of(a.required("es").split(",")) : List.of(DEFAULT_ELASTICSEARCH));
        String checkpoints = a.or("checkpoint-dir", Path.of("out", "checkpoints").toAbsolutePath().toUri().toString());
        String restoreFrom = a.optional("restore-from");
        if (LATEST.equals(restoreFrom)) {
            try {
                // none yet (a supervisor's very first start): an empty state, as without the option
                restoreFrom = RetainedCheckpoints.newest(checkpoints).map(p -> p.toUri().toString()).orElse(null);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--restore-from latest: " + e.getMessage());
            }
        }
        return new LiveJob.Options(
                a.or("brokers", kafka.brokers(DEFAULT_BROKERS)),
                a.or("topic-prefix", ""),
                a.or("group-id", defaultGroupId),
                es.build(), models(a.all("model")), a.positiveInt("parallelism", 2),
                a.duration("checkpoint-interval", Duration.ofSeconds(10)), checkpoints, restoreFrom,
                a.duration("out-of-orderness", Duration.ofSeconds(10)), a.duration("quiet-after", Duration.ofSeconds(3)),
                a.duration("idle-after", Duration.ofSeconds(3)), a.duration("startup-grace", Duration.ofSeconds(15)),
                a.duration("retain", Duration.ZERO).toMillis(), maxClockSkew(a), kafka);
    }

    /** The cluster at {@code urls} with the credentials, CA and index prefix of the command's options. */
    private static ElasticsearchConfig.Builder elasticsearch(Arguments a, List<String> urls)
            throws UsageException, IOException {
        ElasticsearchConfig.Builder es = ElasticsearchConfig.builder(urls);
        es.indexPrefix(a.or("index-prefix", ""));
        String user = a.optional("es-user");
        if (user != null) {
            String password = a.optional("es-password-file") != null
                    ? secretFile(a.path("es-password-file")) : System.getenv("CREDITWATCH_ES_PASSWORD");
            if (password == null) {
                throw new UsageException("--es-user needs --es-password-file or CREDITWATCH_ES_PASSWORD");
            }
            es.basicAuth(user, password);
        }
        String apiKey = a.optional("es-api-key-file") != null
                ? secretFile(a.path("es-api-key-file")) : System.getenv("CREDITWATCH_ES_API_KEY");
        if (apiKey != null) {
            es.apiKey(apiKey);
        }
        if (a.optional("es-ca-cert") != null) {
            es.caCertificatePath(a.required("es-ca-cert"));
        }
        return es;
    }

    /** How far a record's reportedAt may lie ahead of this machine's clock before it is rejected (spec §3.6). */
    private static long maxClockSkew(Arguments a) throws UsageException {
        return a.duration("max-clock-skew", Duration.ofMillis(RecordParser.DEFAULT_MAX_CLOCK_SKEW_MS)).toMillis();
    }

    /** {@code --kafka-config FILE}: the settings of every Kafka client of the command (security, say). */
    private static KafkaClientConfig kafkaConfig(Arguments a) throws UsageException, IOException {
        if (a.optional("kafka-config") == null) {
            return KafkaClientConfig.NONE;
        }
        Path file = a.path("kafka-config");
        try {
            return KafkaClientConfig.load(file);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kafka-config " + e.getMessage());
        } catch (IOException e) {
            throw new IOException("cannot read the Kafka client configuration " + file + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** A secret from a file: its first line, trimmed. Never printed. */
    private static String secretFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IOException("secret file " + file + " is empty");
        }
        return lines.get(0).trim();
    }

    private static int produce(String[] args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse("produce", args, 1,
                Set.of("input", "brokers", "topic-prefix", "rate", "kafka-config"), Set.of());
        Path input = a.path("input");
        requireReadableDirectory(input);
        KafkaClientConfig kafka = kafkaConfig(a);
        String brokers = a.or("brokers", kafka.brokers(DEFAULT_BROKERS));
        long sent = Publisher.publish(Replay.inputFiles(input), brokers, kafka,
                a.or("topic-prefix", ""), a.optional("rate") == null ? 0 : a.positiveInt("rate", 1),
                count -> out.println("produce: " + count + " records published"));
        out.println("produce: " + sent + " records published to " + brokers);
        return EXIT_OK;
    }

    private static int plan(String[] args, PrintStream out) throws Exception {
        Arguments a = Arguments.parse("plan", args, 1, Set.of("plan-id", "seed", "inspectors", "output", "from-es",
                "from-replay", "as-of", "regions", "industries", "tags", "ratios", "per-enterprise", "index-prefix",
                "es-user", "es-password-file", "es-api-key-file", "es-ca-cert"), Set.of());
        String planId = a.required("plan-id");
        // the id is part of every document id and of the published file: printable, no spaces
        if (!planId.matches("[\\p{L}\\p{N}._:/-]{1,128}")) {
            throw new UsageException("plan: --plan-id must be 1 to 128 letters, digits or . _ : / -, not " + planId);
        }
        String seed = a.required("seed");
        Path inspectors = a.path("inspectors");
        Path output = a.path("output");
        if ((a.optional("from-es") == null) == (a.optional("from-replay") == null)) {
            throw new UsageException("plan: give exactly one of --from-es URL and --from-replay DIR");
        }
        ElasticsearchConfig es = null;
        if (a.optional("from-es") != null) {
            try {
                es = elasticsearch(a, List.of(a.required("from-es").split(","))).build();
            } catch (IllegalArgumentException e) {
                throw new UsageException("plan: " + e.getMessage());
            }
        } else if (!Files.isDirectory(a.path("from-replay"))) {
            throw new PlanException("--from-replay: cannot read directory " + a.required("from-replay"));
        }
        PlanScope scope = new PlanScope(list(a, "regions", "\\d{6}", "6-digit division codes"),
                list(a, "industries", "[A-Z]", "industry sections (letters A to T)"), list(a, "tags", ".+", "tags"));
        SpotCheckPlans.run(new SpotCheckPlans.Options(planId, seed, inspectors, output,
                es == null ? Path.of(a.required("from-replay")) : null, es, a.instant("as-of"), scope,
                a.optional("ratios") == null ? Ratios.DEFAULT : Ratios.parse(a.required("ratios")),
                a.positiveInt("per-enterprise", 2)), out);
        return EXIT_OK;
    }

    /** A comma-separated option as a set, each value matching {@code pattern}; empty when not given. */
    private static Set<String> list(Arguments a, String name, String pattern, String what) throws UsageException {
        Set<String> values = new java.util.LinkedHashSet<>();
        for (String value : a.or(name, "").split(",")) {
            if (value.isBlank()) {
                continue;
            }
            if (!value.strip().matches(pattern)) {
                throw new UsageException("plan: --" + name + " takes " + what + ", not " + value.strip());
            }
            values.add(value.strip());
        }
        return values;
    }

    /** {@code models publish FILE... --note TEXT}: the files are the arguments that are not options or their values. */
    private static int models(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length < 2 || !args[1].equals("publish")) {
            throw new UsageException("models: the only subcommand is publish");
        }
        List<String> files = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                options.add(args[i]);
                if (i + 1 < args.length) {
                    options.add(args[++i]);
                }
            } else {
                files.add(args[i]);
            }
        }
        Arguments a = Arguments.parse("models publish", options.toArray(new String[0]), 0,
                Set.of("note", "brokers", "topic-prefix", "kafka-config"), Set.of());
        String note = a.required("note");
        if (note.isBlank()) {
            throw new UsageException("models publish: --note must say why the set changes");
        }
        if (files.isEmpty()) {
            throw new UsageException("models publish: name the model files of the set");
        }
        // exactly as at start: a broken file names its path, line and field, and nothing is published
        ModelLoader.loadFiles(files.stream().map(Path::of).toList());
        SortedMap<String, String> texts = new TreeMap<>();
        for (String file : files) {
            String name = Path.of(file).getFileName().toString();
            if (texts.put(name, Files.readString(Path.of(file))) != null) {
                throw new UsageException("models publish: two files are named " + name
                        + " (the set holds files by name)");
            }
        }
        PublishedModels set = new PublishedModels(texts, note, System.currentTimeMillis());
        // as the job will read it: files in name order, which decides among tagged models
        ModelSet models = set.load();
        KafkaClientConfig kafka = kafkaConfig(a);
        String brokers = a.or("brokers", kafka.brokers(DEFAULT_BROKERS));
        String topic = a.or("topic-prefix", "") + PublishedModels.TOPIC;
        try {
            ModelPublisher.publish(set, brokers, a.or("topic-prefix", ""), kafka);
        } catch (IOException e) {
            err.println("creditwatch: " + e.getMessage());
            return EXIT_FAILED;
        }
        out.println("models publish: " + String.join(", ", PublishedModels.versions(models)) + " published to "
                + topic + " at " + brokers + " as change " + set.changeId);
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
