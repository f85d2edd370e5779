package org.creditwatch.supervision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.creditwatch.domain.Digests;
import org.creditwatch.model.RiskClass;

/**
 * Draws a "double random" spot-check plan (双随机, spec §10): random subjects by draw key within each class, random
 * inspectors by load and then by key. Everything depends only on the population, the seed, the plan id and the
 * roster, never on the order they come in, so that anyone holding the same snapshot can repeat and audit the draw.
 */
public final class SpotCheckPlanner {
    public static final String TOO_FEW_ELIGIBLE_INSPECTORS = "TOO_FEW_ELIGIBLE_INSPECTORS";

    private SpotCheckPlanner() {}

    /**
     * @param population the enterprises in scope (already filtered by {@link PlanScope}), one per credit code
     * @param roster the inspectors, one per id
     * @param perEnterprise how many inspectors each drawn enterprise gets
     */
    public static SpotCheckPlan draw(String planId, String seed, List<EnterpriseSnapshot> population, Ratios ratios,
            List<Inspector> roster, int perEnterprise) {
        if (perEnterprise < 1) {
            throw new PlanException("--per-enterprise must be at least 1, not " + perEnterprise);
        }
        Map<RiskClass, List<Keyed>> strata = new EnumMap<>(RiskClass.class);
        for (RiskClass riskClass : RiskClass.values()) {
            strata.put(riskClass, new ArrayList<>());
        }
        Set<String> codes = new HashSet<>();
        for (EnterpriseSnapshot e : population) {
            if (!codes.add(e.creditCode())) {
                throw new PlanException("the population holds credit code " + e.creditCode() + " twice");
            }
            strata.get(e.riskClass()).add(new Keyed(e, drawKey(seed, planId, e.creditCode())));
        }

        Map<RiskClass, SpotCheckPlan.Stratum> summary = new EnumMap<>(RiskClass.class);
        List<Keyed> drawn = new ArrayList<>();
        for (Map.Entry<RiskClass, List<Keyed>> stratum : strata.entrySet()) {
            List<Keyed> members = stratum.getValue();
            members.sort(Comparator.comparing(Keyed::key));
            int n = ratios.drawnOf(stratum.getKey(), members.size());
            drawn.addAll(members.subList(0, n));
            summary.put(stratum.getKey(), new SpotCheckPlan.Stratum(members.size(), ratios.of(stratum.getKey()), n));
        }
        drawn.sort(Comparator.comparing(Keyed::key));

        Map<String, Integer> load = new HashMap<>();
        List<SpotCheckPlan.Drawn> assigned = new ArrayList<>();
        List<SpotCheckPlan.Unassigned> unassigned = new ArrayList<>();
        for (Keyed k : drawn) {
            String code = k.enterprise().creditCode();
            List<Inspector> eligible = roster.stream().filter(i -> i.mayInspect(k.enterprise())).toList();
            if (eligible.size() < perEnterprise) {
                // A partial team would be no lawful check (two officers are required): none is assigned, and the
                // enterprise stays in the plan, listed with the reason.
                unassigned.add(new SpotCheckPlan.Unassigned(code, TOO_FEW_ELIGIBLE_INSPECTORS, eligible.size(),
                        perEnterprise));
                assigned.add(new SpotCheckPlan.Drawn(k.enterprise(), k.key(), List.of()));
                continue;
            }
            List<String> team = eligible.stream()
                    .map(i -> new Candidate(i.inspectorId(), load.getOrDefault(i.inspectorId(), 0),
                            Digests.sha256Hex(seed + "|" + planId + "|" + code + "|" + i.inspectorId())))
                    .sorted(Comparator.comparingInt(Candidate::load).thenComparing(Candidate::tieBreak))
                    .limit(perEnterprise)
                    .map(Candidate::inspectorId)
                    .toList();
            team.forEach(id -> load.merge(id, 1, Integer::sum));
            assigned.add(new SpotCheckPlan.Drawn(k.enterprise(), k.key(), team));
        }
        return new SpotCheckPlan(planId, seed, perEnterprise, summary, assigned, unassigned, population.size(),
                populationDigest(population));
    }

    /** The lowercase hex SHA-256 of the UTF-8 text {@code SEED|ID|CREDITCODE}. */
    public static String drawKey(String seed, String planId, String creditCode) {
        return Digests.sha256Hex(seed + "|" + planId + "|" + creditCode);
    }

    /** SHA-256 of the population's {@code CREDITCODE|CLASS} lines, sorted, joined by {@code \n}. */
    public static String populationDigest(List<EnterpriseSnapshot> population) {
        return Digests.sha256Hex(String.join("\n",
                population.stream().map(e -> e.creditCode() + "|" + e.riskClass()).sorted().toList()));
    }

    private record Keyed(EnterpriseSnapshot enterprise, String key) {}

    private record Candidate(String inspectorId, int load, String tieBreak) {}
}
