package org.creditwatch.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.Stream;
import org.creditwatch.engine.Warning;
import org.creditwatch.io.InputLines;
import org.creditwatch.io.OutputJson;
import org.creditwatch.io.PlanPopulation;
import org.creditwatch.model.Model;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.RiskClass;
import org.creditwatch.supervision.EnterpriseSnapshot;
import org.creditwatch.validation.Backtest;
import org.creditwatch.validation.HorizonInspections;
import org.creditwatch.validation.Wilson;

/**
 * {@code creditwatch validate} (spec §11): a backtest on the same pipeline. A replay as of the cutoff gives each
 * enterprise's class and score at the cutoff and the warnings raised up to it; the input's inspections that occurred
 * in (cutoff, cutoff + horizon] then say how well those classes and warnings found the real problems. With a second
 * model set, the same again on the same history and the same inspections, side by side.
 */
public final class Validate {
    public static final String VALIDATION = "validation.json";
    public static final String REPLAY = "replay";
    public static final String COMPARE_REPLAY = "replay-compare";

    private Validate() {}

    /** A model set under test and the model files it was read from (none: the bundled models). */
    public record ModelSetUnderTest(ModelSet models, List<String> files) {
        List<String> names() {
            List<String> names = new ArrayList<>();
            for (Model m : models.models()) {
                names.add(m.id + " v" + m.version);
            }
            return names;
        }

        String describe() {
            return String.join(", ", names()) + (files.isEmpty() ? " (bundled)" : " from " + String.join(", ", files));
        }
    }

    /**
     * @param horizonText the horizon as the user wrote it, for the report
     * @param compare null without {@code --compare}
     */
    public record Options(Path input, Path output, long cutoff, long horizonMs, String horizonText,
            ModelSetUnderTest models, ModelSetUnderTest compare, int parallelism) {}

    /** What was read from the input's inspections, so that nothing is lost unseen. */
    public record InspectionCounts(long records, long rejected, long duplicates, long inHorizon) {}

    /** The backtest of one model set and where its replay wrote. */
    public record Side(ModelSetUnderTest set, Path replay, Backtest.Result result) {}

    /** @param compare null without {@code --compare} */
    public record Report(Options options, long horizonEnd, InspectionCounts inspections, Side models, Side compare) {}

    public static Report run(Options options) throws Exception {
        HorizonInspections horizon = new HorizonInspections(options.cutoff(), options.horizonMs());
        long[] read = readInspections(options.input().resolve(Stream.INSPECTIONS.fileName()), horizon);
        List<Backtest.Inspection> inHorizon = horizon.inHorizon();
        InspectionCounts counts = new InspectionCounts(read[0], read[1], horizon.duplicates(), inHorizon.size());
        Side models = backtest(options, options.models(), options.output().resolve(REPLAY), inHorizon);
        Side compare = options.compare() == null ? null
                : backtest(options, options.compare(), options.output().resolve(COMPARE_REPLAY), inHorizon);
        Report report = new Report(options, horizon.end(), counts, models, compare);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(options.output().resolve(VALIDATION).toFile(), json(report));
        return report;
    }

