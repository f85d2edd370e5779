package org.creditwatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Kibana saved objects under {@code dashboards/}, read line by line as Kibana's import reads them, and what each
 * dashboard panel asks of Elasticsearch: its data view, query, aggregations, columns and the fields they use.
 */
final class SavedObjects {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Attributes that Kibana stores as JSON text inside the object. */
    private static final List<String> JSON_TEXT_ATTRIBUTES = List.of("visState", "uiStateJSON", "panelsJSON",
            "optionsJSON", "kibanaSavedObjectMeta.searchSourceJSON", "controlGroupInput.panelsJSON",
            "controlGroupInput.ignoreParentSettingsJSON", "fieldAttrs", "fieldFormatMap", "fields",
            "runtimeFieldMap", "sourceFilters", "typeMeta");
    /** The subset of KQL the panels use, which the tests translate into term queries: {@code field : "value"}. */
    private static final Pattern KQL_TERM = Pattern.compile("\\s*([A-Za-z0-9_.]+)\\s*:\\s*\"([^\"\\\\]*)\"\\s*");

    /** One saved object, with its JSON-text attributes parsed ({@code parsed}, by attribute path). */
    record SavedObject(String source, String type, String id, JsonNode raw, Map<String, JsonNode> parsed) {
        JsonNode attributes() {
            return raw.path("attributes");
        }

        String title() {
            return attributes().path("title").asText();
        }

        /** The id of the object that the named reference points to, or null. */
        String reference(String name) {
            for (JsonNode ref : raw.path("references")) {
                if (name.equals(ref.path("name").asText())) {
                    return ref.path("id").asText();
                }
            }
            return null;
        }
    }

    record DataView(String id, String title, String timeField) {}

    /** How a panel uses a field, which decides the field types it can work with. */
    enum Use {
        TERMS, DATE_HISTOGRAM, MIN_MAX, NUMERIC_METRIC, CARDINALITY, QUERY, SORT, COLUMN, CONTROL, TIME_FIELD
    }

    record FieldUse(String field, Use use) {}

    /** An aggregation of an aggregation-based visualisation. */
    record Agg(String id, String type, String schema, JsonNode params) {
        boolean bucket() {
            return type.equals("terms") || type.equals("date_histogram");
        }
    }

    /**
     * One panel of a dashboard: a visualisation ({@code aggs}) or a saved search ({@code columns}, {@code sort}),
     * on a data view (null for a markdown text), with its query as term filters.
     */
    record Panel(String dashboard, String panelIndex, SavedObject object, DataView dataView, Map<String, String> query,
            List<Agg> aggs, List<String> columns, List<String> sort) {
        String name() {
            return dashboard + " / " + object.title() + " (" + object.id() + ")";
        }

        List<FieldUse> fields() {
            List<FieldUse> uses = new ArrayList<>();
            query.keySet().forEach(f -> uses.add(new FieldUse(f, Use.QUERY)));
            for (Agg agg : aggs) {
                String field = agg.params().path("field").asText(null);
                switch (agg.type()) {
                    case "count" -> { }
                    case "terms" -> uses.add(new FieldUse(field, Use.TERMS));
                    case "date_histogram" -> uses.add(new FieldUse(field, Use.DATE_HISTOGRAM));
                    case "max", "min" -> uses.add(new FieldUse(field, Use.MIN_MAX));
                    case "avg", "sum" -> uses.add(new FieldUse(field, Use.NUMERIC_METRIC));
                    case "cardinality" -> uses.add(new FieldUse(field, Use.CARDINALITY));
                    default -> throw new IllegalStateException(name() + ": aggregation " + agg.type()
                            + " is not one the tests translate");
                }
            }
            columns.forEach(c -> uses.add(new FieldUse(c, Use.COLUMN)));
            sort.forEach(s -> uses.add(new FieldUse(s, Use.SORT)));
            if (dataView != null && dataView.timeField() != null) {
                uses.add(new FieldUse(dataView.timeField(), Use.TIME_FIELD));
            }
            return uses;
        }
    }

    record Control(String dashboard, String id, String field, DataView dataView) {}

    final List<SavedObject> objects;

    private SavedObjects(List<SavedObject> objects) {
        this.objects = objects;
    }

