package org.creditwatch.supervision;

import java.util.List;
import org.creditwatch.model.RiskClass;

/**
 * An enterprise as a spot-check plan sees it: its latest assessment at the plan's as-of instant (spec §10).
 *
 * @param status {@code ACTIVE} or {@code DEREGISTERED}, as the assessment says
 */
public record EnterpriseSnapshot(String creditCode, String name, String regionCode, String industry,
        List<String> tags, String status, RiskClass riskClass, double score, String model) {
    public static final String ACTIVE = "ACTIVE";

    public EnterpriseSnapshot {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The industry section: the first letter of the GB/T 4754 code, or null when the industry is unknown. */
    public String industrySection() {
        return industry == null || industry.isEmpty() ? null : industry.substring(0, 1);
    }
}
