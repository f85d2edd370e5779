package org.creditwatch.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.creditwatch.cli.Main;

/**
 * {@code creditwatch} as a process of its own, as the script starts it (the same JVM options and logging), on this
 * test JVM's class path: a test can kill it as a crash would, with SIGKILL.
 */
final class CommandLine {
    private static final Path CLI_LOGGING = Path.of("src/main/resources/log4j2-cli.properties").toAbsolutePath();

    private CommandLine() {}

    /** Starts {@code creditwatch ARGUMENTS}, its standard output and error both into {@code log}. */
    static Process start(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dlog4j2.configurationFile=" + CLI_LOGGING,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