    /** Reads every inspection with the project's parser; returns {records, rejected}. A missing file is empty. */
    private static long[] readInspections(Path file, HorizonInspections horizon) throws IOException {
        long[] counts = new long[2];
        if (!Files.exists(file)) {
            return counts;
        }
        RecordParser parser = new RecordParser();
        long readAt = System.currentTimeMillis();
        try (BufferedReader in = InputLines.open(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue; // as replay's sources: not a record
                }
                counts[0]++;
                RecordParser.Result parsed = parser.parse(Stream.INSPECTIONS, line, readAt);
                if (parsed.record == null) {
                    counts[1]++;
                } else {
                    horizon.add(parsed.record);
                }
            }
        }
        return counts;
    }

    private static Side backtest(Options options, ModelSetUnderTest set, Path replay,
            List<Backtest.Inspection> inHorizon) throws Exception {
        Replay.run(new Replay.Options(options.input(), replay, options.cutoff(), set.models(), options.parallelism()));
        return new Side(set, replay, Backtest.compute(latestAssessments(replay.resolve(Replay.ASSESSMENTS),
                options.cutoff()), warningRules(replay.resolve(Replay.WARNINGS), options.cutoff()), inHorizon));
    }

    /**
     * Each enterprise's latest assessment at the cutoff, by the rule {@code plan} uses (latest {@code assessedAt},
     * then the highest {@code sequence}: a returning enterprise starts its sequence anew).
     */
    static Map<String, Backtest.Assessed> latestAssessments(Path assessments, long cutoff) {
        PlanPopulation population = new PlanPopulation(cutoff);
        population.addJsonLines(assessments);
        Map<String, Backtest.Assessed> latest = new HashMap<>();
        for (EnterpriseSnapshot e : population.enterprises()) {
            latest.put(e.creditCode(), new Backtest.Assessed(e.riskClass(), e.score()));
        }
        return latest;
    }

    /** The rule of each warning raised up to the cutoff, by its id. */
    static Map<String, Warning.Rule> warningRules(Path warnings, long cutoff) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Warning.Rule> rules = new HashMap<>();
        try (BufferedReader in = InputLines.open(warnings)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode w = json.readTree(line);
                if (instant(w, "raisedAt") <= cutoff) {
                    rules.put(w.get("warningId").asText(), Warning.Rule.valueOf(w.get("rule").asText()));
                }
            }
        }
        return rules;
    }

    private static long instant(JsonNode node, String field) {
        return OffsetDateTime.parse(node.get(field).asText()).toInstant().toEpochMilli();
    }

    static Map<String, Object> json(Report report) {
        Options o = report.options();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cutoff", OutputJson.time(o.cutoff()));
        json.put("horizon", o.horizonText());
        json.put("horizonEnd", OutputJson.time(report.horizonEnd()));
        json.put("counting", "inspected and found count inspections (each eventId once), not enterprises");
        Map<String, Object> inspections = new LinkedHashMap<>();
        inspections.put("records", report.inspections().records());
        inspections.put("rejected", report.inspections().rejected());
        inspections.put("duplicates", report.inspections().duplicates());
        inspections.put("inHorizon", report.inspections().inHorizon());
        json.put("inspections", inspections);
        json.putAll(side(report.models()));
        if (report.compare() != null) {
            json.put("compare", side(report.compare()));
        }
        return json;
    }

    private static Map<String, Object> side(Side side) {
        Backtest.Result r = side.result();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("models", side.set().names());
        json.put("modelFiles", side.set().files());
        json.put("replay", side.replay().toString());
        json.put("enterprises", r.total().enterprises());
        Map<String, Object> classes = new LinkedHashMap<>();
        r.classes().forEach((c, figures) -> classes.put(c.name(), classFigures(figures)));
        json.put("classes", classes);
        json.put("total", classFigures(r.total()));
        json.put("lift", r.lift());
        json.put("auc", r.auc());
        json.put("inspectedWithoutAssessment", r.leftOut());
        Map<String, Object> rules = new LinkedHashMap<>();
        r.rules().forEach((rule, figures) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("warnings", figures.warnings());
            f.put("inspected", figures.precision().inspected());
            f.put("found", figures.precision().found());
            f.put("precision", figures.precision().rate());
            f.put("precisionWilson95", interval(figures.precision().interval95()));
            rules.put(rule.name(), f);
        });
        json.put("warningRules", rules);
        json.put("followUpsOfOtherWarnings", r.followUpsOfOtherWarnings());
        return json;
    }

    private static Map<String, Object> classFigures(Backtest.ClassFigures figures) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("enterprises", figures.enterprises());
        f.put("share", figures.share());
        f.put("inspected", figures.hits().inspected());
        f.put("found", figures.hits().found());
        f.put("hitRate", figures.hits().rate());
        f.put("hitRateWilson95", interval(figures.hits().interval95()));
        return f;
    }

    private static Map<String, Object> interval(Wilson.Interval interval) {
        if (interval == null) {
            return null;
        }
        Map<String, Object> bounds = new LinkedHashMap<>();
        bounds.put("low", interval.low());
        bounds.put("high", interval.high());
        return bounds;
    }

    /** The console table: one block of columns per model set, side by side. */
    public static String table(Report report) {
        Options o = report.options();
        InspectionCounts counts = report.inspections();
        List<Side> sides = new ArrayList<>();
        sides.add(report.models());
        if (report.compare() != null) {
            sides.add(report.compare());
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format("validate: cutoff %s, horizon %s to %s%n", OutputJson.time(o.cutoff()),
                o.horizonText(), OutputJson.time(report.horizonEnd())));
        text.append(String.format("validate: %s: %,d records, %,d rejected, %,d duplicates skipped; %,d inspections in"
                        + " the horizon (inspected and found count inspections, not enterprises)%n",
                Stream.INSPECTIONS.fileName(), counts.records(), counts.rejected(), counts.duplicates(),
                counts.inHorizon()));
        String[] labels = {"[model]", "[compare]"};
        for (int i = 0; i < sides.size(); i++) {
            text.append(String.format("%-9s %s; replay in %s%n", labels[i], sides.get(i).set().describe(),
                    sides.get(i).replay()));
        }
        text.append('\n');
        row(text, "", sides, s -> String.format("%-60s", labels[sides.indexOf(s)]));
        row(text, "class", sides, s -> String.format("%11s %6s %9s %6s %9s  %-13s",
                "enterprises", "share", "inspected", "found", "hit rate", "95 % Wilson"));
        for (RiskClass c : RiskClass.values()) {
            row(text, c.name() + " " + c.color(), sides, s -> classCells(s.result().classes().get(c)));
        }
        row(text, "all", sides, s -> classCells(s.result().total()));
        row(text, "lift A/D", sides, s -> String.format("%-60s", number(s.result().lift(), "%.2f")));
        row(text, "AUC", sides, s -> String.format("%-60s", number(s.result().auc(), "%.3f")));
        row(text, "inspected, not assessed", sides,
                s -> String.format("%-60s", String.format("%,d (left out)", s.result().leftOut())));
        text.append('\n');
        row(text, "warning rule", sides, s -> String.format("%11s %6s %9s %6s %9s  %-13s",
                "warnings", "", "inspected", "found", "precision", "95 % Wilson"));
        for (Warning.Rule rule : Warning.Rule.values()) {
            row(text, rule.name(), sides, s -> {
                Backtest.RuleFigures f = s.result().rules().get(rule);
                return String.format("%,11d %6s %s", f.warnings(), "", rateCells(f.precision()));
            });
        }
        row(text, "follow-ups of other warnings", sides,
                s -> String.format("%-60s", String.format("%,d", s.result().followUpsOfOtherWarnings())));
        return text.toString();
    }

    private static void row(StringBuilder text, String label, List<Side> sides,
            Function<Side, String> cells) {
        StringBuilder line = new StringBuilder(String.format("%-29s", label));
        for (int i = 0; i < sides.size(); i++) {
            line.append(i == 0 ? "" : " | ").append(cells.apply(sides.get(i)));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static String classCells(Backtest.ClassFigures f) {
        return String.format("%,11d %6s %s", f.enterprises(), number(f.share() == null ? null : 100 * f.share(),
                "%.1f%%"), rateCells(f.hits()));
    }

    private static String rateCells(Backtest.Rate rate) {
        Wilson.Interval i = rate.interval95();
        return String.format("%,9d %,6d %9s  %-13s", rate.inspected(), rate.found(),
                number(rate.rate() == null ? null : 100 * rate.rate(), "%.1f%%"),
                i == null ? "-" : String.format("%.1f–%.1f%%", 100 * i.low(), 100 * i.high()));
    }

    private static String number(Double value, String format) {
        return value == null ? "-" : String.format(format, value);
    }
}
