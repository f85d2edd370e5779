package org.creditwatch.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.creditwatch.model.RiskClass;
import org.creditwatch.supervision.EnterpriseSnapshot;
import org.creditwatch.supervision.PlanException;

/**
 * The latest assessment of each enterprise at an instant, gathered from assessment documents (replay's
 * {@code assessments.jsonl}, or Elasticsearch's {@code cw-enterprise-risk} and {@code cw-risk-history}) for a
 * spot-check plan (spec §10) and the classes at a backtest's cutoff (§11). An assessment later than the instant is ignored; of the rest, the one with the latest
 * {@code assessedAt}, then the highest {@code sequence}, stands (a returning enterprise restarts its sequence, a
 * year or more later).
 */
public final class PlanPopulation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Long asOf;
    private final Map<String, Latest> latest = new HashMap<>();
    private long newest = Long.MIN_VALUE;

    /** @param asOf epoch milliseconds, or null to take every assessment */
    public PlanPopulation(Long asOf) {
        this.asOf = asOf;
    }

    /** Every enterprise's latest assessment (any status), in no particular order. */
    public List<EnterpriseSnapshot> enterprises() {
        return latest.values().stream().map(Latest::snapshot).toList();
    }

    /** The newest {@code assessedAt} taken, or {@code Long.MIN_VALUE} when none was. */
    public long newestAssessedAt() {
        return newest;
    }

    /** Takes one assessment document; {@code where} names it (file and line, or index and id) in errors. */
    public void add(JsonNode document, String where) {
        if (document == null || !document.isObject()) {
            throw new PlanException(where + ": not a JSON object");
        }
        String creditCode = text(document, "creditCode", where, true);
        long assessedAt = instant(document, where);
        if (asOf != null && assessedAt > asOf) {
            return;
        }
        long sequence = number(document, "sequence", where).longValue();
        Latest before = latest.get(creditCode);
        if (before != null && (before.assessedAt > assessedAt
                || before.assessedAt == assessedAt && before.sequence >= sequence)) {
            return;
        }
        String riskClass = text(document, "riskClass", where, true);
        RiskClass parsedClass;
        try {
            parsedClass = RiskClass.valueOf(riskClass);
        } catch (IllegalArgumentException e) {
            throw new PlanException(where + ": riskClass '" + riskClass + "' is not A, B, C or D");
        }
        List<String> tags = new ArrayList<>();
        JsonNode tagNode = document.get("tags");
        if (tagNode != null && !tagNode.isNull()) {
            if (!tagNode.isArray()) {
                throw new PlanException(where + ": tags must be a list of strings");
            }
            tagNode.forEach(t -> tags.add(t.asText()));
        }
        EnterpriseSnapshot snapshot = new EnterpriseSnapshot(creditCode, text(document, "name", where, false),
                text(document, "regionCode", where, false), text(document, "industry", where, false), tags,
                text(document, "status", where, true), parsedClass, number(document, "score", where).doubleValue(),
                text(document, "model", where, false));
        latest.put(creditCode, new Latest(assessedAt, sequence, snapshot));
        newest = Math.max(newest, assessedAt);
    }

    /**
     * Reads a replay's {@code assessments.jsonl}.
     *
     * @throws PlanException when the file cannot be read or a line is not an assessment
     */
    public void addJsonLines(Path file) {
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode document;
                try {
                    document = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new PlanException(file + ":" + n + ": not JSON (" + e.getOriginalMessage() + ")");
                }
                add(document, file + ":" + n);
            }
        } catch (CharacterCodingException e) {
            throw new PlanException(file + ": near line " + (n + 1) + ": not UTF-8 text");
        } catch (IOException e) {
            throw new PlanException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String text(JsonNode document, String field, String where, boolean required) {
        JsonNode node = document.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new PlanException(where + ": " + field + " is missing");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new PlanException(where + ": " + field + " must be a string");
        }
        return node.asText();
    }

    private static Number number(JsonNode document, String field, String where) {
        JsonNode node = document.get(field);
        if (node == null || !node.isNumber()) {
            throw new PlanException(where + ": " + field + " must be a number");
        }
        return node.numberValue();
    }

    private static long instant(JsonNode document, String where) {
        String text = text(document, "assessedAt", where, true);
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new PlanException(where + ": assessedAt '" + text + "' is not an ISO-8601 instant with offset");
        }
    }

    private record Latest(long assessedAt, long sequence, EnterpriseSnapshot snapshot) {}
}
