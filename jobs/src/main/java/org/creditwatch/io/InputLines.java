package org.creditwatch.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads input files of the replay layout the way the job's sources read records. */
public final class InputLines {
    private InputLines() {}

    /**
     * A reader of UTF-8 lines in which invalid bytes become U+FFFD, as in Flink's text line format and the Kafka
     * source: such a line then becomes the parser's reject, never an I/O error that stops the whole run.
     */
    public static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16);
    }
}
