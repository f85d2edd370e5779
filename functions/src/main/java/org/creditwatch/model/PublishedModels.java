package org.creditwatch.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.creditwatch.domain.Digests;

/**
 * A model set as published on {@code cw.models} (spec §12): the model files' texts by name, with a note and the
 * instant of publication. The job validates it exactly as the command line validates files at start.
 */
public final class PublishedModels {
    /** The compacted topic model sets are published to: one message holds a whole set. */
    public static final String TOPIC = "cw.models";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 128 bits of SHA-256 over the files, the note and the instant: one publication, one id. */
    public final String changeId;
    public final long publishedAt;
    public final String note;
    /** Model file texts by file name, in name order. */
    public final SortedMap<String, String> files;

    public PublishedModels(SortedMap<String, String> files, String note, long publishedAt) {
        this.files = new TreeMap<>(files);
        this.note = note;
        this.publishedAt = publishedAt;
        List<String> facts = new ArrayList<>();
        facts.add(Long.toString(publishedAt));
        facts.add(note);
        this.files.forEach((name, text) -> {
            facts.add(name);
            facts.add(text);
        });
        this.changeId = Digests.id(facts.toArray(new String[0]));
    }

    /** The set itself, validated: a broken file is a {@link ModelException} naming file, line and field. */
    public ModelSet load() {
        return ModelLoader.loadTexts(files);
    }

    /** "id@version" of every model of a set, the default first. */
    public static List<String> versions(ModelSet models) {
        return models.models().stream().map(m -> m.id + "@" + m.version).toList();
    }

    public String toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("changeId", changeId);
        json.put("publishedAt", publishedAt);
        json.put("note", note);
        ObjectNode texts = json.putObject("files");
        files.forEach(texts::put);
        return json.toString();
    }

    /** Reads a message; its changeId is recomputed, so a message cannot claim another set's id. */
    public static PublishedModels fromJson(String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelException("cw.models: not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.path("files").isObject() || json.path("files").isEmpty()
                || !json.path("publishedAt").canConvertToLong() || !json.path("note").isTextual()) {
            throw new ModelException("cw.models: a message needs files (name to text), publishedAt (epoch ms)"
                    + " and note");
        }
        SortedMap<String, String> files = new TreeMap<>();
        for (Map.Entry<String, JsonNode> file : json.get("files").properties()) {
            if (!file.getValue().isTextual()) {
                throw new ModelException("cw.models: file " + file.getKey() + " is not text");
            }
            files.put(file.getKey(), file.getValue().asText());
        }
        return new PublishedModels(files, json.get("note").asText(), json.get("publishedAt").asLong());
    }
}
