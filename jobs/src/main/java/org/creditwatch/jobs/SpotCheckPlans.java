package org.creditwatch.jobs;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.creditwatch.io.OutputJson;
import org.creditwatch.io.PlanPopulation;
import org.creditwatch.io.elasticsearch.ElasticsearchClients;
import org.creditwatch.io.elasticsearch.ElasticsearchConfig;
import org.creditwatch.io.elasticsearch.ElasticsearchIndices;
import org.creditwatch.io.elasticsearch.ElasticsearchPlans;
import org.creditwatch.model.RiskClass;
import org.creditwatch.supervision.EnterpriseSnapshot;
import org.creditwatch.supervision.Inspector;
import org.creditwatch.supervision.PlanException;
import org.creditwatch.supervision.PlanScope;
import org.creditwatch.supervision.Ratios;
import org.creditwatch.supervision.Roster;
import org.creditwatch.supervision.SpotCheckPlan;
import org.creditwatch.supervision.SpotCheckPlanner;

/**
 * {@code creditwatch plan} (spec §10): reads the population from a replay's output or the live index, draws the
 * plan, and writes {@code plan.jsonl}, {@code plan-public.csv} and {@code plan-summary.json}; from the live index it
 * also records the plan in {@code cw-spot-check-plans}. A refused plan writes nothing: the files are written aside
 * and moved into place only once the plan is recorded.
 */
public final class SpotCheckPlans {
    public static final String PLAN = "plan.jsonl";
    public static final String PUBLIC = "plan-public.csv";
    private static final String FORMULA_START = "=+-@\t\r";
    public static final String SUMMARY = "plan-summary.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpotCheckPlans() {}

    /**
     * @param fromReplay a replay's output directory, or null
     * @param elasticsearch the live cluster, or null (exactly one of the two sources is given)
     * @param asOf epoch milliseconds, or null for now (live) or the replay's as-of
     */
    public record Options(String planId, String seed, Path inspectors, Path output, Path fromReplay,
            ElasticsearchConfig elasticsearch, Long asOf, PlanScope scope, Ratios ratios, int perEnterprise) {}

    public static SpotCheckPlan run(Options options, PrintStream out) throws IOException {
        List<Inspector> roster = Roster.read(options.inspectors());
        if (options.elasticsearch() == null) {
            Long asOf = options.asOf() != null ? options.asOf() : replayAsOf(options.fromReplay());
            PlanPopulation population = replayPopulation(options.fromReplay(), asOf);
            if (asOf == null && population.newestAssessedAt() != Long.MIN_VALUE) {
                asOf = population.newestAssessedAt();
            }
            SpotCheckPlan plan = draw(options, population, roster);
            write(options, plan, asOf, () -> {});
            report(options, plan, asOf, out);
            return plan;
        }
        String prefix = options.elasticsearch().indexPrefix();
        try (ElasticsearchClient client = ElasticsearchClients.create(options.elasticsearch())) {
            ElasticsearchPlans.requireUnused(client, prefix, options.planId());
            long now = System.currentTimeMillis();
            long asOf = options.asOf() != null ? options.asOf() : now;
            SpotCheckPlan plan = draw(options, ElasticsearchPlans.population(client, prefix, options.asOf()), roster);
            List<ElasticsearchPlans.Document> documents = plan.drawn().stream()
                    .map(d -> new ElasticsearchPlans.Document(d.enterprise().creditCode(),
                            document(plan, d, asOf, now)))
                    .toList();
            write(options, plan, asOf, () -> ElasticsearchPlans.record(client, prefix, plan.planId(), documents));
            report(options, plan, asOf, out);
            out.println("plan: " + documents.size() + " documents in " + prefix + ElasticsearchIndices.SPOT_CHECK_PLANS);
            return plan;
        }
    }

    private static SpotCheckPlan draw(Options options, PlanPopulation population, List<Inspector> roster) {
        List<EnterpriseSnapshot> inScope = population.enterprises().stream().filter(options.scope()::includes).toList();
        return SpotCheckPlanner.draw(options.planId(), options.seed(), inScope, options.ratios(), roster,
                options.perEnterprise());
    }

    private static PlanPopulation replayPopulation(Path dir, Long asOf) {
        Path assessments = dir.resolve(Replay.ASSESSMENTS);
        if (!Files.isRegularFile(assessments)) {
            throw new PlanException("--from-replay: " + dir + " holds no " + Replay.ASSESSMENTS);
        }
        PlanPopulation population = new PlanPopulation(asOf);
        population.addJsonLines(assessments);
        return population;
    }

    /** The replay's as-of from its summary.json, or null when it has none (then the newest assessment stands). */
    private static Long replayAsOf(Path dir) {
        Path summary = dir.resolve(Replay.SUMMARY);
        if (Files.isRegularFile(summary)) {
            JsonNode asOf;
            try {
                asOf = JSON.readTree(summary.toFile()).get("asOf");
            } catch (IOException e) {
                throw new PlanException(summary + ": not readable JSON (" + e.getMessage() + ")");
            }
            if (asOf != null && asOf.isTextual()) {
                try {
                    return OffsetDateTime.parse(asOf.asText()).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw new PlanException(summary + ": asOf '" + asOf.asText() + "' is not an ISO-8601 instant");
                }
            }
        }
        return null;
    }

    private interface Recording {
        void record() throws IOException;
    }

