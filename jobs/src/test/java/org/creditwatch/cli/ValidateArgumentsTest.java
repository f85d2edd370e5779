package org.creditwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments to {@code validate} stop it before any job starts, with one line that says what is wrong. */
class ValidateArgumentsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingOrUnreadableCutoffIsAUsageError() {
        assertUsageError("validate: --cutoff is required", "--input", dir.toString());
        assertUsageError("validate: --cutoff must be an ISO-8601 instant with offset",
                "--input", dir.toString(), "--cutoff", "2026-13-01T00:00:00+08:00");
        assertUsageError("validate: --cutoff must be an ISO-8601 instant with offset",
                "--input", dir.toString(), "--cutoff", "2026-05-01");
    }

    @Test
    void theHorizonMustBePositive() {
        for (String horizon : new String[] {"0d", "PT-1H", "-5d", "soon"}) {
            assertUsageError("validate: --horizon", "--input", dir.toString(), "--cutoff", "2026-05-01T00:00:00Z",
                    "--horizon", horizon);
        }
        assertUsageError("validate: --horizon 999999999999d reaches beyond the representable time",
                "--input", dir.toString(), "--cutoff", "2026-05-01T00:00:00Z", "--horizon", "999999999999d");
    }

    @Test
    void aBrokenModelFileIsNamedWithItsLineAndField() throws IOException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "id: x\nversion: 1\nclasses: {A: 60, B: 40, C: 20}\nindicators:\n"
                + "  PENALTY:\n    points: {HUGE: 3}\n    min: 0\n    cap: 10\n");
        String line = assertUsageError(broken + ":", "--input", dir.toString(), "--cutoff", "2026-05-01T00:00:00Z",
                "--compare", broken.toString());
        assertThat(line).contains("PENALTY").contains("HUGE");
        assertUsageError("cannot read the model file", "--input", dir.toString(), "--cutoff", "2026-05-01T00:00:00Z",
                "--model", dir.resolve("missing.yaml").toString());
    }

    @Test
    void anUnreadableInputDirectoryIsExitThree() {
        Run run = run("validate", "--input", dir.resolve("missing").toString(), "--cutoff", "2026-05-01T00:00:00Z");
        assertThat(run.exit).isEqualTo(Main.EXIT_UNREADABLE);
        assertThat(run.err).startsWith("creditwatch: cannot read input directory");
    }

    /** @return the error line */
    private static String assertUsageError(String expected, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "validate";
        System.arraycopy(options, 0, args, 1, options.length);
        Run run = run(args);
        assertThat(run.exit).as(String.join(" ", args)).isEqualTo(Main.EXIT_USAGE);
        String first = run.err.lines().findFirst().orElse("");
        assertThat(first).as(String.join(" ", args)).startsWith("creditwatch: ").contains(expected);
        return first;
    }

    private record Run(int exit, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        return new Run(exit, err.toString(StandardCharsets.UTF_8));
    }
}
