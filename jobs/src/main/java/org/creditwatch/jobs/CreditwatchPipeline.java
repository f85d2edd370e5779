package org.creditwatch.jobs;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.Stream;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.engine.Warning;
import org.creditwatch.flink.CreditwatchState;
import org.creditwatch.flink.EnterpriseRiskOperator;
import org.creditwatch.flink.ModelChangeFunction;
import org.creditwatch.flink.ParseFunction;
import org.creditwatch.flink.QuietStreamOperator;
import org.creditwatch.flink.SegmentSpikeFunction;
import org.creditwatch.model.ModelSet;

/**
 * The one creditwatch pipeline: raw messages of each stream in, parsed and validated, keyed by credit code and
 * scored; assessments, warnings, inspection outcomes, model changes and rejects out. Replay, the live job and the
 * tests differ only in the sources and sinks they hand in.
 */
public final class CreditwatchPipeline {
    private CreditwatchPipeline() {}

    /** The raw messages of each input stream; a stream with no source is empty. */
    public interface Sources {
        Map<Stream, DataStream<String>> attach(StreamExecutionEnvironment env);

        /** The model sets published on {@code cw.models}; null when the job keeps the set it starts with. */
        default DataStream<String> models(StreamExecutionEnvironment env) {
            return null;
        }
    }

    /** Where the results go. */
    public interface Sinks {
        void assessments(DataStream<Assessment> assessments);

        void warnings(DataStream<Warning> warnings);

        void rejects(DataStream<Reject> rejects);

        void outcomes(DataStream<InspectionOutcome> outcomes);

        void modelChanges(DataStream<ModelChange> changes);
    }

    /**
     * How the pipeline judges and scores.
     *
     * @param models the model set to start with (live, a set published on {@code cw.models} replaces it)
     * @param retainMs the least time state keeps any time-bound record (spec §12)
     * @param maxClockSkewMs how far {@code reportedAt} may lie ahead of the reading clock (spec §3.6)
     * @param readAt replay's reading clock, fixed when it starts; null live
     * @param horizon no record reported and no timer due after this instant is applied (replay's as-of)
     */
    public record Settings(ModelSet models, long retainMs, long maxClockSkewMs, Long readAt, long horizon) {}

    /** The valid records of every input stream, and the rejects. */
    public record Parsed(DataStream<EnterpriseRecord> records, DataStream<Reject> rejects) {}

    /** The first step: each stream's raw messages parsed and validated, records after the horizon left out. */
    public static Parsed parse(StreamExecutionEnvironment env, Sources sources, Settings settings) {
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
                    .process(new ParseFunction(stream, settings.horizon(), settings.maxClockSkewMs(),
                            settings.readAt()), CreditwatchState.RECORD_TYPE)
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
     */
    public static void build(StreamExecutionEnvironment env, Sources sources, Sinks sinks, Duration quietAfter,
            Settings settings) {
        Parsed parsed = parse(env, sources, settings);
        DataStream<EnterpriseRecord> records = parsed.records();
        if (quietAfter != null) {
            records = records.transform("Quiet stream watermark", CreditwatchState.RECORD_TYPE,
                    new QuietStreamOperator(quietAfter)).uid("quiet-stream-watermark");
        }
        boolean boundedInput = quietAfter == null;
        DataStream<String> models = sources.models(env);
        if (models == null) {
            // the operator's model input stays empty (a collection source cannot be empty)
            models = env.fromSequence(0, 0).uid("models-fixed").name("No model updates")
                    .filter(n -> false).uid("models-none").name("No model updates")
                    .map(n -> "").returns(Types.STRING).uid("models-as-text").name("No model updates");
        }
        SingleOutputStreamOperator<Assessment> assessments = records
                .keyBy(r -> r.creditCode)
                .connect(models.broadcast())
                .transform("Enterprise risk", TypeInformation.of(Assessment.class),
                        new EnterpriseRiskOperator(settings.models(), settings.retainMs(), settings.horizon(),
                                boundedInput))
                .uid("enterprise-risk");
        DataStream<Warning> segmentWarnings = assessments.getSideOutput(CreditwatchState.SEGMENT_COMPLAINTS)
                .keyBy(c -> c.segment)
                .connect(models.broadcast(CreditwatchState.modelSets()))
                .process(new SegmentSpikeFunction(settings.models(), settings.horizon(), boundedInput))
                .uid("segment-spikes")
                .name("Segment complaint spikes");
        DataStream<ModelChange> modelChanges = assessments.getSideOutput(CreditwatchState.MODEL_CHANGE_PARTS)
                .keyBy(c -> c.changeId)
                .process(new ModelChangeFunction())
                .uid("model-changes")
                .name("Model changes");
        sinks.assessments(assessments);
        sinks.warnings(assessments.getSideOutput(CreditwatchState.WARNINGS).union(segmentWarnings));
        sinks.rejects(parsed.rejects().union(assessments.getSideOutput(CreditwatchState.REJECTS)));
        sinks.outcomes(assessments.getSideOutput(CreditwatchState.OUTCOMES));
        sinks.modelChanges(modelChanges);
    }
}
