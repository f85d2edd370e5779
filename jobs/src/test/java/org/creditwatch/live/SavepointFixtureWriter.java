package org.creditwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.creditwatch.domain.Stream;
import org.creditwatch.generate.Generator;
import org.creditwatch.io.RawFields;
import org.creditwatch.io.kafka.Publisher;
import org.creditwatch.jobs.LiveJob;
import org.creditwatch.jobs.Replay;
import org.creditwatch.model.ModelSet;
import org.creditwatch.stack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes this release's savepoint fixture for {@link UpgradeFromSavepointITCase}, once per release, before the
 * state of the next one changes: {@code mvn -pl jobs -am verify -Dtest=SavepointFixtureWriter
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcreditwatch.savepointFixture=jobs/src/test/resources/upgrade/release-X}.
 * Generated input split in two by {@code reportedAt}; the live job applies the first half, then stops with a
 * canonical savepoint; the topics' end offsets are kept beside it.
 */
@ExtendWith(LocalStack.class)
@EnabledIfSystemProperty(named = "creditwatch.savepointFixture", matches = ".+")
class SavepointFixtureWriter {
    static final Instant END = Instant.parse("2026-06-30T04:00:00Z");
    static final Duration SECOND_HALF = Duration.ofDays(45);

    @TempDir
    Path work;

    @Test
    void write() throws Exception {
        Path fixture = Path.of(System.getProperty("creditwatch.savepointFixture")).toAbsolutePath();
        Path generated = work.resolve("generated");
        Generator.generate(new Generator.Options(120, 240, 11, END), generated);
        Path before = fixture.resolve("before");
        Path after = fixture.resolve("after");
        Files.createDirectories(before);
        Files.createDirectories(after);
        long split = END.minus(SECOND_HALF).toEpochMilli();
        for (Map.Entry<Stream, Path> file : Replay.inputFiles(generated).entrySet()) {
            String name = file.getKey().fileName();
            try (BufferedWriter first = Files.newBufferedWriter(before.resolve(name));
                    BufferedWriter second = Files.newBufferedWriter(after.resolve(name))) {
                for (String line : Files.readAllLines(file.getValue(), StandardCharsets.UTF_8)) {
                    long reported = RawFields.reportedAt(line);
                    BufferedWriter out = reported != RawFields.NONE && reported > split ? second : first;
                    out.write(line);
                    out.newLine();
                }
            }
        }
        Replay.run(new Replay.Options(before, work.resolve("replay"), null, ModelSet.bundled(), 2));
        Map<String, String> expected = LiveFixture.finalsOfReplay(work.resolve("replay"));

        LiveFixture world = new LiveFixture(work);
        Publisher.publish(Replay.inputFiles(before), LocalStack.kafkaBootstrap(), world.topicPrefix, 0, n -> {});
        JobClient job = LiveJob.start(world.options(null));
        LiveFixture.await("the live job to equal the replay", Duration.ofMinutes(4),
                () -> world.finalsInElasticsearch().equals(expected));
        Path savepoint = Path.of(java.net.URI.create(job.stopWithSavepoint(false,
                work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get()));
        LiveFixture.copyTree(savepoint, fixture.resolve("savepoint"));
        StringBuilder kafka = new StringBuilder("# The run that wrote this savepoint: its topic prefix, and the end"
                + " offset of every input partition when it was\n# taken (the restore test rebuilds the topics to these"
                + " offsets from before/)\nprefix=" + world.topicPrefix + "\n");
        new TreeMap<>(world.endOffsets()).forEach((partition, offset) ->
                kafka.append(partition).append('=').append(offset).append('\n'));
        Files.writeString(fixture.resolve("kafka.properties"), kafka);
        assertThat(fixture.resolve("savepoint").resolve("_metadata")).exists();
    }
}
