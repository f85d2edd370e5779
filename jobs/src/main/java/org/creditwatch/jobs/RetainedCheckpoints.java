package org.creditwatch.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints that jobs left in a local checkpoint directory, in Flink's layout {@code JOB_ID/chk-N/_metadata},
 * so that a restart after a crash ({@code run --restore-from latest}) finds the newest without anyone hunting for
 * its path. A checkpoint directory without its {@code _metadata} was not completed (the process died while
 * writing it) and is not a candidate.
 */
public final class RetainedCheckpoints {
    private static final String METADATA = "_metadata";

    private RetainedCheckpoints() {}

    /**
     * The newest completed checkpoint of any job under {@code checkpointDir} (a {@code file:} URI or a path): the one
     * whose metadata was written last, the larger checkpoint number on a tie; empty if there is none.
     *
     * @throws IllegalArgumentException if the directory is not on the local file system
     */
    public static Optional<Path> newest(String checkpointDir) throws IOException {
        Path root = localPath(checkpointDir);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> candidates = Files.walk(root, 2)) {
            return candidates
                    .filter(p -> p.getFileName().toString().matches("chk-[0-9]+"))
                    .filter(p -> Files.isRegularFile(p.resolve(METADATA)))
                    .max(Comparator.comparing(RetainedCheckpoints::completedAt)
                            .thenComparingLong(RetainedCheckpoints::number));
        }
    }

    private static Path localPath(String checkpointDir) {
        URI uri = URI.create(checkpointDir);
        if (uri.getScheme() == null) {
            return Path.of(checkpointDir);
        }
        if (!uri.getScheme().equals("file")) {
            throw new IllegalArgumentException("the newest checkpoint can only be found in a local checkpoint "
                    + "directory, not in " + checkpointDir + ": name the checkpoint to restore from");
        }
        return Path.of(uri);
    }

    private static FileTime completedAt(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve(METADATA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long number(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
    }
}
