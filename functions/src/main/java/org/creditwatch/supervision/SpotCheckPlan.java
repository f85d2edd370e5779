package org.creditwatch.supervision;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.creditwatch.model.RiskClass;

/**
 * A drawn spot-check plan (spec §10): its strata, the drawn enterprises in draw-key order with their inspectors, the
 * ones left without inspectors, and the digest of the population it was drawn from.
 *
 * @param strata every class, A to D, also when its stratum is empty
 * @param drawn in draw-key order over all strata
 * @param unassigned the drawn enterprises that got no inspectors, in draw-key order (they are in {@code drawn} too)
 * @param populationDigest lowercase hex SHA-256 of the population's {@code CREDITCODE|CLASS} lines, sorted, joined
 *     by {@code \n}
 */
public record SpotCheckPlan(String planId, String seed, int perEnterprise, Map<RiskClass, Stratum> strata,
        List<Drawn> drawn, List<Unassigned> unassigned, int population, String populationDigest) {

    public record Stratum(int population, BigDecimal ratio, int drawn) {}

    /** A drawn enterprise, its draw key and its inspectors' ids (empty when it could not be assigned). */
    public record Drawn(EnterpriseSnapshot enterprise, String drawKey, List<String> inspectors) {}

    /** A drawn enterprise without inspectors: fewer eligible inspectors than the plan puts on each enterprise. */
    public record Unassigned(String creditCode, String reason, int eligible, int needed) {}
}
