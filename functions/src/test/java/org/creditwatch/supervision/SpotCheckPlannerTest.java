package org.creditwatch.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.creditwatch.model.RiskClass;
import org.junit.jupiter.api.Test;

/**
 * The draw and the assignment of spec §10. Every expected key, order and team was computed outside Java (Python's
 * hashlib, checked with {@code printf '...' | sha256sum}), not by the code under test.
 */
class SpotCheckPlannerTest {
    private static final String SEED = "2026-Q3";
    private static final String PLAN = "P-150102-01";

    private static final EnterpriseSnapshot E1 = enterprise("91150102MA00000017", RiskClass.A, "150102");
    private static final EnterpriseSnapshot E2 = enterprise("91150102MA0000002A", RiskClass.A, "150102");
    private static final EnterpriseSnapshot E3 = enterprise("91150102MA0000003D", RiskClass.B, "150102");
    private static final EnterpriseSnapshot E4 = enterprise("91150103MA0000004Y", RiskClass.C, "150103");
    private static final EnterpriseSnapshot E5 = enterprise("91150105MA0000005Y", RiskClass.C, "150105");
    private static final EnterpriseSnapshot E6 = enterprise("91150105MA00000062", RiskClass.C, "150105");
    private static final List<EnterpriseSnapshot> POPULATION = List.of(E1, E2, E3, E4, E5, E6);

    private static final Inspector I1 = inspector("i1", Set.of(), Set.of());
    private static final Inspector I2 = inspector("i2", Set.of("150102"), Set.of());
    private static final Inspector I3 = inspector("i3", Set.of(), Set.of(E3.creditCode()));
    private static final Inspector I4 = inspector("i4", Set.of("150105"), Set.of());
    private static final Inspector I5 = inspector("i5", Set.of("150104"), Set.of());
    private static final List<Inspector> ROSTER = List.of(I1, I2, I3, I4, I5);

    /** A 2 → 1, B 1 → 1, C 3 → ceil(1.02) = 2, D empty → 0. */
    private static final Ratios RATIOS = Ratios.parse("A=0.5,B=1,C=0.34,D=0.02");

    @Test
    void drawKeyIsTheHexSha256OfSeedPlanAndCode() {
        // printf '2026-Q3|P-150102-01|91150102MA00000017' | sha256sum
        assertThat(SpotCheckPlanner.drawKey(SEED, PLAN, E1.creditCode()))
                .isEqualTo("a0aea6a597219830838b5cf0d3efcf6f57ca8fb73ef5eca6e21f3989caf16140");
        assertThat(SpotCheckPlanner.drawKey(SEED, PLAN, E3.creditCode()))
                .isEqualTo("3023b2bc0e4745b0682388d82741bff11108a1efd7db9c26ca19a71ed0fd096c");
    }

    @Test
    void eachStratumDrawsItsSmallestKeysAndThePlanIsInDrawKeyOrder() {
        SpotCheckPlan plan = SpotCheckPlanner.draw(PLAN, SEED, POPULATION, RATIOS, ROSTER, 2);

        // keys: E1 a0ae…, E2 c95e…, E3 3023…, E4 7991…, E5 6f95…, E6 7635…
        // A: E1 < E2 → E1; B: E3; C: E5 < E6 < E4 → E5, E6; all four by key: E3, E5, E6, E1
        assertThat(plan.drawn()).extracting(d -> d.enterprise().creditCode())
                .containsExactly(E3.creditCode(), E5.creditCode(), E6.creditCode(), E1.creditCode());
        assertThat(plan.drawn()).extracting(SpotCheckPlan.Drawn::drawKey).containsExactly(
                "3023b2bc0e4745b0682388d82741bff11108a1efd7db9c26ca19a71ed0fd096c",
                "6f95d73ad349405d58c5defddb88dd228a66347e7cdc5f24c03345aa3d6b41da",
                "763553beeafcb07ff9bccfcf1335feaa1bddfd052e4b006cf012c6840bb01eb5",
                "a0aea6a597219830838b5cf0d3efcf6f57ca8fb73ef5eca6e21f3989caf16140");
        assertThat(plan.strata().get(RiskClass.A)).isEqualTo(new SpotCheckPlan.Stratum(2, new BigDecimal("0.5"), 1));
        assertThat(plan.strata().get(RiskClass.B)).isEqualTo(new SpotCheckPlan.Stratum(1, new BigDecimal("1"), 1));
        assertThat(plan.strata().get(RiskClass.C)).isEqualTo(new SpotCheckPlan.Stratum(3, new BigDecimal("0.34"), 2));
        assertThat(plan.strata().get(RiskClass.D)).isEqualTo(new SpotCheckPlan.Stratum(0, new BigDecimal("0.02"), 0));
        assertThat(plan.population()).isEqualTo(6);
    }

