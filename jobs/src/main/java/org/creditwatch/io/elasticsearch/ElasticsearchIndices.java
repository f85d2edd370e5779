package org.creditwatch.io.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The indices of spec §8 and their index templates. Each template is a JSON file under
 * {@code elasticsearch/templates/} holding the body of {@code PUT _index_template/NAME} for an empty prefix;
 * {@link #install} puts every index pattern and the template's name behind the prefix.
 */
public final class ElasticsearchIndices {
    public static final String ENTERPRISE_RISK = "cw-enterprise-risk";
    public static final String RISK_HISTORY = "cw-risk-history";
    public static final String WARNINGS = "cw-warnings";
    public static final String REJECTS = "cw-rejects";
    public static final List<String> ALL = List.of(ENTERPRISE_RISK, RISK_HISTORY, WARNINGS, REJECTS);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ElasticsearchIndices() {}

    /**
     * Puts the index template of every index (named {@code PREFIX + index}). A PUT replaces a template of the same
     * name, so repeating it is harmless; indices that exist already keep their mappings.
     */
    public static void install(ElasticsearchClient client, String prefix) throws IOException {
        for (String index : ALL) {
            JsonNode body = template(index);
            List<String> patterns = new ArrayList<>();
            body.get("index_patterns").forEach(p -> patterns.add(prefix + p.asText()));
            Map<String, JsonData> meta = new LinkedHashMap<>();
            body.get("_meta").fields().forEachRemaining(f -> meta.put(f.getKey(), JsonData.of(f.getValue().asText())));
            client.indices().putIndexTemplate(t -> t
                    .name(prefix + index)
                    .indexPatterns(patterns)
                    .priority(body.get("priority").asLong())
                    .version(body.get("version").asLong())
                    .meta(meta)
                    .template(m -> m.withJson(new StringReader(body.get("template").toString()))));
        }
    }

    /** The template file of one index, as stored (for an empty prefix). */
    static JsonNode template(String index) {
        String resource = "/elasticsearch/templates/" + index + ".json";
        try (InputStream in = ElasticsearchIndices.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
