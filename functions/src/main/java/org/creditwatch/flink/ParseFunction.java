package org.creditwatch.flink;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.Stream;

/**
 * Parses and validates the raw messages of one stream. Rejects go to the {@link CreditwatchState#REJECTS} side
 * output; records reported after the horizon (replay's as-of instant) are counted and left out.
 */
public class ParseFunction extends ProcessFunction<String, EnterpriseRecord> {
    private static final long serialVersionUID = 1L;

    private final Stream stream;
    private final long horizon;
    private transient RecordParser parser;
    private transient LongCounter records;
    private transient LongCounter rejected;
    private transient LongCounter afterAsOf;

    public ParseFunction(Stream stream, long horizon) {
        this.stream = stream;
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new RecordParser();
        records = getRuntimeContext().getLongCounter(Counters.RECORDS);
        rejected = getRuntimeContext().getLongCounter(Counters.REJECTED);
        afterAsOf = getRuntimeContext().getLongCounter(Counters.AFTER_AS_OF);
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<EnterpriseRecord> out) {
        if (raw.isBlank()) {
            return;
        }
        records.add(1);
        RecordParser.Result result = parser.parse(stream, raw);
        if (result.reject != null) {
            rejected.add(1);
            ctx.output(CreditwatchState.REJECTS, result.reject);
        } else if (result.record.reportedAt > horizon) {
            afterAsOf.add(1);
        } else {
            out.collect(result.record);
        }
    }
}
