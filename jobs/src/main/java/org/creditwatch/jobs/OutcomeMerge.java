package org.creditwatch.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.creditwatch.domain.IsoInstants;

/**
 * Writes replay's inspection outcomes in the order of spec §11: credit code, then {@code reportedAt}, then
 * {@code eventId}, compared as values (not as JSON text, whose escapes and time precision would reorder some).
 */
final class OutcomeMerge {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutcomeMerge() {}

    private record Keyed(String creditCode, long reportedAt, String eventId, String line) {}

    /** Writes {@code target} and returns the number of outcomes. */
    static long merge(List<String> lines, Path target) throws IOException {
        List<String> ordered = lines.stream().map(OutcomeMerge::keyed)
                .sorted(Comparator.comparing(Keyed::creditCode).thenComparingLong(Keyed::reportedAt)
                        .thenComparing(Keyed::eventId))
                .map(Keyed::line).toList();
        Files.write(target, ordered, StandardCharsets.UTF_8);
        return ordered.size();
    }

    private static Keyed keyed(String line) {
        try {
            JsonNode o = JSON.readTree(line);
            return new Keyed(o.get("creditCode").asText(), IsoInstants.toEpochMilli(o.get("reportedAt").asText()),
                    o.get("eventId").asText(), line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
