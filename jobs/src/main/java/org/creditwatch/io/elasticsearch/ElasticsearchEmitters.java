package org.creditwatch.io.elasticsearch;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.creditwatch.domain.Reject;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.engine.Warning;
import org.creditwatch.io.OutputJson;

/**
 * The documents of spec §8. Their sources are the replay's JSON lines ({@link OutputJson}), so a document equals
 * the line that replay writes for the same result.
 */
public final class ElasticsearchEmitters {
    /** The reject reason of a document that Elasticsearch refused because of its content. */
    public static final String ELASTICSEARCH_REJECTED = "ELASTICSEARCH_REJECTED";
    static final int MAX_RAW_CHARS = 10_000;
    static final int MAX_DETAIL_CHARS = 1_000;


    private ElasticsearchEmitters() {}

    /**
     * Each assessment twice: into {@code cw-enterprise-risk} under the credit code, externally versioned by
     * {@link Assessment#version()} (its sequence, within the enterprise's lifetime) so that an older assessment never
     * replaces a newer one, and into {@code cw-risk-history} under {@code creditCode:version}.
     */
    public static ElasticsearchEmitter<Assessment> assessments(String prefix) {
        String latest = prefix + ElasticsearchIndices.ENTERPRISE_RISK;
        String history = prefix + ElasticsearchIndices.RISK_HISTORY;
        return a -> {
            BinaryData source = json(OutputJson.assessment(a));
            return List.of(
                    BulkOperation.of(o -> o.index(i -> i.index(latest).id(a.creditCode)
                            .version(a.version()).versionType(VersionType.External).document(source))),
                    BulkOperation.of(o -> o.index(i -> i.index(history).id(a.creditCode + ":" + a.version())
                            .document(source))));
        };
    }

    /** Each warning into {@code cw-warnings} under its deterministic warningId: a replay overwrites it. */
    public static ElasticsearchEmitter<Warning> warnings(String prefix) {
        String index = prefix + ElasticsearchIndices.WARNINGS;
        return w -> List.of(BulkOperation.of(o -> o.index(i -> i.index(index).id(w.warningId)
                .document(json(OutputJson.warning(w))))));
    }

    /** Each inspection outcome into {@code cw-inspection-outcomes} under its record's eventId. */
    public static ElasticsearchEmitter<InspectionOutcome> outcomes(String prefix) {
        String index = prefix + ElasticsearchIndices.INSPECTION_OUTCOMES;
        return o -> List.of(BulkOperation.of(b -> b.index(i -> i.index(index).id(o.eventId)
                .document(json(OutputJson.outcome(o))))));
    }

    /** Each applied model set into {@code cw-model-changes} under its change id. */
    public static ElasticsearchEmitter<ModelChange> modelChanges(String prefix) {
        String index = prefix + ElasticsearchIndices.MODEL_CHANGES;
        return c -> List.of(BulkOperation.of(b -> b.index(i -> i.index(index).id(c.changeId)
                .document(json(OutputJson.modelChange(c))))));
    }

    /** Each reject into {@code cw-rejects}, under an id derived from its content: a replay overwrites it. */
    public static ElasticsearchEmitter<Reject> rejects(String prefix) {
        String index = prefix + ElasticsearchIndices.REJECTS;
        return r -> List.of(BulkOperation.of(o -> o.index(i -> i.index(index)
                .id(rejectId(r.stream, r.reason.name(), r.raw))
                .document(json(OutputJson.reject(r))))));
    }

    /**
     * The reject document for a document that Elasticsearch refused: {@code stream} is the index it was meant for,
     * {@code raw} the document (cut at 10 000 characters), {@code detail} Elasticsearch's error.
     */
    static BulkOperation elasticsearchRejected(String prefix, String sourceIndex, String detail, String document) {
        String raw = OutputJson.cut(document, MAX_RAW_CHARS);
        byte[] text = OutputJson.refusedOutput(ELASTICSEARCH_REJECTED, OutputJson.cut(detail, MAX_DETAIL_CHARS),
                sourceIndex, raw);
        return BulkOperation.of(o -> o.index(i -> i.index(prefix + ElasticsearchIndices.REJECTS)
                .id(rejectId(sourceIndex, ELASTICSEARCH_REJECTED, raw))
                .document(json(text))));
    }

    /** A document source that is sent as it is: JSON text on one line. */
    public static BinaryData json(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A document source that is sent as it is: UTF-8 JSON on one line. */
    public static BinaryData json(byte[] utf8) {
        return BinaryData.of(utf8, ContentType.APPLICATION_JSON);
    }

    /** 128 bits of SHA-256 over stream, reason and raw text: the same reject always gets the same id. */
    static String rejectId(String stream, String reason, String raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {stream, reason, raw == null ? "" : raw}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
