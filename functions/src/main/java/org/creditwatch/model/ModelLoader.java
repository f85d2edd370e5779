package org.creditwatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads model files (YAML) and checks them before a job starts: a broken file is a {@link ModelException} naming
 * the file, the field and the line, never a stack trace from the middle of scoring.
 */
public final class ModelLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ModelLoader() {}

    /** Loads model files; a model may extend another of the same set by id. */
    public static ModelSet loadFiles(List<Path> files) {
        List<Source> sources = new ArrayList<>();
        for (Path file : files) {
            try {
                sources.add(new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new ModelException(file + ": cannot read the model file: " + e.getMessage());
            }
        }
        return load(sources);
    }

    static ModelSet loadResources(List<String> names) {
        List<Source> sources = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = ModelLoader.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new ModelException(name + ": bundled model is missing from the classpath");
                }
                sources.add(new Source(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new ModelException(name + ": cannot read the bundled model: " + e.getMessage());
            }
        }
        return load(sources);
    }

    /** Loads model files given as texts by name (a set published on {@code cw.models}). */
    public static ModelSet loadTexts(Map<String, String> textsByName) {
        List<Source> sources = new ArrayList<>();
        textsByName.forEach((name, text) -> sources.add(new Source(name, text)));
        return load(sources);
    }

    private record Source(String name, String text) {}

    private static ModelSet load(List<Source> sources) {
        Map<String, Parsed> byId = new LinkedHashMap<>();
        for (Source source : sources) {
            Parsed parsed = parse(source);
            if (byId.put(parsed.file.id, parsed) != null) {
                throw parsed.error("id", "model id " + parsed.file.id + " is defined twice");
            }
        }
        Model defaultModel = null;
        List<Model> tagged = new ArrayList<>();
        for (Parsed parsed : byId.values()) {
            Model model = build(parsed, byId);
            if (model.appliesToTags.isEmpty()) {
                if (defaultModel != null) {
                    throw parsed.error("appliesTo", "only one model may apply to every enterprise, but "
                            + defaultModel.id + " and " + model.id + " both do (give one an appliesTo)");
                }
                defaultModel = model;
            } else {
                tagged.add(model);
            }
        }
        if (defaultModel == null) {
            throw new ModelException("no model applies to every enterprise: one model must have no appliesTo");
        }
        return new ModelSet(defaultModel, tagged);
    }

    /** A model file as written, with the line of every field so that errors can point at it. */
    private static final class Parsed {
        final String name;
        final ModelFile file;
        final Map<String, Integer> lines;

        Parsed(String name, ModelFile file, Map<String, Integer> lines) {
            this.name = name;
            this.file = file;
            this.lines = lines;
        }

        ModelException error(String path, String message) {
            Integer line = lines.get(path);
            return new ModelException(name + (line == null ? "" : ":" + line) + ": " + path + ": " + message);
        }
    }

    private static Parsed parse(Source source) {
        Map<String, Integer> lines = new HashMap<>();
        try {
            recordLines(YAML.getFactory().createParser(source.text), lines);
            JsonNode tree = YAML.readTree(source.text);
            if (tree == null || !tree.isObject()) {
                throw new ModelException(source.name + ": a model file must be a YAML mapping");
            }
            ModelFile file = YAML.treeToValue(tree, ModelFile.class);
            Parsed parsed = new Parsed(source.name, file, lines);
            if (file.id == null || file.id.isBlank()) {
                throw parsed.error("id", "every model needs an id");
            }
            if (file.version != null && file.version < 1) {
                throw parsed.error("version", "version must be a positive whole number");
            }
            return parsed;
        } catch (JsonMappingException e) {
            String path = pathOf(e);
            Integer line = lines.get(path);
            return failWith(source.name, line, path, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return failWith(source.name, at == null ? null : at.getLineNr(), null, e.getOriginalMessage());
        } catch (IOException e) {
            throw new ModelException(source.name + ": " + e.getMessage());
        }
    }

    private static Parsed failWith(String name, Integer line, String path, String message) {
        String firstLine = message == null ? "invalid" : message.split("\n", 2)[0];
        throw new ModelException(name + (line == null ? "" : ":" + line) + ": "
                + (path == null || path.isEmpty() ? "" : path + ": ") + firstLine);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return path.toString();
    }

    /** Walks the YAML tokens once, noting the line of every field as a dotted path. */
    private static void recordLines(JsonParser parser, Map<String, Integer> lines) throws IOException {
        try (parser) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    lines.put(pointer.substring(1).replace('/', '.'), parser.currentTokenLocation().getLineNr());
                }
            }
        }
    }

    private static Model build(Parsed parsed, Map<String, Parsed> byId) {
        List<Parsed> chain = new ArrayList<>();
        for (Parsed p = parsed; p != null; p = p.file.parent == null ? null : byId.get(p.file.parent)) {
            if (chain.contains(p)) {
                throw parsed.error("extends", "models extend each other in a circle");
            }
            chain.add(0, p);
            if (p.file.parent != null && !byId.containsKey(p.file.parent)) {
                throw p.error("extends", "extends unknown model " + p.file.parent);
            }
        }
        Map<String, Double> classes = new HashMap<>();
        Map<Indicator, IndicatorFields> merged = new EnumMap<>(Indicator.class);
        Map<Indicator, Parsed> definedIn = new EnumMap<>(Indicator.class);
        WarningFields warnings = new WarningFields();
        for (Parsed p : chain) {
            if (p.file.classes != null) {
                classes.putAll(p.file.classes);
            }
            if (p.file.indicators != null) {
                for (Map.Entry<String, IndicatorFields> entry : p.file.indicators.entrySet()) {
                    Indicator indicator = indicatorNamed(p, entry.getKey());
                    merged.computeIfAbsent(indicator, i -> new IndicatorFields()).overrideWith(entry.getValue());
                    definedIn.put(indicator, p);
                }
            }
            if (p.file.warnings != null) {
                warnings.overrideWith(p.file.warnings);
            }
        }
        double[] thresholds = new double[3];
        String[] names = {"A", "B", "C"};
        for (int i = 0; i < 3; i++) {
            Double threshold = classes.get(names[i]);
            if (threshold == null) {
                throw parsed.error("classes", "needs thresholds for classes A, B and C");
            }
            thresholds[i] = threshold;
        }
        for (String name : classes.keySet()) {
            if (!List.of(names).contains(name)) {
                throw parsed.error("classes." + name, "unknown class " + name + " (D is everything below C)");
            }
        }
        if (!(thresholds[0] > thresholds[1] && thresholds[1] > thresholds[2])) {
            throw parsed.error("classes", "thresholds must fall from A to B to C");
        }
        Map<Indicator, IndicatorRule> rules = new EnumMap<>(Indicator.class);
        merged.forEach((indicator, fields) -> rules.put(indicator, fields.toRule(indicator, definedIn.get(indicator))));
        List<String> tags = parsed.file.appliesTo == null || parsed.file.appliesTo.tags == null
                ? List.of() : List.copyOf(parsed.file.appliesTo.tags);
        return new Model(parsed.file.id, parsed.file.version == null ? 1 : parsed.file.version, tags, thresholds[0], thresholds[1], thresholds[2], rules,
                warnings.toRules(parsed));
    }

    private static Indicator indicatorNamed(Parsed p, String name) {
        try {
            return Indicator.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw p.error("indicators." + name, "unknown indicator " + name + "; known: " + List.of(Indicator.values()));
        }
    }

    /** The top level of a model file. */
    static final class ModelFile {
        public String id;
        /** Whole number, 1 when absent: which edition of the model an assessment was made with (spec §12). */
        public Integer version;
        public String description;
        @JsonProperty("extends")
        public String parent;
        public AppliesTo appliesTo;
        public Map<String, Double> classes;
        public LinkedHashMap<String, IndicatorFields> indicators;
        public WarningFields warnings;
    }

    static final class AppliesTo {
        public List<String> tags;
    }

    /** An indicator's fields as written; absent fields are inherited from the extended model. */
    static final class IndicatorFields {
        public Double weight;
        public Double min;
        public Double cap;
        public LinkedHashMap<String, Double> points;
        public Integer countsForDays;
        public String floor;
        public List<String> keyRegions;
        public String licenseType;

        void overrideWith(IndicatorFields o) {
            weight = o.weight != null ? o.weight : weight;
            min = o.min != null ? o.min : min;
            cap = o.cap != null ? o.cap : cap;
            points = o.points != null ? o.points : points;
            countsForDays = o.countsForDays != null ? o.countsForDays : countsForDays;
            floor = o.floor != null ? o.floor : floor;
            keyRegions = o.keyRegions != null ? o.keyRegions : keyRegions;
            licenseType = o.licenseType != null ? o.licenseType : licenseType;
        }

        IndicatorRule toRule(Indicator indicator, Parsed p) {
            String at = "indicators." + indicator;
            if (points == null || points.isEmpty()) {
                throw p.error(at, "needs points");
            }
            double[] byKind = new double[indicator.kinds().size()];
            for (Map.Entry<String, Double> entry : points.entrySet()) {
                int kind = indicator.kindIndex(entry.getKey());
                if (kind < 0) {
                    throw p.error(at + ".points." + entry.getKey(), "no such kind for " + indicator
                            + "; known: " + indicator.kinds());
                }
                if (entry.getValue() == null || !Double.isFinite(entry.getValue())) {
                    throw p.error(at + ".points." + entry.getKey(), "points must be a number");
                }
                byKind[kind] = entry.getValue();
            }
            double w = weight == null ? 1.0 : weight;
            if (!(w > 0) || !Double.isFinite(w)) {
                throw p.error(at + ".weight", "weight must be a positive number");
            }
            if (min == null || cap == null) {
                throw p.error(at, "needs min and cap");
            }
            if (min > cap) {
                throw p.error(at + ".min", "min " + min + " is above cap " + cap);
            }
            if (indicator.isTimeBound() && (countsForDays == null || countsForDays <= 0)) {
                throw p.error(at + ".countsForDays", "needs a positive countsForDays");
            }
            if (!indicator.isTimeBound() && countsForDays != null) {
                throw p.error(at + ".countsForDays", indicator + " is not time-bound");
            }
            RiskClass floorClass = null;
            if (floor != null) {
                try {
                    floorClass = RiskClass.valueOf(floor);
                } catch (IllegalArgumentException e) {
                    throw p.error(at + ".floor", "floor must be one of A, B, C, D");
                }
            }
            if (indicator == Indicator.KEY_REGION && (keyRegions == null || keyRegions.isEmpty())) {
                throw p.error(at + ".keyRegions", "KEY_REGION needs keyRegions");
            }
            if (indicator != Indicator.KEY_REGION && keyRegions != null) {
                throw p.error(at + ".keyRegions", "only KEY_REGION takes keyRegions");
            }
            if (indicator == Indicator.LICENSE && (licenseType == null || licenseType.isBlank())) {
                throw p.error(at + ".licenseType", "LICENSE needs a licenseType");
            }
            if (indicator != Indicator.LICENSE && licenseType != null) {
                throw p.error(at + ".licenseType", "only LICENSE takes a licenseType");
            }
            return new IndicatorRule(indicator, w, min, cap, byKind, countsForDays == null ? 0 : countsForDays,
                    floorClass, keyRegions == null ? List.of() : List.copyOf(keyRegions), licenseType);
        }
    }

    /** The warnings section as written; absent fields are inherited. */
    static final class WarningFields {
        public Integer cooldownDays;
        @JsonProperty("COMPLAINT_SURGE")
        public Map<String, Integer> complaintSurge;
        @JsonProperty("FREQUENT_CHANGES")
        public Map<String, Integer> frequentChanges;
        @JsonProperty("SAMPLING_FAILURES")
        public Map<String, Integer> samplingFailures;
        @JsonProperty("CHANGE_AFTER_PENALTY")
        public Map<String, Integer> changeAfterPenalty;
        @JsonProperty("LICENSE_EXPIRING")
        public Map<String, Integer> licenseExpiring;
        @JsonProperty("SEGMENT_COMPLAINT_SPIKE")
        public Map<String, Double> segmentComplaintSpike;

        void overrideWith(WarningFields o) {
            cooldownDays = o.cooldownDays != null ? o.cooldownDays : cooldownDays;
            complaintSurge = o.complaintSurge != null ? o.complaintSurge : complaintSurge;
            frequentChanges = o.frequentChanges != null ? o.frequentChanges : frequentChanges;
            samplingFailures = o.samplingFailures != null ? o.samplingFailures : samplingFailures;
            changeAfterPenalty = o.changeAfterPenalty != null ? o.changeAfterPenalty : changeAfterPenalty;
            licenseExpiring = o.licenseExpiring != null ? o.licenseExpiring : licenseExpiring;
            segmentComplaintSpike = o.segmentComplaintSpike != null ? o.segmentComplaintSpike : segmentComplaintSpike;
        }

        WarningRules toRules(Parsed p) {
            return new WarningRules(
                    positive(p, "warnings.cooldownDays", cooldownDays),
                    positive(p, "warnings.COMPLAINT_SURGE.count", get(complaintSurge, "count")),
                    positive(p, "warnings.COMPLAINT_SURGE.highCount", get(complaintSurge, "highCount")),
                    positive(p, "warnings.COMPLAINT_SURGE.withinDays", get(complaintSurge, "withinDays")),
                    positive(p, "warnings.FREQUENT_CHANGES.count", get(frequentChanges, "count")),
                    positive(p, "warnings.FREQUENT_CHANGES.withinDays", get(frequentChanges, "withinDays")),
                    positive(p, "warnings.SAMPLING_FAILURES.count", get(samplingFailures, "count")),
                    positive(p, "warnings.SAMPLING_FAILURES.withinDays", get(samplingFailures, "withinDays")),
                    positive(p, "warnings.CHANGE_AFTER_PENALTY.withinDays", get(changeAfterPenalty, "withinDays")),
                    positive(p, "warnings.LICENSE_EXPIRING.daysBefore", get(licenseExpiring, "daysBefore")),
                    positive(p, "warnings.SEGMENT_COMPLAINT_SPIKE.minDaily", asInt(get(segmentComplaintSpike, "minDaily"))),
                    positiveNumber(p, "warnings.SEGMENT_COMPLAINT_SPIKE.factor", get(segmentComplaintSpike, "factor")),
                    positive(p, "warnings.SEGMENT_COMPLAINT_SPIKE.baselineDays",
                            asInt(get(segmentComplaintSpike, "baselineDays"))));
        }

        private static <T> T get(Map<String, T> section, String key) {
            return section == null ? null : section.get(key);
        }

        private static Integer asInt(Double value) {
            return value == null || value != Math.rint(value) ? null : value.intValue();
        }

        private static int positive(Parsed p, String path, Integer value) {
            if (value == null || value <= 0) {
                throw p.error(path, "needs a positive whole number");
            }
            return value;
        }

        private static double positiveNumber(Parsed p, String path, Double value) {
            if (value == null || !(value > 0)) {
                throw p.error(path, "needs a positive number");
            }
            return value;
        }
    }
}
