package org.creditwatch.supervision;

import java.util.Set;

/**
 * One inspector of the roster (执法检查人员名录库, spec §10).
 *
 * @param regions division codes the inspector may work in; empty means every region
 * @param excludes credit codes the inspector must not inspect (回避), upper case
 */
public record Inspector(String inspectorId, String name, Set<String> regions, Set<String> excludes) {
    public Inspector {
        regions = Set.copyOf(regions);
        excludes = Set.copyOf(excludes);
    }

    /** Whether the inspector may inspect the enterprise: its region is allowed and it is not excluded. */
    public boolean mayInspect(EnterpriseSnapshot enterprise) {
        return (regions.isEmpty() || enterprise.regionCode() != null && regions.contains(enterprise.regionCode()))
                && !excludes.contains(enterprise.creditCode());
    }
}
