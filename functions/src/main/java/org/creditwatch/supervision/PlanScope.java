package org.creditwatch.supervision;

import java.util.Set;

/**
 * Which enterprises a plan draws from (spec §10): ACTIVE ones in any of the regions, any of the industry sections
 * (the first letter of the industry code) and holding any of the tags; an empty set does not restrict.
 */
public record PlanScope(Set<String> regions, Set<String> industrySections, Set<String> tags) {
    public static final PlanScope EVERYTHING = new PlanScope(Set.of(), Set.of(), Set.of());

    public PlanScope {
        regions = Set.copyOf(regions);
        industrySections = Set.copyOf(industrySections);
        tags = Set.copyOf(tags);
    }

    public boolean includes(EnterpriseSnapshot e) {
        return EnterpriseSnapshot.ACTIVE.equals(e.status())
                && (regions.isEmpty() || e.regionCode() != null && regions.contains(e.regionCode()))
                && (industrySections.isEmpty()
                        || e.industrySection() != null && industrySections.contains(e.industrySection()))
                && (tags.isEmpty() || e.tags().stream().anyMatch(tags::contains));
    }
}
