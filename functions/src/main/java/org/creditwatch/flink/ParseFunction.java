package org.creditwatch.flink;

import java.util.EnumMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.RejectReason;
import org.creditwatch.domain.Stream;

/**
 * Parses and validates the raw messages of one stream. Rejects go to the {@link CreditwatchState#REJECTS} side
 * output; records reported after the horizon (replay's as-of instant) are counted and left out.
 */
public class ParseFunction extends ProcessFunction<String, EnterpriseRecord> {
    private static final long serialVersionUID = 1L;

    private final Stream stream;
    private final long horizon;
    private final long maxClockSkewMs;
    private final Long readAt;
    private transient RecordParser parser;
    private transient Counters.Count records;
    private transient Counters.Count rejected;
    private transient Counters.Count afterAsOf;
    private transient EnumMap<RejectReason, Counter> rejectedByReason;

    /**
     * @param maxClockSkewMs how far {@code reportedAt} may lie ahead of the reading clock (spec §3.6)
     * @param readAt the reading clock of a replay, fixed when it starts (so that its as-of scan agrees); null live,
     *     where each message is judged by the clock when it is read
     */
    public ParseFunction(Stream stream, long horizon, long maxClockSkewMs, Long readAt) {
        this.stream = stream;
        this.horizon = horizon;
        this.maxClockSkewMs = maxClockSkewMs;
        this.readAt = readAt;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new RecordParser(maxClockSkewMs);
        records = Counters.count(getRuntimeContext(), Counters.RECORDS);
        rejected = Counters.count(getRuntimeContext(), Counters.REJECTED);
        afterAsOf = Counters.count(getRuntimeContext(), Counters.AFTER_AS_OF);
        rejectedByReason = Counters.byKind(getRuntimeContext().getMetricGroup(), RejectReason.class, "reason",
                Counters.REJECTED);
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<EnterpriseRecord> out) {
        if (raw.isBlank()) {
            return;
        }
        records.add(1);
        RecordParser.Result result = parser.parse(stream, raw, readAt != null ? readAt : System.currentTimeMillis());
        if (result.reject != null) {
            rejected.add(1);
            rejectedByReason.get(result.reject.reason).inc();
            ctx.output(CreditwatchState.REJECTS, result.reject);
        } else if (result.record.reportedAt > horizon) {
            afterAsOf.add(1);
        } else {
            out.collect(result.record);
        }
    }
}
