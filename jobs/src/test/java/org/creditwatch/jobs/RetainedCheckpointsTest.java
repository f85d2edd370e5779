package org.creditwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {
    private static final Instant EARLIER = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-01T10:05:00Z");

    @TempDir
    Path checkpoints;

    @Test
    void theNewestIsTheLastCompletedOfAnyJobNotTheLargestNumber() throws IOException {
        completed("job-before-the-crash/chk-41", EARLIER);
        Path newest = completed("job-after-the-crash/chk-3", LATER);
        Files.createDirectories(checkpoints.resolve("job-after-the-crash/chk-4")); // died while writing it
        Files.createDirectories(checkpoints.resolve("job-after-the-crash/shared"));

        assertThat(RetainedCheckpoints.newest(checkpoints.toUri().toString())).contains(newest);
        assertThat(RetainedCheckpoints.newest(checkpoints.toString())).contains(newest);
    }

    @Test
    void aTieGoesToTheLargerNumber() throws IOException {
        completed("job/chk-9", EARLIER);
        Path newest = completed("job/chk-10", EARLIER);

        assertThat(RetainedCheckpoints.newest(checkpoints.toUri().toString())).contains(newest);
    }

    @Test
    void noneBeforeTheFirstCheckpoint() throws IOException {
        Files.createDirectories(checkpoints.resolve("job/chk-1"));

        assertThat(RetainedCheckpoints.newest(checkpoints.toUri().toString())).isEmpty();
        assertThat(RetainedCheckpoints.newest(checkpoints.resolve("not-yet-made").toUri().toString())).isEmpty();
    }

    @Test
    void onlyOnTheLocalFileSystem() {
        assertThatThrownBy(() -> RetainedCheckpoints.newest("s3://bucket/checkpoints"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3://bucket/checkpoints");
    }

    private Path completed(String checkpoint, Instant at) throws IOException {
        Path dir = Files.createDirectories(checkpoints.resolve(checkpoint));
        Path metadata = Files.writeString(dir.resolve("_metadata"), "metadata");
        Files.setLastModifiedTime(metadata, FileTime.from(at));
        return dir;
    }
}
