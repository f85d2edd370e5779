package org.creditwatch.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.Stream;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.EngineOutput;
import org.creditwatch.engine.EnterpriseState;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.RiskEngine;
import org.creditwatch.engine.SegmentComplaint;
import org.creditwatch.engine.Warning;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.RiskClass;

/**
 * Replay's enterprise results without Flink: the generated files read with the pipeline's parser, each enterprise's
 * records applied by the engine in the spec's order, and its clock advanced to the largest reportedAt read (replay's
 * default as-of). Segment warnings are not computed.
 */
final class InProcessReplay {
    final Map<RiskClass, Long> classes = new EnumMap<>(RiskClass.class);
    /** The latest assessment of each enterprise. */
    final Map<String, Assessment> latest = new TreeMap<>();
    final List<Warning> warnings = new ArrayList<>();
    final List<InspectionOutcome> outcomes = new ArrayList<>();
    final List<EnterpriseRecord> inspections = new ArrayList<>();
    long enterprises;

    static InProcessReplay of(Path dir) throws IOException {
        RecordParser parser = new RecordParser(Long.MAX_VALUE / 4);
        Map<String, List<EnterpriseRecord>> byEnterprise = new TreeMap<>();
        InProcessReplay replay = new InProcessReplay();
        long asOf = Long.MIN_VALUE;
        for (Stream stream : Stream.values()) {
            for (String line : Files.readAllLines(dir.resolve(stream.fileName()), StandardCharsets.UTF_8)) {
                EnterpriseRecord r = parser.parse(stream, line, 0).record;
                if (r != null) {
                    byEnterprise.computeIfAbsent(r.creditCode, c -> new ArrayList<>()).add(r);
                    asOf = Math.max(asOf, r.reportedAt);
                    if (stream == Stream.INSPECTIONS) {
                        replay.inspections.add(r);
                    }
                }
            }
        }
        for (RiskClass c : RiskClass.values()) {
            replay.classes.put(c, 0L);
        }
        RiskEngine engine = new RiskEngine(ModelSet.bundled());
        Output output = new Output(replay);
        for (Map.Entry<String, List<EnterpriseRecord>> enterprise : byEnterprise.entrySet()) {
            List<EnterpriseRecord> records = enterprise.getValue();
            records.sort(EnterpriseRecord::compareApplyOrder);
            EnterpriseState state = new EnterpriseState();
            for (EnterpriseRecord r : records) {
                engine.apply(enterprise.getKey(), state, r, output);
            }
            engine.advanceTo(enterprise.getKey(), state, asOf, output);
        }
        // As replay's summary: the latest assessment of each, also of an enterprise forgotten since.
        for (Assessment latest : replay.latest.values()) {
            replay.classes.merge(latest.riskClass, 1L, Long::sum);
            replay.enterprises++;
        }
        return replay;
    }

    double share(RiskClass riskClass) {
        return classes.get(riskClass) / (double) enterprises;
    }

    private record Output(InProcessReplay replay) implements EngineOutput {
        @Override
        public void assessment(Assessment assessment) {
            replay.latest.put(assessment.creditCode, assessment);
        }

        @Override
        public void warning(Warning warning) {
            replay.warnings.add(warning);
        }

        @Override
        public void complaint(SegmentComplaint complaint) {}

        @Override
        public void outcome(InspectionOutcome outcome) {
            replay.outcomes.add(outcome);
        }
    }
}
