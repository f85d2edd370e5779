package org.creditwatch.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class the secured local stack of spec §9 ({@code deploy/local/stack up --secure}):
 * {@code @ExtendWith(SecuredLocalStack.class)}. It is a stack of its own, beside the plain one that the other tests
 * share: its own directory and ports, so that both run at once. Before the first such class of a JVM it runs
 * {@code up --secure} (a few seconds on a running stack; the first one fetches, generates the secrets and formats),
 * and leaves the stack running; {@code deploy/local/stack down} with the same environment stops it and deletes its
 * data and secrets.
 *
 * <p>Environment: {@code CREDITWATCH_SECURE_STACK_DIR} (default {@code deploy/local/.stack-secure}),
 * {@code CREDITWATCH_SECURE_KAFKA_PORT} (29092; its controller the next port) and {@code CREDITWATCH_SECURE_ES_PORT}
 * (29200; transport 29300).
 */
public final class SecuredLocalStack implements BeforeAllCallback {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(15);

    private static final Object LOCK = new Object();
    private static boolean up;
    private static String failure;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            if (!up && failure == null) {
                LocalStack.Result result = LocalStack.runScript(Map.of(
                        "CREDITWATCH_STACK_DIR", stackDir().toString(),
                        "CREDITWATCH_KAFKA_PORT", String.valueOf(kafkaPort()),
                        "CREDITWATCH_ES_PORT", String.valueOf(esPort())), UP_TIMEOUT, "up", "--secure");
                if (result.exitCode() != 0) {
                    failure = "deploy/local/stack up --secure failed (exit " + result.exitCode() + "):\n"
                            + result.output();
                }
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            up = true;
        }
    }

    public static Path stackDir() {
        String dir = System.getenv("CREDITWATCH_SECURE_STACK_DIR");
        return dir == null || dir.isBlank()
                ? LocalStack.repositoryRoot().resolve("deploy/local/.stack-secure")
                : Path.of(dir).toAbsolutePath();
    }

    public static String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort();
    }

    /** Elasticsearch's URL: https, without a trailing slash. */
    public static String elasticsearchUrl() {
        return "https://127.0.0.1:" + esPort();
    }

    /** The PEM file of the CA that signed both servers' certificates. */
    public static Path caCertificate() {
        return stackDir().resolve("secrets/ca.crt");
    }

    /** The file holding an Elasticsearch user's password. */
    public static Path elasticsearchPasswordFile(String user) {
        return stackDir().resolve("secrets/elasticsearch/" + user + ".password");
    }

    public static String elasticsearchPassword(String user) throws IOException {
        return Files.readString(elasticsearchPasswordFile(user), StandardCharsets.UTF_8).strip();
    }

    /** A Kafka user's client configuration: the file {@code --kafka-config} takes. */
    public static Path kafkaConfig(String user) {
        return stackDir().resolve("secrets/kafka/" + user + ".properties");
    }

    private static int kafkaPort() {
        return port("CREDITWATCH_SECURE_KAFKA_PORT", 29092);
    }

    private static int esPort() {
        return port("CREDITWATCH_SECURE_ES_PORT", 29200);
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
