package org.creditwatch.supervision;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.creditwatch.domain.CreditCode;

/**
 * Reads the inspector roster (执法检查人员名录库, spec §10): JSON lines when the first non-blank line is an object,
 * a JSON array of such objects when it starts one, otherwise CSV with a header naming the columns {@code inspectorId}, {@code name}, {@code regions} and
 * {@code excludes} (any order; only {@code inspectorId} is required; other columns are ignored). A multi-valued
 * field lists its values separated by {@code ;}, {@code |}, commas or spaces (quote the field to use commas); in
 * JSON it may also be a list of strings. Every problem is a {@link PlanException} naming the file and line.
 */
public final class Roster {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEPARATORS = Pattern.compile("[;|,\\s]+");
    private static final Pattern REGION = Pattern.compile("\\d{6}");
    private static final List<String> FIELDS = List.of("inspectorId", "name", "regions", "excludes");

    private Roster() {}

    public static List<Inspector> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PlanException(file + ": cannot read the roster (" + e.getClass().getSimpleName() + ")");
        }
        List<String> lines = new ArrayList<>();
        // line by line, so that a byte that is not UTF-8 is reported at its line
        for (int start = 0; start <= bytes.length; ) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            try {
                String line = StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
                line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                lines.add(lines.isEmpty() && line.startsWith("\uFEFF") ? line.substring(1) : line);
            } catch (CharacterCodingException e) {
                throw new PlanException(file + ":" + (lines.size() + 1) + ": roster is not UTF-8 text");
            }
            start = end + 1;
        }
        String first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        if (first.startsWith("{")) {
            return jsonLines(file, lines);
        }
        return first.startsWith("[") ? jsonArray(file, String.join("\n", lines)) : csv(file, lines);
    }

    private static void add(List<Inspector> roster, String at, Inspector inspector) {
        if (roster.stream().anyMatch(i -> i.inspectorId().equals(inspector.inspectorId()))) {
            throw new PlanException(at + ": inspectorId " + inspector.inspectorId() + " is already in the roster");
        }
        roster.add(inspector);
    }

    private static List<Inspector> jsonLines(Path file, List<String> lines) {
        List<Inspector> roster = new ArrayList<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            if (line.isBlank()) {
                continue;
            }
            String at = file + ":" + n;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new PlanException(at + ": not a JSON object (" + e.getOriginalMessage() + ")");
            }
            if (node == null || !node.isObject()) {
                throw new PlanException(at + ": not a JSON object");
            }
            add(roster, at, inspector(at, text(at, node, "inspectorId"), text(at, node, "name"),
                    values(at, node, "regions"), values(at, node, "excludes")));
        }
        return roster;
    }

    /** A JSON array of inspector objects, which a roster exported whole may be; errors name an object's line. */
    private static List<Inspector> jsonArray(Path file, String text) {
        List<Inspector> roster = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(text)) {
            parser.nextToken();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                String at = file + ":" + parser.currentLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    throw new PlanException(at + ": not a JSON object");
                }
                JsonNode node = parser.readValueAsTree();
                add(roster, at, inspector(at, text(at, node, "inspectorId"), text(at, node, "name"),
                        values(at, node, "regions"), values(at, node, "excludes")));
            }
            if (parser.nextToken() != null) {
                throw new PlanException(file + ":" + parser.currentLocation().getLineNr()
                        + ": text after the roster's JSON array");
            }
        } catch (JsonProcessingException e) {
            throw new PlanException(file + ":" + e.getLocation().getLineNr() + ": not JSON ("
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return roster;
    }

    private static String text(String at, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new PlanException(at + ": " + field + " must be a string");
        }
        return value.asText();
    }

    private static List<String> values(String at, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return split(value.asText());
        }
        if (!value.isArray()) {
            throw new PlanException(at + ": " + field + " must be a list of strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new PlanException(at + ": " + field + " must be a list of strings");
            }
            list.add(element.asText().strip());
        }
        return list;
    }

    private static List<Inspector> csv(Path file, List<String> lines) {
        List<Inspector> roster = new ArrayList<>();
        Map<String, Integer> columns = null;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            if (line.isBlank()) {
                continue;
            }
            String at = file + ":" + n;
            List<String> cells = cells(at, line);
            if (columns == null) {
                columns = new HashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    columns.put(cells.get(i).strip(), i);
                }
                if (!columns.containsKey("inspectorId")) {
                    throw new PlanException(at + ": the CSV header must name the columns " + String.join(",", FIELDS));
                }
                continue;
            }
            add(roster, at, inspector(at, cell(cells, columns, "inspectorId"), cell(cells, columns, "name"),
                    split(cell(cells, columns, "regions")), split(cell(cells, columns, "excludes"))));
        }
        return roster;
    }

    private static String cell(List<String> cells, Map<String, Integer> columns, String field) {
        Integer i = columns.get(field);
        return i == null || i >= cells.size() ? null : cells.get(i);
    }

    /** The cells of one CSV line (RFC 4180 quoting; a quoted cell may hold commas and doubled quotes). */
    private static List<String> cells(String at, String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new PlanException(at + ": a quoted field is not closed");
        }
        cells.add(cell.toString());
        return cells;
    }

    private static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.of(SEPARATORS.split(text.strip()));
    }

    private static Inspector inspector(String at, String id, String name, List<String> regions,
            List<String> excludes) {
        if (id == null || id.isBlank()) {
            throw new PlanException(at + ": inspectorId is missing");
        }
        Set<String> regionSet = new LinkedHashSet<>();
        for (String region : regions) {
            if (!REGION.matcher(region).matches()) {
                throw new PlanException(at + ": regions: '" + region + "' is not a 6-digit division code");
            }
            regionSet.add(region);
        }
        Set<String> excludeSet = new LinkedHashSet<>();
        for (String code : excludes) {
            String normalized = CreditCode.normalize(code);
            if (normalized == null) {
                throw new PlanException(at + ": excludes: '" + code + "' is not a valid credit code");
            }
            excludeSet.add(normalized);
        }
        return new Inspector(id.strip(), name == null ? "" : name.strip(), regionSet, excludeSet);
    }
}
