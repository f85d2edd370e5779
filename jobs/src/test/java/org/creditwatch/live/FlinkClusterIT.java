package org.creditwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.kafka.Publisher;
import org.creditwatch.jobs.Replay;
import org.creditwatch.model.ModelSet;
import org.creditwatch.stack.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real Flink session cluster ({@code deploy/flink/cluster}, REST on 8081) with the real Kafka
 * and Elasticsearch: submitted, fed, upgraded mid-stream from a stop-with-savepoint, rescaled 2 → 1 → 2 from
 * savepoints, and then {@code cw-enterprise-risk} equals replay's answer and {@code cw-risk-history} holds every
 * assessment exactly once; the TaskManager's Prometheus endpoint serves the job's metrics. Runs under failsafe
 * ({@code mvn verify}), after {@code package} built the jar. Brings the cluster up and down itself.
 */
@ExtendWith(LocalStack.class)
class FlinkClusterIT {
    private static final Duration SETTLES_WITHIN = Duration.ofMinutes(3);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
    /** The publishing lasts about this long, so that the upgrade and the rescales happen while records arrive. */
    private static final Duration PUBLISHING = Duration.ofSeconds(60);
    private static final String REST = "http://127.0.0.1:8081";
    private static final String TASK_MANAGER_PROMETHEUS = "http://127.0.0.1:9250/metrics";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> COUNTERS = List.of("applied", "late", "duplicates");

    @TempDir
    static Path work;
    static Path input;
    static Map<String, String> replayed;
    static long records;

    @BeforeAll
    static void generateReplayAndStartTheCluster() throws Exception {
        input = work.resolve("input");
        Generator.generate(new Generator.Options(300, 365, 3, Instant.parse("2026-06-30T04:00:00Z")), input);
        Replay.run(new Replay.Options(input, work.resolve("replay"), null, ModelSet.bundled(), 2));
        replayed = LiveFixture.finalsOfReplay(work.resolve("replay"));
        for (Path file : Replay.inputFiles(input).values()) {
            try (java.util.stream.Stream<String> lines = Files.lines(file)) {
                records += lines.count();
            }
        }
        cluster("up");
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        cluster("down");
    }

