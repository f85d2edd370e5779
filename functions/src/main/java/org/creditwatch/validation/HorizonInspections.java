package org.creditwatch.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Enums.InspectionResult;
import org.creditwatch.domain.RecordType;

/**
 * The inspections a backtest judges the classes by: those that occurred in (cutoff, cutoff + horizon], each counted
 * once (spec §11). A repeated {@code eventId} is one inspection; of its copies the first in the engine's apply order
 * counts, as in the engine, so the result never depends on how the input file is ordered.
 */
public final class HorizonInspections {
    private final long cutoff;
    private final long end;
    private final Map<String, EnterpriseRecord> firstCopies = new HashMap<>();
    private long duplicates;

    /** @param horizonMs the length of the horizon, positive */
    public HorizonInspections(long cutoff, long horizonMs) {
        if (horizonMs <= 0) {
            throw new IllegalArgumentException("the horizon must be positive, not " + horizonMs + " ms");
        }
        this.cutoff = cutoff;
        this.end = Math.addExact(cutoff, horizonMs);
    }

    /** Takes one valid inspection record, wherever it occurred: a copy outside the horizon may still be the first. */
    public void add(EnterpriseRecord record) {
        if (record.type != RecordType.INSPECTION) {
            throw new IllegalArgumentException("not an inspection: " + record.type + " " + record.eventId);
        }
        EnterpriseRecord first = firstCopies.putIfAbsent(record.eventId, record);
        if (first != null) {
            duplicates++;
            if (EnterpriseRecord.compareApplyOrder(record, first) < 0) {
                firstCopies.put(record.eventId, record);
            }
        }
    }

    /** Copies of an {@code eventId} already taken, skipped. */
    public long duplicates() {
        return duplicates;
    }

    public long end() {
        return end;
    }

    /** The inspections in the horizon, ordered by credit code, then occurredAt, then eventId. */
    public List<Backtest.Inspection> inHorizon() {
        List<Backtest.Inspection> inside = new ArrayList<>();
        for (EnterpriseRecord r : firstCopies.values()) {
            if (r.occurredAt > cutoff && r.occurredAt <= end) {
                inside.add(new Backtest.Inspection(r.eventId, r.creditCode, r.occurredAt, r.warningId,
                        r.inspectionResult != InspectionResult.PASSED));
            }
        }
        inside.sort(Comparator.comparing(Backtest.Inspection::creditCode)
                .thenComparingLong(Backtest.Inspection::occurredAt).thenComparing(Backtest.Inspection::eventId));
        return inside;
    }
}
