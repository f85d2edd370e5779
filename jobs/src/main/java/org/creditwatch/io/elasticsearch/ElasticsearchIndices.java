package org.creditwatch.io.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.get_index_template.IndexTemplateItem;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The indices of spec §8 and their index templates. Each template is a JSON file under
 * {@code elasticsearch/templates/} holding the body of {@code PUT _index_template/NAME} for an empty prefix;
 * {@link #install} puts the template's name and every index pattern behind the prefix.
 */
public final class ElasticsearchIndices {
    public static final String ENTERPRISE_RISK = "cw-enterprise-risk";
    public static final String RISK_HISTORY = "cw-risk-history";
    public static final String WARNINGS = "cw-warnings";
    public static final String REJECTS = "cw-rejects";
    public static final String INSPECTION_OUTCOMES = "cw-inspection-outcomes";
    public static final String MODEL_CHANGES = "cw-model-changes";
    public static final String SPOT_CHECK_PLANS = "cw-spot-check-plans";
    public static final List<String> ALL = List.of(ENTERPRISE_RISK, RISK_HISTORY, WARNINGS, REJECTS,
            INSPECTION_OUTCOMES, MODEL_CHANGES, SPOT_CHECK_PLANS);

    /** The {@code _meta} field that holds a digest of the template file, to tell whether a put is needed. */
    static final String CHECKSUM = "checksum";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ElasticsearchIndices() {}

    /**
     * Puts the index template of every index (named {@code PREFIX + index}) unless the cluster has it already
     * from the same file: every writer of every restart calls this, and a put is a cluster-state update. Indices
     * that exist get the template's mappings too: a new release only adds fields, which an index takes in place.
     */
    public static void install(ElasticsearchClient client, String prefix) throws IOException {
        Map<String, String> installed = new HashMap<>();
        for (IndexTemplateItem item : client.indices().getIndexTemplate(g -> g.name(prefix + "cw-*")).indexTemplates()) {
            JsonData checksum = item.indexTemplate().meta().get(CHECKSUM);
            installed.put(item.name(), checksum == null ? null : checksum.to(String.class));
        }
        for (String index : ALL) {
            String text = templateText(index);
            String checksum = checksum(text);
            if (checksum.equals(installed.get(prefix + index))) {
                continue;
            }
            JsonNode body = JSON.readTree(text);
            List<String> patterns = new ArrayList<>();
            body.get("index_patterns").forEach(p -> patterns.add(prefix + p.asText()));
            Map<String, JsonData> meta = new LinkedHashMap<>();
            body.get("_meta").properties().forEach(f -> meta.put(f.getKey(), JsonData.of(f.getValue().asText())));
            meta.put(CHECKSUM, JsonData.of(checksum));
            client.indices().putIndexTemplate(t -> t
                    .name(prefix + index)
                    .indexPatterns(patterns)
                    .priority(body.get("priority").asLong())
                    .version(body.get("version").asLong())
                    .meta(meta)
                    .template(m -> m.withJson(new StringReader(body.get("template").toString()))));
            String mappings = body.get("template").get("mappings").toString();
            client.indices().putMapping(m -> m.index(patterns).allowNoIndices(true).ignoreUnavailable(true)
                    .withJson(new StringReader(mappings)));
        }
    }

    /** The template file of one index, as stored (for an empty prefix). */
    static String templateText(String index) {
        String resource = "/elasticsearch/templates/" + index + ".json";
        try (InputStream in = ElasticsearchIndices.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String checksum(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