    /** The directory that {@code dashboards/install} imports, from the module or the repository root. */
    static Path directory() {
        for (Path candidate : List.of(Paths.get("../dashboards"), Paths.get("dashboards"))) {
            if (Files.isRegularFile(candidate.resolve("install"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no dashboards/ directory beside " + Paths.get("").toAbsolutePath());
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> listing = Files.list(directory())) {
            return listing.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList();
        }
    }

    /** Every object of every file; a line that is not a saved object fails with its file and line. */
    static SavedObjects read() throws IOException {
        List<SavedObject> objects = new ArrayList<>();
        for (Path file : files()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String where = file.getFileName() + ":" + (i + 1);
                if (lines.get(i).isBlank()) {
                    throw new IllegalStateException(where + ": blank line");
                }
                JsonNode raw = parse(where, lines.get(i));
                for (String field : List.of("type", "id", "attributes", "references")) {
                    if (!raw.has(field)) {
                        throw new IllegalStateException(where + ": no " + field);
                    }
                }
                Map<String, JsonNode> parsed = new LinkedHashMap<>();
                for (String path : JSON_TEXT_ATTRIBUTES) {
                    JsonNode text = raw.path("attributes").at("/" + path.replace('.', '/'));
                    if (text.isTextual()) {
                        parsed.put(path, parse(where + " " + path, text.asText()));
                    }
                }
                objects.add(new SavedObject(where, raw.get("type").asText(), raw.get("id").asText(), raw, parsed));
            }
        }
        return new SavedObjects(objects);
    }

    private static JsonNode parse(String where, String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(where + ": not JSON: " + e.getMessage(), e);
        }
    }

    SavedObject get(String type, String id) {
        return objects.stream().filter(o -> o.type().equals(type) && o.id().equals(id)).findFirst().orElse(null);
    }

    List<SavedObject> ofType(String type) {
        return objects.stream().filter(o -> o.type().equals(type)).toList();
    }

    DataView dataView(String id) {
        SavedObject view = get("index-pattern", id);
        if (view == null) {
            throw new IllegalStateException("no data view " + id);
        }
        return new DataView(id, view.attributes().path("title").asText(),
                view.attributes().path("timeFieldName").asText(null));
    }

    /** The panels of a dashboard, in their order in panelsJSON. */
    List<Panel> panels(SavedObject dashboard) {
        List<Panel> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.parsed().get("panelsJSON")) {
            String index = panel.path("panelIndex").asText();
            String type = panel.path("type").asText();
            String id = dashboard.reference(index + ":" + panel.path("panelRefName").asText());
            SavedObject object = id == null ? null : get(type, id);
            if (object == null) {
                throw new IllegalStateException(dashboard.title() + " panel " + index + ": no " + type + " " + id);
            }
            panels.add(panel(dashboard.title(), index, object));
        }
        return panels;
    }

    private Panel panel(String dashboard, String panelIndex, SavedObject object) {
        JsonNode search = object.parsed().get("kibanaSavedObjectMeta.searchSourceJSON");
        String indexRef = search.path("indexRefName").asText(null);
        DataView view = indexRef == null ? null : dataView(object.reference(indexRef));
        Map<String, String> query = kqlTerms(search.path("query").path("query").asText(""));
        if (search.path("filter").size() > 0) {
            throw new IllegalStateException(object.id() + ": saved filters are not translated by the tests");
        }
        List<Agg> aggs = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<String> sort = new ArrayList<>();
        if (object.type().equals("visualization")) {
            for (JsonNode agg : object.parsed().get("visState").path("aggs")) {
                aggs.add(new Agg(agg.path("id").asText(), agg.path("type").asText(), agg.path("schema").asText(),
                        agg.path("params")));
            }
        } else {
            object.attributes().path("columns").forEach(c -> columns.add(c.asText()));
            object.attributes().path("sort").forEach(s -> sort.add(s.path(0).asText()));
        }
        return new Panel(dashboard, panelIndex, object, view, query, aggs, columns, sort);
    }

    /** The options-list controls of a dashboard. */
    List<Control> controls(SavedObject dashboard) {
        List<Control> controls = new ArrayList<>();
        JsonNode panels = dashboard.parsed().get("controlGroupInput.panelsJSON");
        if (panels == null) {
            return controls;
        }
        panels.properties().forEach(e -> controls.add(new Control(dashboard.title(), e.getKey(),
                e.getValue().path("explicitInput").path("fieldName").asText(),
                dataView(dashboard.reference("controlGroup_" + e.getKey() + ":optionsListDataView")))));
        return controls;
    }

    /** A KQL query of {@code field : "value"} terms joined by {@code and}; anything else is refused. */
    static Map<String, String> kqlTerms(String query) {
        Map<String, String> terms = new LinkedHashMap<>();
        if (query.isBlank()) {
            return terms;
        }
        for (String part : query.split("(?i)\\s+and\\s+")) {
            Matcher m = KQL_TERM.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("query '" + query + "' is outside field : \"value\" [and ...]");
            }
            terms.put(m.group(1), m.group(2));
        }
        return terms;
    }

    /** The class colours of a visualisation ({@code uiStateJSON} vis.colors), by legend label. */
    static Map<String, String> colors(SavedObject visualization) {
        Map<String, String> colors = new LinkedHashMap<>();
        JsonNode ui = visualization.parsed().get("uiStateJSON");
        if (ui != null) {
            ui.path("vis").path("colors").properties().forEach(e -> colors.put(e.getKey(), e.getValue().asText()));
        }
        return colors;
    }
}