    @Test
    void inspectorsByFewestAssignmentsThenSmallestTieBreakKeyWithinRegionsAndRecusal() {
        SpotCheckPlan plan = SpotCheckPlanner.draw(PLAN, SEED, POPULATION, RATIOS, ROSTER, 2);

        // E3 (150102): i1, i2 eligible (i3 recused, i4 and i5 elsewhere), both load 0: i2 ab9d… < i1 ef8d…
        // E5 (150105): i1 load 1, i3 and i4 load 0: i3 2407… < i4 337a…
        // E6 (150105): i1, i3, i4 all load 1: i3 1f50… < i1 2dda… < i4 b551…
        // E1 (150102): i2 load 1 before i1 and i3 at load 2 (i3 0c44… < i1 628f…)
        assertThat(plan.drawn()).extracting(SpotCheckPlan.Drawn::inspectors).containsExactly(
                List.of("i2", "i1"), List.of("i3", "i4"), List.of("i3", "i1"), List.of("i2", "i3"));
        assertThat(plan.unassigned()).isEmpty();
    }

    @Test
    void tooFewEligibleInspectorsLeavesTheEnterpriseInThePlanUnassignedWithoutTakingLoad() {
        Ratios all = Ratios.parse("A=1,B=1,C=1,D=1");
        SpotCheckPlan plan = SpotCheckPlanner.draw(PLAN, SEED, List.of(E1, E3), all, List.of(I1, I3), 2);

        // E3 first (3023… < a0ae…): only i1 may inspect it (i3 recused), so it gets nobody; E1 then finds i1 and i3
        // both at load 0 and takes them in tie-break order i3 0c44… < i1 628f….
        assertThat(plan.drawn()).extracting(d -> d.enterprise().creditCode())
                .containsExactly(E3.creditCode(), E1.creditCode());
        assertThat(plan.drawn()).extracting(SpotCheckPlan.Drawn::inspectors)
                .containsExactly(List.of(), List.of("i3", "i1"));
        assertThat(plan.unassigned()).containsExactly(new SpotCheckPlan.Unassigned(E3.creditCode(),
                SpotCheckPlanner.TOO_FEW_ELIGIBLE_INSPECTORS, 1, 2));

        SpotCheckPlan single = SpotCheckPlanner.draw(PLAN, SEED, List.of(E1, E3), all, List.of(I1, I3), 1);
        // one officer each: E3 gets its only eligible i1; E1 then prefers i3 (load 0) to i1 (load 1)
        assertThat(single.drawn()).extracting(SpotCheckPlan.Drawn::inspectors)
                .containsExactly(List.of("i1"), List.of("i3"));
        assertThat(single.unassigned()).isEmpty();

        SpotCheckPlan nobody = SpotCheckPlanner.draw(PLAN, SEED, List.of(E1), all, List.of(), 2);
        assertThat(nobody.unassigned()).containsExactly(new SpotCheckPlan.Unassigned(E1.creditCode(),
                SpotCheckPlanner.TOO_FEW_ELIGIBLE_INSPECTORS, 0, 2));
    }

    @Test
    void populationDigestIsTheSha256OfSortedCodeClassLines() {
        // printf '91150102MA00000017|A\n91150102MA0000002A|A\n91150102MA0000003D|B\n91150103MA0000004Y|C\n
        //         91150105MA0000005Y|C\n91150105MA00000062|C' | sha256sum   (one line each, no final newline)
        String expected = "161879fe764e4532a1561b171406c586981f941550a5314d80292757f0e4328a";
        assertThat(SpotCheckPlanner.draw(PLAN, SEED, POPULATION, RATIOS, ROSTER, 2).populationDigest())
                .isEqualTo(expected);
        List<EnterpriseSnapshot> reversed = new ArrayList<>(POPULATION);
        Collections.reverse(reversed);
        assertThat(SpotCheckPlanner.populationDigest(reversed)).isEqualTo(expected);
    }

