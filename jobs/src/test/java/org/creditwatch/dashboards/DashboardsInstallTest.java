package org.creditwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dashboards/install} against a stand-in for Kibana's saved-objects import API (Kibana cannot run on these
 * machines): what it sends, where the credentials come from, and its exit codes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardsInstallTest {
    private record Received(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    private record Run(int exitCode, String out, String err) {}

    @TempDir
    Path dir;
    private HttpServer kibana;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer;

    @BeforeEach
    void startKibana() throws IOException {
        kibana = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        kibana.createContext("/", this::handle);
        kibana.start();
    }

    @AfterEach
    void stopKibana() {
        kibana.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + kibana.getAddress().getPort();
    }

    @Test
    void importsEveryObjectInOneRequestWithTheXsrfHeaderAndThePasswordFromAFile() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Path file : SavedObjects.files()) {
            lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        answer = "{\"success\":true,\"successCount\":" + lines.size() + "}";
        Path password = Files.writeString(dir.resolve("password"), "s3cret \"pass\"\n");

        Run run = install(Map.of(), "--kibana", url() + "/", "--user", "cw-admin", "--password-file",
                password.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("imported " + lines.size() + " saved objects");
        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/api/saved_objects/_import?overwrite=true");
        assertThat(request.header("Kbn-xsrf")).isNotBlank();
        assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("cw-admin:s3cret \"pass\"".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("Content-type")).startsWith("multipart/form-data");
        assertThat(request.body()).contains("name=\"file\"; filename=\"creditwatch-dashboards.ndjson\"");
        for (String line : lines) {
            assertThat(request.body()).contains(line);
        }
        // data views before the objects that refer to them
        assertThat(request.body().indexOf("\"type\":\"index-pattern\""))
                .isLessThan(request.body().indexOf("\"type\":\"visualization\""));
    }

    @Test
    void anApiKeyFromTheEnvironmentAndASpace() throws Exception {
        answer = "{\"success\":true,\"successCount\":33}";
        Run run = install(Map.of("KIBANA_API_KEY", "a2V5OnNlY3JldA==", "KIBANA_URL", url()), "--space", "ops");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(received.get(0).uri()).isEqualTo("/s/ops/api/saved_objects/_import?overwrite=true");
        assertThat(received.get(0).header("Authorization")).isEqualTo("ApiKey a2V5OnNlY3JldA==");
    }

    @Test
    void anImportWithErrorsExitsOneNamingTheObjects() throws Exception {
        answer = "{\"success\":false,\"successCount\":30,\"errors\":[{\"id\":\"cw-vis-rejects\",\"type\":"
                + "\"visualization\",\"title\":\"x\",\"error\":{\"type\":\"missing_references\",\"references\":"
                + "[{\"type\":\"index-pattern\",\"id\":\"cw-dv-rejects\"}]}}]}";
        Run run = install(Map.of("KIBANA_URL", url()));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("did not import every object").contains("cw-vis-rejects")
                .contains("missing_references");
    }

    @Test
    void refusedCredentialsExitOne() throws Exception {
        status = 401;
        answer = "{\"statusCode\":401,\"error\":\"Unauthorized\"}";
        Run run = install(Map.of("KIBANA_URL", url(), "KIBANA_USER", "cw-admin", "KIBANA_PASSWORD", "wrong"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("refused the credentials").doesNotContain("wrong");
    }

    @Test
    void badArgumentsExitTwoAndAnUnreachableKibanaThree() throws Exception {
        answer = "{}";
        assertThat(install(Map.of()).exitCode()).isEqualTo(2);
        Run onCommandLine = install(Map.of(), "--kibana", url(), "--user", "u", "--password", "hunter2");
        assertThat(onCommandLine.exitCode()).isEqualTo(2);
        assertThat(onCommandLine.err()).contains("--password-file").doesNotContain("hunter2");
        assertThat(install(Map.of(), "--kibana", url(), "--user", "u", "--password-file",
                dir.resolve("absent").toString()).err()).contains("cannot read");
        assertThat(install(Map.of(), "--kibana", url(), "--user", "u").exitCode()).isEqualTo(2);
        assertThat(install(Map.of(), "--kibana", "kibana:5601").exitCode()).isEqualTo(2);
        assertThat(install(Map.of(), "--kibana", url(), "--colour").exitCode()).isEqualTo(2);
        assertThat(received).isEmpty();

        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Run unreachable = install(Map.of(), "--kibana", "http://127.0.0.1:" + closed);
        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(unreachable.err()).contains("cannot reach Kibana");
    }

    private Run install(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SavedObjects.directory().resolve("install").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("KIBANA_"));
        builder.environment().putAll(env);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("install finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
