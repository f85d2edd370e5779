package org.creditwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.creditwatch.io.kafka.Publisher;
import org.creditwatch.jobs.LiveJob;
import org.creditwatch.jobs.Replay;
import org.creditwatch.model.ModelSet;
import org.creditwatch.stack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint of an earlier release restores in this one and the job goes on as if it had never stopped (spec §14:
 * upgrades). Each fixture under {@code src/test/resources/upgrade/} was written by its release's live job
 * ({@link SavepointFixtureWriter}) after it had applied {@code before/}; here the topics are rebuilt to the offsets
 * the savepoint holds, this release's job starts from it, {@code after/} is published, and what reaches
 * Elasticsearch after the restore must be exactly what a replay of everything adds to a replay of {@code before/}:
 * the same final assessments with the same sequence numbers (the restored state's), the same history documents, the
 * same warnings. Nothing lost, nothing applied twice.
 */
@ExtendWith(LocalStack.class)
class UpgradeFromSavepointITCase {
    static final Path RELEASE_0_1 = Path.of("src/test/resources/upgrade/release-0.1");
    static final Duration SETTLES_WITHIN = Duration.ofMinutes(4);

    @TempDir
    Path work;

    @Test
    void aSavepointOfRelease01RestoresAndTheJobGoesOnExactly() throws Exception {
        Path before = RELEASE_0_1.resolve("before");
        Path after = RELEASE_0_1.resolve("after");
        Path all = work.resolve("all");
        Files.createDirectories(all);
        for (Path part : new Path[] {before, after}) {
            for (Path file : Replay.inputFiles(part).values()) {
                Files.write(all.resolve(file.getFileName()), Files.readAllBytes(file),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        }
        Path replayedBefore = work.resolve("replay-before");
        Path replayedAll = work.resolve("replay-all");
        Replay.run(new Replay.Options(before, replayedBefore, null, ModelSet.bundled(), 2));
        Replay.run(new Replay.Options(all, replayedAll, null, ModelSet.bundled(), 2));

        Properties kafka = new Properties();
        try (Reader in = Files.newBufferedReader(RELEASE_0_1.resolve("kafka.properties"))) {
            kafka.load(in);
        }
        LiveFixture world = new LiveFixture(work, kafka.getProperty("prefix"));
        Publisher.publish(Replay.inputFiles(before), LocalStack.kafkaBootstrap(), world.topicPrefix, 0, n -> {});
        Map<String, Long> offsets = new TreeMap<>();
        kafka.stringPropertyNames().stream().filter(name -> !name.equals("prefix"))
                .forEach(name -> offsets.put(name, Long.parseLong(kafka.getProperty(name))));
        assertThat(new TreeMap<>(world.endOffsets())).as("the topics as the savepoint saw them").isEqualTo(offsets);

        JobClient job = LiveJob.start(world.options(copyOf(RELEASE_0_1.resolve("savepoint")).toUri().toString()));
        try {
            Publisher.publish(Replay.inputFiles(after), LocalStack.kafkaBootstrap(), world.topicPrefix, 0, n -> {});
            Map<String, String> finalsBefore = LiveFixture.finalsOfReplay(replayedBefore);
            Map<String, String> finalsAll = LiveFixture.finalsOfReplay(replayedAll);
            Map<String, String> expectedLatest = new HashMap<>();
            finalsAll.forEach((code, last) -> {
                if (!last.equals(finalsBefore.get(code))) {
                    expectedLatest.put(code, last);
                }
            });
            Set<String> expectedHistory = difference(historyOf(replayedAll), historyOf(replayedBefore));
            Set<String> expectedWarnings = difference(warningIdsOf(replayedAll), warningIdsOf(replayedBefore));
            assertThat(expectedLatest).as("the fixture's second half changes enterprises").hasSizeGreaterThan(20);
            assertThat(expectedWarnings).as("and raises warnings").isNotEmpty();

            try {
                LiveFixture.await("Elasticsearch to hold what the second half adds", SETTLES_WITHIN,
                        () -> world.finalsInElasticsearch().equals(expectedLatest)
                                && historyIn(world).equals(expectedHistory)
                                && warningIdsIn(world).equals(expectedWarnings));
            } catch (AssertionError timeout) {
                assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job failed").isFalse();
                assertThat(world.finalsInElasticsearch()).isEqualTo(expectedLatest);
                assertThat(historyIn(world)).isEqualTo(expectedHistory);
                assertThat(warningIdsIn(world)).isEqualTo(expectedWarnings);
            }
        } finally {
            job.cancel().get();
        }
    }

    /** A savepoint is read, never written, by a restore; a copy keeps the fixture untouched whatever happens. */
    private Path copyOf(Path savepoint) throws IOException {
        Path copy = work.resolve("savepoint").toAbsolutePath();
        LiveFixture.copyTree(savepoint, copy);
        return copy;
    }

    private static Set<String> historyIn(LiveFixture world) throws Exception {
        Set<String> history = new HashSet<>();
        for (JsonNode hit : world.search("cw-risk-history")) {
            history.add(hit.get("_source").get("creditCode").asText() + "#" + hit.get("_source").get("sequence").asLong());
        }
        return history;
    }

    private static Set<String> warningIdsIn(LiveFixture world) throws Exception {
        Set<String> ids = new HashSet<>();
        world.search("cw-warnings").forEach(hit -> ids.add(hit.get("_id").asText()));
        return ids;
    }

    private static Set<String> historyOf(Path replay) throws IOException {
        Set<String> history = new HashSet<>();
        for (String line : Files.readAllLines(replay.resolve(Replay.ASSESSMENTS))) {
            JsonNode a = LiveFixture.JSON.readTree(line);
            history.add(a.get("creditCode").asText() + "#" + a.get("sequence").asLong());
        }
        return history;
    }

    private static Set<String> warningIdsOf(Path replay) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(replay.resolve(Replay.WARNINGS))) {
            ids.add(LiveFixture.JSON.readTree(line).get("warningId").asText());
        }
        return ids;
    }

    private static Set<String> difference(Set<String> all, Set<String> before) {
        Set<String> added = new HashSet<>(all);
        added.removeAll(before);
        return added;
    }
}