    @Test
    void anEmptyPopulationIsAPlanWithNothingDrawn() {
        SpotCheckPlan plan = SpotCheckPlanner.draw(PLAN, SEED, List.of(), Ratios.DEFAULT, ROSTER, 2);
        assertThat(plan.drawn()).isEmpty();
        assertThat(plan.unassigned()).isEmpty();
        assertThat(plan.strata().keySet()).containsExactly(RiskClass.A, RiskClass.B, RiskClass.C, RiskClass.D);
        assertThat(plan.strata().values()).allSatisfy(s -> assertThat(s.drawn()).isZero());
        // printf '' | sha256sum
        assertThat(plan.populationDigest())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void theDrawDoesNotDependOnTheOrderOfPopulationOrRoster() {
        SpotCheckPlan reference = SpotCheckPlanner.draw(PLAN, SEED, POPULATION, RATIOS, ROSTER, 2);
        Random random = new Random(11);
        for (int i = 0; i < 20; i++) {
            List<EnterpriseSnapshot> population = new ArrayList<>(POPULATION);
            List<Inspector> roster = new ArrayList<>(ROSTER);
            Collections.shuffle(population, random);
            Collections.shuffle(roster, random);
            assertThat(SpotCheckPlanner.draw(PLAN, SEED, population, RATIOS, roster, 2)).isEqualTo(reference);
        }
    }

    @Test
    void anotherSeedOrPlanIdDrawsOtherKeys() {
        assertThat(SpotCheckPlanner.drawKey("other", PLAN, E1.creditCode()))
                .isNotEqualTo(SpotCheckPlanner.drawKey(SEED, PLAN, E1.creditCode()));
        assertThat(SpotCheckPlanner.drawKey(SEED, "P-2", E1.creditCode()))
                .isNotEqualTo(SpotCheckPlanner.drawKey(SEED, PLAN, E1.creditCode()));
    }

    @Test
    void aCreditCodeTwiceInThePopulationIsRefused() {
        assertThatThrownBy(() -> SpotCheckPlanner.draw(PLAN, SEED, List.of(E1, E1), RATIOS, ROSTER, 2))
                .isInstanceOf(PlanException.class).hasMessageContaining(E1.creditCode());
    }

    @Test
    void theScopeKeepsActiveEnterprisesOfTheRegionsSectionsAndTags() {
        EnterpriseSnapshot food = new EnterpriseSnapshot("91150102MA00000017", "n", "150102", "F5292",
                List.of("ONLINE_FOOD"), EnterpriseSnapshot.ACTIVE, RiskClass.A, 61, "online-food-v1");
        EnterpriseSnapshot gone = new EnterpriseSnapshot("91150102MA0000002A", "n", "150102", "F5292",
                List.of("ONLINE_FOOD"), "DEREGISTERED", RiskClass.A, 61, "online-food-v1");
        EnterpriseSnapshot unknownIndustry = new EnterpriseSnapshot("91150102MA0000003D", "n", "150102", null,
                List.of(), EnterpriseSnapshot.ACTIVE, RiskClass.D, 0, "base-v1");
        assertThat(PlanScope.EVERYTHING.includes(food)).isTrue();
        assertThat(PlanScope.EVERYTHING.includes(gone)).isFalse();
        assertThat(PlanScope.EVERYTHING.includes(unknownIndustry)).isTrue();
        assertThat(new PlanScope(Set.of("150102", "150103"), Set.of("F", "H"), Set.of("ONLINE_FOOD")).includes(food))
                .isTrue();
        assertThat(new PlanScope(Set.of("150103"), Set.of(), Set.of()).includes(food)).isFalse();
        assertThat(new PlanScope(Set.of(), Set.of("H"), Set.of()).includes(food)).isFalse();
        assertThat(new PlanScope(Set.of(), Set.of("F"), Set.of()).includes(unknownIndustry)).isFalse();
        assertThat(new PlanScope(Set.of(), Set.of(), Set.of("OTHER")).includes(food)).isFalse();
        assertThat(new PlanScope(Set.of(), Set.of(), Set.of("ONLINE_FOOD")).includes(unknownIndustry)).isFalse();
    }

    private static EnterpriseSnapshot enterprise(String code, RiskClass riskClass, String region) {
        return new EnterpriseSnapshot(code, "企业 " + code, region, "F5292", List.of(), EnterpriseSnapshot.ACTIVE,
                riskClass, 10, "base-v1");
    }

    private static Inspector inspector(String id, Set<String> regions, Set<String> excludes) {
        return new Inspector(id, "检查员 " + id, regions, excludes);
    }
}
