package org.creditwatch.flink;

import java.util.EnumMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The job's counts. Each is kept twice: as a Flink metric, for a running job (the Prometheus reporter on a cluster,
 * spec §14), and as an accumulator of the same name, which replay's summary reads when the job ends.
 */
public final class Counters {
    private Counters() {}

    public static final String RECORDS = "records";
    public static final String REJECTED = "rejected";
    public static final String AFTER_AS_OF = "afterAsOf";
    public static final String APPLIED = "applied";
    public static final String DUPLICATES = "duplicates";
    public static final String LATE = "late";
    public static final String ASSESSMENTS = "assessments";
    public static final String WARNINGS = "warnings";
    public static final String OUTCOMES = "outcomes";
    public static final String MODEL_SETS_APPLIED = "modelSetsApplied";
    public static final String MODEL_SETS_REJECTED = "modelSetsRejected";
    /** Replay's measure of state (the benchmark's bytes per enterprise); live, RocksDB's own metrics say it. */
    public static final String STATE_BYTES = "stateBytes";
    public static final String ENTERPRISES_IN_STATE = "enterprisesInState";

    /** One count, as metric and accumulator. */
    public static final class Count {
        private final LongCounter total;
        private final Counter metric;

        private Count(LongCounter total, Counter metric) {
            this.total = total;
            this.metric = metric;
        }

        public void add(long n) {
            total.add(n);
            metric.inc(n);
        }
    }

    public static Count count(RuntimeContext context, String name) {
        return new Count(context.getLongCounter(name), context.getMetricGroup().counter(name));
    }

    /** A metric per value of an enum (reject reasons, warning rules), as the metric group's {@code key} variable. */
    public static <E extends Enum<E>> EnumMap<E, Counter> byKind(MetricGroup group, Class<E> kinds, String key,
            String name) {
        EnumMap<E, Counter> counters = new EnumMap<>(kinds);
        for (E kind : kinds.getEnumConstants()) {
            counters.put(kind, group.addGroup(key, kind.name()).counter(name));
        }
        return counters;
    }
}
