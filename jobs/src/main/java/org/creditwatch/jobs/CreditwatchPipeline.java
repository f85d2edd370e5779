package org.creditwatch.jobs;

import java.util.Map;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.Stream;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.Warning;
import org.creditwatch.flink.CreditwatchState;
import org.creditwatch.flink.EnterpriseRiskFunction;
import org.creditwatch.flink.ParseFunction;
import org.creditwatch.flink.QuietStreamOperator;
import org.creditwatch.flink.SegmentSpikeFunction;
import org.creditwatch.model.ModelSet;

/**
 * The one creditwatch pipeline: raw messages of each stream in, parsed and validated, keyed by credit code and
 * scored; assessments, warnings and rejects out. Replay, the live job and the tests differ only in the sources and sinks
 * they hand in.
 */
public final class CreditwatchPipeline {
    private CreditwatchPipeline() {}

    /** The raw messages of each input stream; a stream with no source is empty. */
    public interface Sources {
        Map<Stream, DataStream<String>> attach(StreamExecutionEnvironment env);
    }

    /** Where the results go. */
    public interface Sinks {
        void assessments(DataStream<Assessment> assessments);

        void warnings(DataStream<Warning> warnings);

        void rejects(DataStream<Reject> rejects);
    }

    /** The valid records of every input stream, and the rejects. */
    public record Parsed(DataStream<EnterpriseRecord> records, DataStream<Reject> rejects) {}

    /** The first step: each stream's raw messages parsed and validated, records after the horizon left out. */
    public static Parsed parse(StreamExecutionEnvironment env, Sources sources, long horizon) {
        Map<Stream, DataStream<String>> raw = sources.attach(env);
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("the pipeline needs at least one input stream");
        }
        DataStream<EnterpriseRecord> records = null;
        DataStream<Reject> rejects = null;
        for (Stream stream : Stream.values()) {
            DataStream<String> messages = raw.get(stream);
            if (messages == null) {
                continue;
            }
            String name = stream.fileName().replace(".jsonl", "");
            SingleOutputStreamOperator<EnterpriseRecord> parsed = messages
                    .process(new ParseFunction(stream, horizon), CreditwatchState.RECORD_TYPE)
                    .uid("parse-" + name)
                    .name("Parse " + stream.topic());
            DataStream<Reject> streamRejects = parsed.getSideOutput(CreditwatchState.REJECTS);
            records = records == null ? parsed : records.union(parsed);
            rejects = rejects == null ? streamRejects : rejects.union(streamRejects);
        }
        return new Parsed(records, rejects);
    }

    /**
     * @param quietAfter live: how long without records before the watermark moves up to the newest
     *     {@code reportedAt}; null for bounded input only (replay), whose files give no watermark until the end of
     *     input, so that every record is applied in order: every key then wakes once, at the end
     * @param horizon no record reported and no timer due after this instant is applied (replay's as-of)
     */
    public static void build(StreamExecutionEnvironment env, Sources sources, Sinks sinks, Duration quietAfter,
            ModelSet models, long horizon) {
        Parsed parsed = parse(env, sources, horizon);
        DataStream<EnterpriseRecord> records = parsed.records();
        if (quietAfter != null) {
            records = records.transform("Quiet stream watermark", CreditwatchState.RECORD_TYPE,
                    new QuietStreamOperator(quietAfter)).setParallelism(1).uid("quiet-stream-watermark");
        }
        boolean boundedInput = quietAfter == null;
        SingleOutputStreamOperator<Assessment> assessments = records
                .keyBy(r -> r.creditCode)
                .process(new EnterpriseRiskFunction(models, horizon, boundedInput))
                .uid("enterprise-risk")
                .name("Enterprise risk");
        DataStream<Warning> segmentWarnings = assessments.getSideOutput(CreditwatchState.SEGMENT_COMPLAINTS)
                .keyBy(c -> c.segment)
                .process(new SegmentSpikeFunction(models.defaultModel().warnings, horizon, boundedInput))
                .uid("segment-spikes")
                .name("Segment complaint spikes");
        sinks.assessments(assessments);
        sinks.warnings(assessments.getSideOutput(CreditwatchState.WARNINGS).union(segmentWarnings));
        sinks.rejects(parsed.rejects());
    }
}
