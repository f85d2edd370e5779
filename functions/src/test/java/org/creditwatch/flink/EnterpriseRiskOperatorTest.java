package org.creditwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditwatch.TestRecords.CODE;
import static org.creditwatch.TestRecords.OTHER_CODE;
import static org.creditwatch.TestRecords.record;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.creditwatch.TestRecords;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.RecordType;
import org.creditwatch.domain.Reject;
import org.creditwatch.domain.RejectReason;
import org.creditwatch.engine.Assessment;
import org.creditwatch.engine.InspectionOutcome;
import org.creditwatch.engine.ModelChange;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.PublishedModels;
import org.creditwatch.model.RiskClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The keyed engine under Flink's operator harness: ordering, lateness, timers, state clean-up, snapshots, and
 * model sets arriving on the broadcast input.
 */
class EnterpriseRiskOperatorTest {
    static final Instant T0 = Instant.parse("2026-03-02T02:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(10);

    private KeyedTwoInputStreamOperatorTestHarness<String, EnterpriseRecord, String, Assessment> harness;

    private static KeyedTwoInputStreamOperatorTestHarness<String, EnterpriseRecord, String, Assessment> newHarness(
            long horizon) throws Exception {
        return newHarness(horizon, false);
    }

    /** The model input is idle, as the live job's model topic is between publications. */
    private static KeyedTwoInputStreamOperatorTestHarness<String, EnterpriseRecord, String, Assessment> newHarness(
            long horizon, boolean boundedInput) throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, EnterpriseRecord, String, Assessment> harness =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new EnterpriseRiskOperator(ModelSet.bundled(), 0, horizon, boundedInput),
                        r -> r.creditCode, null, Types.STRING);
        return harness;
    }

    private void open() throws Exception {
        harness.open();
        harness.processWatermarkStatus2(WatermarkStatus.IDLE);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void send(TestRecords.Builder r) throws Exception {
        EnterpriseRecord record = r.build();
        harness.processElement1(record, record.reportedAt);
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark1(new Watermark(at.toEpochMilli()));
    }

    private List<Assessment> output() {
        return harness.extractOutputValues();
    }

    private static TestRecords.Builder penalty(String code, String severity, Instant at) {
        return record(code, RecordType.PENALTY).at(at).with("decisionNo", "d").with("severity", severity);
    }

    @Test
    void appliesOutOfOrderRecordsInReportedAtOrderOnceTheWatermarkPasses() throws Exception {
        harness = newHarness(Long.MAX_VALUE);
        open();
        send(penalty(CODE, "MAJOR", T0.plusSeconds(5)));
        send(penalty(CODE, "WARNING", T0));
        assertThat(output()).isEmpty();
        watermark(T0.plusSeconds(5).minus(OUT_OF_ORDERNESS));
        assertThat(output()).isEmpty();
        watermark(T0.plusSeconds(5));
        assertThat(output()).extracting(a -> a.score).containsExactly(3.0, 23.0);
        assertThat(output()).extracting(a -> a.assessedAt)
                .containsExactly(T0.toEpochMilli(), T0.plusSeconds(5).toEpochMilli());
    }

    @Test
    void appliesARecordBehindTheWatermarkAtOnceInsteadOfDroppingIt() throws Exception {
        harness = newHarness(Long.MAX_VALUE);
        open();
        send(penalty(CODE, "MAJOR", T0));
        watermark(T0.plus(DAY));
        send(penalty(CODE, "WARNING", T0.minus(DAY)));
        assertThat(output()).extracting(a -> a.score).containsExactly(20.0, 23.0);
        assertThat(output().get(1).assessedAt).as("the clock does not run back").isEqualTo(T0.toEpochMilli());
    }

    @Test
    void expiresAPenaltyByTimerAndIdlesWithoutTimersAfterwards() throws Exception {
        harness = newHarness(Long.MAX_VALUE);
        open();
        send(penalty(CODE, "MAJOR", T0));
        watermark(T0);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        Instant expiry = T0.plus(DAY.multipliedBy(1095));
        watermark(expiry.minusMillis(1));
        assertThat(output()).hasSize(1);
        watermark(expiry);
        assertThat(output()).hasSize(2);
        assertThat(output().get(1).score).isZero();
        assertThat(output().get(1).assessedAt).isEqualTo(expiry.toEpochMilli());
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void stateAndTimersGoBackToZeroAYearAfterDeregistration() throws Exception {
        harness = newHarness(Long.MAX_VALUE);
        open();
        send(record(CODE, RecordType.REGISTERED).at(T0).with("name", "n").with("regionCode", "150103")
                .with("industry", "F5292").with("establishedOn", "2026-03-01"));
        send(penalty(CODE, "SEVERE", T0.plusSeconds(1)));
        send(record(CODE, RecordType.DEREGISTERED).at(T0.plus(DAY)));
        watermark(T0.plus(DAY));
        assertThat(output()).last().extracting(a -> a.status).isEqualTo(Assessment.Status.DEREGISTERED);
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
        watermark(T0.plus(DAY).plus(DAY.multipliedBy(365)));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(output()).last().extracting(a -> a.status).isEqualTo(Assessment.Status.DEREGISTERED);
    }

    @Test
    void neverActsBeyondTheHorizon() throws Exception {
        Instant horizon = T0.plus(DAY.multipliedBy(4)); // the complaint would expire at T0 + 5 days
        harness = newHarness(horizon.toEpochMilli());
        open();
        send(record(CODE, RecordType.COMPLAINT).occurred(T0.minus(DAY.multipliedBy(360))).reported(T0)
                .with("complaintId", "c").with("category", "x"));
        watermark(Instant.ofEpochMilli(Long.MAX_VALUE));
        assertThat(output()).hasSize(1);
        assertThat(output().get(0).pointsOf(Indicator.COMPLAINT)).isEqualTo(2.0);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void onBoundedInputWakesEachKeyOnceAtTheEndWithTheResultsOfTheGeneralPath() throws Exception {
        Instant horizon = T0.plus(DAY.multipliedBy(1200)); // after the first penalty's expiry
        List<TestRecords.Builder> records = List.of(
                penalty(CODE, "MAJOR", T0.plus(DAY)), penalty(OTHER_CODE, "GENERAL", T0.plusSeconds(3)),
                penalty(CODE, "WARNING", T0), record(OTHER_CODE, RecordType.ABNORMAL_LISTED).at(T0).with("reason", "r"),
                record(CODE, RecordType.COMPLAINT).at(T0.plus(DAY.multipliedBy(2))).with("complaintId", "c")
                        .with("category", "x"));

        harness = newHarness(horizon.toEpochMilli());
        open();
        for (TestRecords.Builder r : records) {
            send(r);
        }
        watermark(Instant.ofEpochMilli(Long.MAX_VALUE));
        List<String> general = describe(output());
        harness.close();

        harness = newHarness(horizon.toEpochMilli(), true);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        open();
        for (TestRecords.Builder r : records) {
            send(r);
        }
        assertThat(output()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("one per key").isEqualTo(2);
        watermark(Instant.ofEpochMilli(Long.MAX_VALUE));

        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(describe(output())).containsExactlyInAnyOrderElementsOf(general);
        assertThat(general).hasSizeGreaterThan(5);
    }

    @Test
    void resumesFromASnapshotWithTheSameResultsAsAnUninterruptedRun() throws Exception {
        List<TestRecords.Builder> firstHalf = List.of(
                penalty(CODE, "MAJOR", T0), penalty(OTHER_CODE, "GENERAL", T0.plusSeconds(3)),
                record(CODE, RecordType.COMPLAINT).at(T0.plusSeconds(20)).with("complaintId", "c").with("category", "x"));
        List<TestRecords.Builder> secondHalf = List.of(
                penalty(CODE, "WARNING", T0.plusSeconds(15)),
                record(OTHER_CODE, RecordType.ABNORMAL_LISTED).at(T0.plus(DAY)).with("reason", "r"));
        Instant middle = T0.plusSeconds(10);
        Instant end = T0.plus(DAY.multipliedBy(1200));

        harness = newHarness(Long.MAX_VALUE);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        open();
        for (TestRecords.Builder r : firstHalf) {
            send(r);
        }
        watermark(middle);
        for (TestRecords.Builder r : secondHalf) {
            send(r);
        }
        watermark(end);
        List<String> uninterrupted = describe(output());
        harness.close();

        harness = newHarness(Long.MAX_VALUE);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        open();
        for (TestRecords.Builder r : firstHalf) {
            send(r);
        }
        watermark(middle);
        List<String> beforeFailure = describe(output());
        OperatorSubtaskState snapshot = harness.snapshot(1L, middle.toEpochMilli());
        harness.close();

        harness = newHarness(Long.MAX_VALUE);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.initializeState(snapshot);
        open();
        for (TestRecords.Builder r : secondHalf) {
            send(r);
        }
        watermark(end);
        List<String> resumed = new java.util.ArrayList<>(beforeFailure);
        resumed.addAll(describe(output()));

        assertThat(resumed).containsExactlyElementsOf(uninterrupted);
        assertThat(uninterrupted).hasSizeGreaterThan(5);
    }

    // ----- model sets on the broadcast input (spec §12)

    /** The bundled models with edits, published as a set. */
    private static String published(String note, String... replacements) throws Exception {
        java.util.SortedMap<String, String> files = new java.util.TreeMap<>();
        for (String name : List.of("base-v1.yaml", "online-food-v1.yaml")) {
            try (java.io.InputStream in = ModelSet.class.getClassLoader().getResourceAsStream("models/" + name)) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                for (int i = 0; i < replacements.length; i += 2) {
                    text = text.replace(replacements[i], replacements[i + 1]);
                }
                files.put(name, text);
            }
        }
        return new PublishedModels(files, note, T0.toEpochMilli()).toJson();
    }

    private void publish(String set) throws Exception {
        harness.processElement2(set, T0.toEpochMilli());
    }

    private <T> List<T> side(org.apache.flink.util.OutputTag<T> tag) {
        return harness.getSideOutput(tag) == null ? List.of()
                : harness.getSideOutput(tag).stream().map(r -> r.getValue()).collect(Collectors.toList());
    }

    @Test
    void aPublishedSetReScoresEveryEnterpriseAtOnceAndRaisesNoWarning() throws Exception {
        harness = newHarness(Long.MAX_VALUE);
        open();
        send(penalty(CODE, "MAJOR", T0));
        send(penalty(OTHER_CODE, "WARNING", T0));
        watermark(T0);
        assertThat(output()).extracting(a -> a.riskClass).containsExactly(RiskClass.C, RiskClass.D);
        int warningsBefore = side(CreditwatchState.WARNINGS).size();

        publish(published("MAJOR weighs 40", "version: 1", "version: 2", "MAJOR: 20", "MAJOR: 40"));

        // the class of one moves; both carry the new model version
        List<Assessment> rescored = output().subList(2, output().size());
        assertThat(rescored).extracting(a -> a.creditCode + " " + a.riskClass + " " + a.score + " v" + a.modelVersion
                + " #" + a.sequence).containsExactlyInAnyOrder(CODE + " B 40.0 v2 #2", OTHER_CODE + " D 3.0 v2 #2");
        assertThat(side(CreditwatchState.WARNINGS)).as("a re-score is no escalation").hasSize(warningsBefore);
        ModelChange change = side(CreditwatchState.MODEL_CHANGE_PARTS).get(0);
        assertThat(change.enterprisesRescored).isEqualTo(2);
        assertThat(change.assessmentsEmitted).isEqualTo(2);
        assertThat(change.transitions(RiskClass.C, RiskClass.B)).isEqualTo(1);
        assertThat(change.transitions(RiskClass.D, RiskClass.D)).isEqualTo(1);
        assertThat(change.versions).containsExactly("base-v1@2", "online-food-v1@2");
        assertThat(change.previousVersions).containsExactly("base-v1@1", "online-food-v1@1");

        send(penalty(CODE, "GENERAL", T0.plusSeconds(30)));
        watermark(T0.plusSeconds(30));
        assertThat(output().get(output().size() - 1).score).as("new records under the new set").isEqualTo(40.0);
    }

    @Test
    void anInvalidSetIsADeadLetterAndTheOperatorKeepsItsSet() throws Exception {
        harness = newHarness(Long.MAX_VALUE);
        open();
        publish(published("broken", "MAJOR: 20", "HUGE: 20"));
        publish("{not json");
        List<Reject> rejects = side(CreditwatchState.REJECTS);
        assertThat(rejects).extracting(r -> r.reason).containsOnly(RejectReason.INVALID_MODEL_SET);
        assertThat(rejects).hasSize(2);
        assertThat(rejects.get(0).detail).contains("base-v1.yaml").contains("HUGE");
        assertThat(rejects.get(0).stream).isEqualTo(PublishedModels.TOPIC);
        send(penalty(CODE, "MAJOR", T0));
        watermark(T0);
        assertThat(output().get(0).score).isEqualTo(20.0);
        assertThat(output().get(0).modelVersion).isEqualTo(1);
    }

    @Test
    void theSetInForceSurvivesARestore() throws Exception {
        harness = newHarness(Long.MAX_VALUE);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        open();
        publish(published("MAJOR weighs 40", "version: 1", "version: 2", "MAJOR: 20", "MAJOR: 40"));
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0.toEpochMilli());
        harness.close();

        harness = newHarness(Long.MAX_VALUE);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.initializeState(snapshot);
        open();
        send(penalty(CODE, "MAJOR", T0));
        watermark(T0);
        assertThat(output().get(0).score).isEqualTo(40.0);
        assertThat(output().get(0).modelVersion).isEqualTo(2);
    }

    @Test
    void aShorterSpanMovesAnEnterprisesTimerEarlier() throws Exception {
        harness = newHarness(Long.MAX_VALUE);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        open();
        send(record(CODE, RecordType.COMPLAINT).at(T0).with("complaintId", "c").with("category", "x"));
        watermark(T0);
        publish(published("complaints count 30 days", "version: 1", "version: 2", "countsForDays: 365\n    min: 0\n    cap: 20",
                "countsForDays: 30\n    min: 0\n    cap: 20"));
        assertThat(output()).hasSize(2); // the model version changed
        watermark(T0.plus(DAY.multipliedBy(30)));
        assertThat(output()).hasSize(3);
        assertThat(output().get(2).score).isZero();
        assertThat(output().get(2).assessedAt).isEqualTo(T0.plus(DAY.multipliedBy(30)).toEpochMilli());
    }

    @Test
    void anInspectionLeavesItsOutcomeOnTheSideOutput() throws Exception {
        harness = newHarness(Long.MAX_VALUE);
        open();
        send(penalty(CODE, "MAJOR", T0));
        send(record(CODE, RecordType.INSPECTION).at(T0.plusSeconds(1)).with("inspectionId", "i")
                .with("result", "PROBLEMS_FOUND"));
        watermark(T0.plusSeconds(1));
        List<InspectionOutcome> outcomes = side(CreditwatchState.OUTCOMES);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.classBefore).isEqualTo(RiskClass.C);
            assertThat(o.scoreBefore).isEqualTo(20.0);
            assertThat(o.found).isTrue();
        });
    }

    private static List<String> describe(List<Assessment> assessments) {
        return assessments.stream().map(Assessment::toString).collect(Collectors.toList());
    }
}
