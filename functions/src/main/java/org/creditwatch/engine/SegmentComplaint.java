package org.creditwatch.engine;

/**
 * A complaint applied to an enterprise, as its segment (region × industry section) sees it: the input of the
 * segment spike rule, which needs the enterprise's region and industry that only the enterprise's state knows.
 */
public class SegmentComplaint {
    public String segment;
    public String regionCode;
    public String industrySection;
    public String eventId;
    public long occurredAt;
    /** The enterprise's clock when the complaint was applied: the order in which segments apply complaints. */
    public long appliedAt;

    public SegmentComplaint() {}

    public static String segmentOf(String regionCode, String industrySection) {
        return regionCode + "|" + industrySection;
    }
}
