package org.creditwatch.stack;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class the local Kafka and Elasticsearch of {@code deploy/local/stack}: {@code @ExtendWith(LocalStack.class)}.
 *
 * <p>Before the first such class of a JVM it runs {@code deploy/local/stack up} (the first run on a machine also
 * downloads the stack from Maven Central), and fails the class with the script's output if that fails; later classes
 * reuse the result, a failure included. The stack is left running after the tests: it is shared (people, other test
 * JVMs) and {@code up} on a running stack takes a few seconds. {@code deploy/local/stack down} stops it and deletes
 * its data.
 *
 * <p>Environment: {@code CREDITWATCH_KAFKA} (a bootstrap address) and {@code CREDITWATCH_ES_URL} name services
 * that run elsewhere; when both are set the script is not run. {@code CREDITWATCH_KAFKA_PORT} and
 * {@code CREDITWATCH_ES_PORT} move the script's services (and these addresses) to other ports.
 */
public final class LocalStack implements BeforeAllCallback {

    /** The topics that {@code deploy/local/stack up} creates, 4 partitions each. */
    public static final List<String> TOPICS = List.of("cw.enterprise", "cw.credit-records", "cw.complaints",
            "cw.sampling-results", "cw.inspections", "cw.warnings", "cw.rejects");

    /** The first {@code up} on a machine downloads ~100 MB and starts two JVMs on two cores. */
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration ES_TIMEOUT = Duration.ofMinutes(3);

    private static final Object LOCK = new Object();
    private static boolean up;
    private static String failure;

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureUp();
    }

    /** Starts the stack once per JVM (see the class comment); throws with the script's output if it cannot. */
    public static void ensureUp() {
        synchronized (LOCK) {
            if (up) {
                return;
            }
            if (failure == null && !(external("CREDITWATCH_KAFKA") && external("CREDITWATCH_ES_URL"))) {
                Result result = runScript("up", UP_TIMEOUT);
                if (result.exitCode != 0) {
                    failure = "deploy/local/stack up failed (exit " + result.exitCode + "):\n" + result.output;
                }
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            up = true;
        }
    }

    /** Kafka's bootstrap address: {@code 127.0.0.1:9092} unless the environment says otherwise. */
    public static String kafkaBootstrap() {
        if (external("CREDITWATCH_KAFKA")) {
            return System.getenv("CREDITWATCH_KAFKA");
        }
        return "127.0.0.1:" + port("CREDITWATCH_KAFKA_PORT", 9092);
    }

    /** Elasticsearch's URL, without a trailing slash: {@code http://127.0.0.1:9200} unless the environment says otherwise. */
    public static String elasticsearchUrl() {
        if (external("CREDITWATCH_ES_URL")) {
            return System.getenv("CREDITWATCH_ES_URL").replaceAll("/+$", "");
        }
        return "http://127.0.0.1:" + port("CREDITWATCH_ES_PORT", 9200);
    }

    /**
     * Stops Elasticsearch (keeping its data) and returns once it no longer accepts connections; for fault tests.
     * A test using it is skipped (aborted) when Elasticsearch runs elsewhere ({@code CREDITWATCH_ES_URL}).
     */
    public static void stopElasticsearch() {
        assumeOwnElasticsearch();
        check(runScript("stop-es", ES_TIMEOUT), "stop-es");
        URI uri = URI.create(elasticsearchUrl());
        long deadline = System.nanoTime() + ES_TIMEOUT.toNanos();
        while (accepts(uri.getHost(), uri.getPort())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Elasticsearch still accepts connections on " + uri + " after stop-es");
            }
            sleep(200);
        }
    }

    /** Starts Elasticsearch again on the data it had and returns once {@code _cluster/health} is at least yellow. */
    public static void startElasticsearch() {
        assumeOwnElasticsearch();
        check(runScript("start-es", ES_TIMEOUT), "start-es");
        // The script waited for yellow already; this confirms it from the test's side of the network.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(elasticsearchUrl() + "/_cluster/health?wait_for_status=yellow&timeout=10s"))
                .timeout(Duration.ofSeconds(20))
                .build();
        long deadline = System.nanoTime() + ES_TIMEOUT.toNanos();
        while (true) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not answering yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Elasticsearch is not yellow on " + elasticsearchUrl() + " after start-es");
            }
            sleep(500);
        }
    }

    /** The repository root: the nearest directory at or above the working directory that has deploy/local/stack. */
    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/local/stack"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/local/stack in " + start + " or any directory above it");
    }

    record Result(int exitCode, String output) {}

    private static Result runScript(String command, Duration timeout) {
        return runScript(Map.of(), timeout, command);
    }

    /** Runs {@code deploy/local/stack} with the arguments, and these variables added to the environment. */
    static Result runScript(Map<String, String> environment, Duration timeout, String... arguments) {
        Path script = repositoryRoot().resolve("deploy/local/stack");
        String command = String.join(" ", arguments);
        Path output = null;
        try {
            // Output to a file, not a pipe: nothing can keep a file open and hang the read (the services that the
            // script leaves running redirect their own output, but a file makes it certain).
            output = Files.createTempFile("creditwatch-stack-", ".log");
            List<String> commandLine = new ArrayList<>(List.of("bash", script.toString()));
            commandLine.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(commandLine);
            builder.environment().putAll(environment);
            Process process = builder
                    .directory(repositoryRoot().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
                process.destroyForcibly();
                return new Result(-1, read(output) + "\n(timed out after " + timeout + ")");
            }
            String text = read(output);
            System.out.print(text);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + script + " " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script + " " + command, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private static void check(Result result, String command) {
        if (result.exitCode != 0) {
            throw new IllegalStateException(
                    "deploy/local/stack " + command + " failed (exit " + result.exitCode + "):\n" + result.output);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void assumeOwnElasticsearch() {
        Assumptions.assumeFalse(external("CREDITWATCH_ES_URL"),
                "Elasticsearch runs elsewhere (CREDITWATCH_ES_URL): this test cannot stop or start it");
    }

    private static boolean external(String variable) {
        String value = System.getenv(variable);
        return value != null && !value.isBlank();
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