    @Test
    void upgradedAndRescaledFromSavepointsMidStreamEqualsReplay() throws Exception {
        Path jar = Path.of("target/creditwatch-jobs.jar").toAbsolutePath();
        assertThat(jar).as("the shaded job jar (mvn package)").exists();
        LiveFixture world = new LiveFixture(work);
        String job = cluster(List.of("submit", jar.toString()), world.runArguments());
        awaitRunning(job, 2);

        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
            try {
                Publisher.publish(Replay.inputFiles(input), LocalStack.kafkaBootstrap(), world.topicPrefix,
                        records / (double) PUBLISHING.toSeconds(), n -> {});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        LiveFixture.await("some enterprises assessed", SETTLES_WITHIN, () -> world.finalsInElasticsearch().size() > 20);
        // while the first run applies records: its counters start at zero and a later run may have nothing left
        assertPrometheusServesTheJobsMetrics();

        String upgraded = cluster("upgrade", jar.toString());
        assertThat(upgraded).isNotEqualTo(job);
        assertThat(producing).as("upgraded mid-stream").isNotDone();
        awaitRunning(upgraded, 2);
        assertThat(state(job)).as("the old job").isEqualTo("FINISHED");

        String narrow = cluster("rescale", "1");
        awaitRunning(narrow, 1);
        String wide = cluster("rescale", "2");
        awaitRunning(wide, 2);

        try {
            producing.get(SETTLES_WITHIN.toSeconds(), TimeUnit.SECONDS);
            awaitReplayedStateAndHistory(world);
            assertThat(state(wide)).isEqualTo("RUNNING");
            assertThat(List.of(state(upgraded), state(narrow))).as("the runs before").containsOnly("FINISHED");
        } finally {
            cluster("flink", "cancel", wide);
        }
    }

    /**
     * Every enterprise's final assessment as in replay, and as many {@code cw-risk-history} documents as its last
     * sequence: none lost across the stops, none applied twice after a restore.
     */
    private static void awaitReplayedStateAndHistory(LiveFixture world) throws Exception {
        Map<String, Long> expectedHistory = new HashMap<>();
        replayed.forEach((code, last) -> expectedHistory.put(code, Long.parseLong(last.substring(last.indexOf('#') + 1))));
        AtomicReference<Map<String, String>> finals = new AtomicReference<>(Map.of());
        AtomicReference<Map<String, Long>> history = new AtomicReference<>(Map.of());
        try {
            LiveFixture.await("cw-enterprise-risk and cw-risk-history to match the replay", SETTLES_WITHIN, () -> {
                finals.set(world.finalsInElasticsearch());
                history.set(world.historyPerEnterprise());
                return finals.get().equals(replayed) && history.get().equals(expectedHistory);
            });
        } catch (AssertionError timeout) {
            String metrics = prometheus();
            String counters = "the job's counters: " + COUNTERS.stream().map(c -> c + " " + jobCounter(metrics, c))
                    .toList();
            assertThat(finals.get()).as("cw-enterprise-risk; %s", counters).isEqualTo(replayed);
            assertThat(history.get()).as("cw-risk-history documents per enterprise; %s", counters)
                    .isEqualTo(expectedHistory);
        }
    }

    /** The TaskManager's reporter serves the enterprise operator's {@code applied} counter, and it counted. */
    private static void assertPrometheusServesTheJobsMetrics() throws Exception {
        String metrics = prometheus();
        assertThat(jobCounter(metrics, "applied")).as("applied records on the Prometheus endpoint:\n%s", metrics)
                .isPositive();
    }

    private static String prometheus() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(TASK_MANAGER_PROMETHEUS)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum over the subtasks of an operator counter of the creditwatch job, as Prometheus reads it. */
    private static double jobCounter(String metrics, String name) {
        Matcher counter = Pattern.compile("(?m)^flink_taskmanager_job_task_operator_" + name
                + "\\{[^}]*job_name=\"creditwatch\"[^}]*} ([0-9.E+]+)$").matcher(metrics);
        double sum = 0;
        while (counter.find()) {
            sum += Double.parseDouble(counter.group(1));
        }
        return sum;
    }

    /** Waits until every task of the job runs, the widest at the given parallelism. */
    private static void awaitRunning(String job, int parallelism) throws Exception {
        LiveFixture.await("job " + job + " to run at parallelism " + parallelism, Duration.ofMinutes(2), () -> {
            JsonNode details = rest("/jobs/" + job);
            if (!"RUNNING".equals(details.get("state").asText())) {
                return false;
            }
            int widest = 0;
            for (JsonNode vertex : details.get("vertices")) {
                widest = Math.max(widest, vertex.get("parallelism").asInt());
                if (!"RUNNING".equals(vertex.get("status").asText())) {
                    return false;
                }
            }
            assertThat(widest).as("the job's parallelism").isEqualTo(parallelism);
            return true;
        });
    }

    private static String state(String job) throws Exception {
        return rest("/jobs/" + job).get("state").asText();
    }

    private static JsonNode rest(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(REST + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + ": " + response.statusCode() + " " + response.body());
        }
        return LiveFixture.JSON.readTree(response.body());
    }

    private static String cluster(String... arguments) throws Exception {
        return cluster(List.of(arguments), List.of());
    }

    /** Runs {@code deploy/flink/cluster} and returns the last line of its standard output; fails with its output. */
    private static String cluster(List<String> arguments, List<String> more) throws Exception {
        Path root = repositoryRoot();
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("deploy/flink/cluster").toString()));
        command.addAll(arguments);
        command.addAll(more);
        Path out = Files.createTempFile(work, "cluster-", ".out");
        Path err = Files.createTempFile(work, "cluster-", ".err");
        // files, not pipes: the cluster's processes outlive the script and must not hold its output open
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command + " timed out after " + SCRIPT_TIMEOUT + ":\n" + Files.readString(err));
        }
        String output = Files.readString(out).strip();
        assertThat(process.exitValue()).as("%s:\n%s\n%s", command, output, Files.readString(err)).isZero();
        return output.substring(output.lastIndexOf('\n') + 1);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/flink/cluster"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/flink/cluster above " + Path.of("").toAbsolutePath());
    }
}
