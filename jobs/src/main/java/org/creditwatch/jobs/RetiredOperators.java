package org.creditwatch.jobs;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;

/**
 * Operators that an earlier release had and this one has not, whose state a restore may leave behind. Any other
 * state without an operator in the new program still stops the restore, as Flink does by default: a uid changed by
 * mistake must never drop an enterprise's state silently.
 */
final class RetiredOperators {
    /**
     * Release 0.1 wrote Kafka through Flink's {@code KafkaSink}, whose committers hold nothing to commit under
     * at-least-once; this release writes through {@link org.creditwatch.io.kafka.KafkaOutputSink}, without one.
     */
    static final Set<String> UIDS = Set.of("Sink Committer: kafka-warnings", "Sink Committer: kafka-rejects");

    private RetiredOperators() {}

    /**
     * Whether the checkpoint or savepoint holds state of operators missing from the program (uids {@code present})
     * and all of them are retired: then, and only then, the restore may ignore unclaimed state.
     */
    static boolean onlyRetiredUnclaimed(String pointer, Set<String> present) throws IOException {
        CompletedCheckpointStorageLocation location = AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(pointer);
        Set<String> unclaimed = new HashSet<>();
        try (DataInputStream in = new DataInputStream(location.getMetadataHandle().openInputStream())) {
            for (OperatorState state : Checkpoints.loadCheckpointMetadata(in, RetiredOperators.class.getClassLoader(),
                    pointer).getOperatorStates()) {
                String uid = state.getOperatorUid().orElse(state.getOperatorID().toString());
                if (!present.contains(uid)) {
                    unclaimed.add(uid);
                }
            }
        }
        return !unclaimed.isEmpty() && UIDS.containsAll(unclaimed);
    }
}