    /** Writes the three files aside in the output directory, records the plan, then moves the files into place. */
    private static void write(Options options, SpotCheckPlan plan, Long asOf, Recording recording) throws IOException {
        boolean created = !Files.exists(options.output());
        Files.createDirectories(options.output());
        Path aside = Files.createTempDirectory(options.output(), ".plan-");
        boolean written = false;
        try {
            try (Writer w = Files.newBufferedWriter(aside.resolve(PLAN), StandardCharsets.UTF_8)) {
                for (SpotCheckPlan.Drawn d : plan.drawn()) {
                    w.write(JSON.writeValueAsString(planLine(plan, d)));
                    w.write('\n');
                }
            }
            try (Writer w = Files.newBufferedWriter(aside.resolve(PUBLIC), StandardCharsets.UTF_8)) {
                w.write("planId,creditCode,name,regionCode,inspectors\n");
                for (SpotCheckPlan.Drawn d : plan.drawn()) {
                    w.write(String.join(",", csv(plan.planId()), csv(d.enterprise().creditCode()),
                            csv(d.enterprise().name()), csv(d.enterprise().regionCode()),
                            csv(String.join(";", d.inspectors()))));
                    w.write('\n');
                }
            }
            JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(aside.resolve(SUMMARY).toFile(), summary(options, plan, asOf));
            recording.record();
            for (String name : List.of(PLAN, PUBLIC, SUMMARY)) {
                Files.move(aside.resolve(name), options.output().resolve(name), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            written = true;
        } finally {
            try (Stream<Path> files = Files.walk(aside)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            if (created && !written) {
                Files.deleteIfExists(options.output());
            }
        }
    }

    /** A line of plan.jsonl (internal: it shows the class, score and model). */
    static ObjectNode planLine(SpotCheckPlan plan, SpotCheckPlan.Drawn d) {
        EnterpriseSnapshot e = d.enterprise();
        ObjectNode line = JSON.createObjectNode();
        line.put("planId", plan.planId());
        line.put("creditCode", e.creditCode());
        line.put("name", e.name());
        line.put("regionCode", e.regionCode());
        line.put("industry", e.industry());
        line.put("riskClass", e.riskClass().name());
        line.put("score", e.score());
        line.put("model", e.model());
        line.put("drawKey", d.drawKey());
        ArrayNode inspectors = line.putArray("inspectors");
        d.inspectors().forEach(inspectors::add);
        return line;
    }

    /** The cw-spot-check-plans document of a drawn enterprise: its plan line, the seed, as-of and when planned. */
    private static byte[] document(SpotCheckPlan plan, SpotCheckPlan.Drawn d, long asOf, long plannedAt) {
        ObjectNode document = planLine(plan, d);
        document.put("seed", plan.seed());
        document.put("asOf", OutputJson.time(asOf));
        document.put("plannedAt", OutputJson.time(plannedAt));
        try {
            return JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode summary(Options options, SpotCheckPlan plan, Long asOf) {
        ObjectNode summary = JSON.createObjectNode();
        summary.put("planId", plan.planId());
        summary.put("seed", plan.seed());
        summary.put("asOf", asOf == null ? null : OutputJson.time(asOf));
        summary.put("source", options.elasticsearch() != null
                ? String.join(",", options.elasticsearch().urls()) : options.fromReplay().toString());
        ObjectNode scope = summary.putObject("scope");
        sorted(scope.putArray("regions"), options.scope().regions());
        sorted(scope.putArray("industries"), options.scope().industrySections());
        sorted(scope.putArray("tags"), options.scope().tags());
        summary.put("perEnterprise", plan.perEnterprise());
        summary.put("population", plan.population());
        summary.put("drawn", plan.drawn().size());
        ObjectNode strata = summary.putObject("strata");
        for (Map.Entry<RiskClass, SpotCheckPlan.Stratum> s : plan.strata().entrySet()) {
            ObjectNode stratum = strata.putObject(s.getKey().name());
            stratum.put("population", s.getValue().population());
            stratum.put("ratio", s.getValue().ratio());
            stratum.put("drawn", s.getValue().drawn());
        }
        ArrayNode unassigned = summary.putArray("unassigned");
        for (SpotCheckPlan.Unassigned u : plan.unassigned()) {
            unassigned.addObject().put("creditCode", u.creditCode()).put("reason", u.reason())
                    .put("eligible", u.eligible()).put("needed", u.needed());
        }
        summary.put("populationDigest", plan.populationDigest());
        return summary;
    }

    private static void sorted(ArrayNode array, Set<String> values) {
        values.stream().sorted().forEach(array::add);
    }

    /**
     * A CSV cell: quoted when it holds a comma, a quote or a line break. The file is published and opened in
     * spreadsheets, which run a cell that starts like a formula: such a cell (an enterprise may register any name)
     * gets a leading apostrophe, which shows it as text (OWASP, CSV injection).
     */
    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        String cell = !value.isEmpty() && FORMULA_START.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return cell.matches("(?s).*[,\"\r\n].*") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static void report(Options options, SpotCheckPlan plan, Long asOf, PrintStream out) {
        out.printf("plan %s: %d enterprises in scope as of %s (population digest %s)%n", plan.planId(),
                plan.population(), asOf == null ? "-" : OutputJson.time(asOf), plan.populationDigest());
        for (Map.Entry<RiskClass, SpotCheckPlan.Stratum> s : plan.strata().entrySet()) {
            out.printf("  %s %-6s population %7d  ratio %-5s drawn %6d%n", s.getKey(), s.getKey().color(),
                    s.getValue().population(), s.getValue().ratio().toPlainString(), s.getValue().drawn());
        }
        List<String> files = new ArrayList<>();
        for (String name : List.of(PLAN, PUBLIC, SUMMARY)) {
            files.add(options.output().resolve(name).toString());
        }
        out.println("plan: " + plan.drawn().size() + " drawn, " + plan.unassigned().size()
                + " without enough eligible inspectors; wrote " + String.join(", ", files));
    }
}
