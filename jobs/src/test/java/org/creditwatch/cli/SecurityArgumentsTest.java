package org.creditwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad security arguments stop a command before it connects anywhere, with one line that names the problem. */
class SecurityArgumentsTest {
    @TempDir
    Path dir;

    @Test
    void aKafkaConfigWithAnUnknownSettingIsAUsageErrorThatNamesIt() throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.jass.config=secret\n");
        for (String[] args : new String[][] {{"run", "--kafka-config", config.toString()},
                {"produce", "--input", dir.toString(), "--kafka-config", config.toString()}}) {
            String command = args[0];
            Run run = run(args);
            assertThat(run.exit).as(command).isEqualTo(Main.EXIT_USAGE);
            assertThat(run.firstLine()).as(command).isEqualTo(
                    "creditwatch: --kafka-config " + config + ": not a Kafka client setting: sasl.jass.config");
            assertThat(run.err).as(command).doesNotContain("secret");
        }
    }

    @Test
    void anUnreadableKafkaConfigIsExitThree() {
        Run run = run("produce", "--input", dir.toString(), "--kafka-config", dir.resolve("missing").toString());
        assertThat(run.exit).isEqualTo(Main.EXIT_UNREADABLE);
        assertThat(run.firstLine()).isEqualTo("creditwatch: cannot read the Kafka client configuration "
                + dir.resolve("missing") + " (NoSuchFileException)");
    }

    @Test
    void theDemoRunsOnThePlainOrTheSecuredStackOnly() {
        Run run = run("demo", "--stack", "open");
        assertThat(run.exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.firstLine()).isEqualTo("creditwatch: demo: --stack is plain or secure, not open");
    }

    private record Run(int exit, String err) {
        String firstLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        return new Run(exit, err.toString(StandardCharsets.UTF_8));
    }
}
