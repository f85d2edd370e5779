package org.creditwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditwatch.TestRecords.CODE;
import static org.creditwatch.TestRecords.FOOD_CODE;
import static org.creditwatch.TestRecords.record;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.creditwatch.TestRecords;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.RecordType;
import org.creditwatch.model.Indicator;
import org.creditwatch.model.ModelSet;
import org.creditwatch.model.RiskClass;
import org.junit.jupiter.api.Test;

/** The rows of the model tables (spec §5) and the processing rules (spec §4), on the plain engine. */
class RiskEngineTest {
    static final Instant T0 = Instant.parse("2026-01-05T02:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final Duration MS = Duration.ofMillis(1);

    private final RiskEngine engine = new RiskEngine(ModelSet.bundled());

    /** One enterprise driven through the engine, its state round-tripped through the codec at every step. */
    private final class Enterprise {
        final String code;
        EnterpriseState state = new EnterpriseState();
        final CollectingOutput output = new CollectingOutput();
        final List<Assessment> emitted = output.assessments;

        Enterprise(String code) {
            this.code = code;
        }

        RiskEngine.Outcome apply(TestRecords.Builder r) {
            return apply(r.build());
        }

        RiskEngine.Outcome apply(EnterpriseRecord r) {
            state = StateCodec.decode(StateCodec.encode(state));
            return engine.apply(code, state, r, output);
        }

        void advanceTo(Instant instant) {
            state = StateCodec.decode(StateCodec.encode(state));
            engine.advanceTo(code, state, instant.toEpochMilli(), output);
        }

        Assessment last() {
            return emitted.get(emitted.size() - 1);
        }

        double points(Indicator indicator) {
            return last().pointsOf(indicator);
        }
    }

    private static TestRecords.Builder registered(String code, Instant at, String... tags) {
        return record(code, RecordType.REGISTERED).at(at).with("name", "企业").with("regionCode", code.substring(2, 8))
                .with("industry", "F5292").with("establishedOn", "2015-01-01").tags(tags);
    }

    private static TestRecords.Builder penalty(String severity, Instant at) {
        return record(CODE, RecordType.PENALTY).at(at).with("decisionNo", "d").with("severity", severity);
    }

    @Test
    void seriousDishonestListGives50PointsAndFloorsTheClassAtA() {
        Enterprise e = enterprise();
        e.apply(record(CODE, RecordType.SERIOUS_LISTED).at(T0).with("reason", "r"));
        assertThat(e.last().score).isEqualTo(50.0);
        assertThat(e.last().riskClass).isEqualTo(RiskClass.A);
        assertThat(e.last().floors).containsExactly(Indicator.SERIOUS_DISHONEST);
        e.apply(record(CODE, RecordType.SERIOUS_REMOVED).at(T0.plus(DAY)).with("reason", "r"));
        assertThat(e.last().score).isZero();
        assertThat(e.last().riskClass).isEqualTo(RiskClass.D);
        assertThat(e.last().floors).isEmpty();
    }

    @Test
    void abnormalListGives25UntilRemoved() {
        Enterprise e = enterprise();
        e.apply(record(CODE, RecordType.ABNORMAL_LISTED).at(T0).with("reason", "r"));
        e.apply(record(CODE, RecordType.ABNORMAL_LISTED).at(T0.plus(DAY)).with("reason", "again"));
        assertThat(e.last().score).isEqualTo(25.0);
        assertThat(e.last().riskClass).isEqualTo(RiskClass.C);
        e.apply(record(CODE, RecordType.ABNORMAL_REMOVED).at(T0.plus(DAY.multipliedBy(2))).with("reason", "r"));
        assertThat(e.points(Indicator.ABNORMAL_LIST)).isZero();
    }

    @Test
    void penaltiesScoreBySeverityUpToTheCap() {
        Enterprise e = enterprise();
        e.apply(penalty("WARNING", T0));
        assertThat(e.points(Indicator.PENALTY)).isEqualTo(3.0);
        e.apply(penalty("GENERAL", T0.plusSeconds(1)));
        assertThat(e.points(Indicator.PENALTY)).isEqualTo(13.0);
        e.apply(penalty("MAJOR", T0.plusSeconds(2)));
        assertThat(e.points(Indicator.PENALTY)).isEqualTo(33.0);
        e.apply(penalty("SEVERE", T0.plusSeconds(3)));
        assertThat(e.points(Indicator.PENALTY)).isEqualTo(40.0);
        assertThat(e.last().contributions[0].records).isEqualTo(4);
        assertThat(e.last().riskClass).isEqualTo(RiskClass.B);
    }

    @Test
    void aPenaltyCountsFor1095DaysAndItsExpiryIsAnAssessment() {
        Enterprise e = enterprise();
        Instant decided = T0.minus(DAY.multipliedBy(10));
        e.apply(penalty("MAJOR", decided).reported(T0));
        Instant expiry = decided.plus(DAY.multipliedBy(1095));
        e.advanceTo(expiry.minus(MS));
        assertThat(e.emitted).hasSize(1);
        e.advanceTo(expiry);
        assertThat(e.emitted).hasSize(2);
        assertThat(e.last().score).isZero();
        assertThat(e.last().assessedAt).isEqualTo(expiry.toEpochMilli());
        assertThat(e.last().sequence).isEqualTo(2);
        assertThat(engine.nextDeadline(e.state)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aPenaltyReportedAfterItsSpanNeverCounts() {
        Enterprise e = enterprise();
        e.apply(penalty("SEVERE", T0).reported(T0.plus(DAY.multipliedBy(1095))));
        assertThat(e.last().score).isZero();
    }

    @Test
    void judicialFreezesCount10EachUntilTheSameCaseIsUnfrozen() {
        Enterprise e = enterprise();
        for (String caseNo : new String[] {"c1", "c2", "c3"}) {
            e.apply(record(CODE, RecordType.JUDICIAL_FREEZE).at(T0).with("caseNo", caseNo));
        }
        assertThat(e.points(Indicator.JUDICIAL)).isEqualTo(20.0);
        e.apply(record(CODE, RecordType.JUDICIAL_UNFREEZE).at(T0.plus(DAY)).with("caseNo", "c1"));
        e.apply(record(CODE, RecordType.JUDICIAL_UNFREEZE).at(T0.plus(DAY)).with("caseNo", "c2"));
        assertThat(e.points(Indicator.JUDICIAL)).isEqualTo(10.0);
        e.apply(record(CODE, RecordType.JUDICIAL_UNFREEZE).at(T0.plus(DAY)).with("caseNo", "unknown"));
        assertThat(e.points(Indicator.JUDICIAL)).isEqualTo(10.0);
    }

    @Test
    void inspectionsScoreByResultBetweenMinus10And30() {
        Enterprise e = enterprise();
        for (int i = 0; i < 3; i++) {
            e.apply(record(CODE, RecordType.INSPECTION).at(T0.plusSeconds(i)).with("inspectionId", "i" + i)
                    .with("result", "PASSED"));
        }
        assertThat(e.points(Indicator.INSPECTION)).isEqualTo(-10.0);
        assertThat(e.last().score).isZero();
        e.apply(record(CODE, RecordType.INSPECTION).at(T0.plus(DAY)).with("inspectionId", "p").with("result", "PROBLEMS_FOUND"));
        assertThat(e.points(Indicator.INSPECTION)).isZero();
        e.apply(record(CODE, RecordType.INSPECTION).at(T0.plus(DAY)).with("inspectionId", "n").with("result", "NOT_FOUND_AT_ADDRESS"));
        assertThat(e.points(Indicator.INSPECTION)).isEqualTo(20.0);
        e.apply(record(CODE, RecordType.INSPECTION).at(T0.plus(DAY)).with("inspectionId", "n2").with("result", "NOT_FOUND_AT_ADDRESS"));
        assertThat(e.points(Indicator.INSPECTION)).isEqualTo(30.0);
        e.advanceTo(T0.plus(DAY.multipliedBy(730)));
        assertThat(e.points(Indicator.INSPECTION)).isEqualTo(30.0);
        e.advanceTo(T0.plus(DAY.multipliedBy(731)));
        assertThat(e.points(Indicator.INSPECTION)).isZero();
    }

    @Test
    void complaintsCount2Or5For365DaysUpTo20() {
        Enterprise e = enterprise();
        e.apply(complaint(T0, false));
        assertThat(e.points(Indicator.COMPLAINT)).isEqualTo(2.0);
        e.apply(complaint(T0.plusSeconds(1), true));
        assertThat(e.points(Indicator.COMPLAINT)).isEqualTo(7.0);
        for (int i = 0; i < 5; i++) {
            e.apply(complaint(T0.plusSeconds(2 + i), true));
        }
        assertThat(e.points(Indicator.COMPLAINT)).isEqualTo(20.0);
        e.advanceTo(T0.plus(DAY.multipliedBy(365)));
        assertThat(e.points(Indicator.COMPLAINT)).isEqualTo(20.0); // six complaints a second later still count
        e.advanceTo(T0.plus(DAY.multipliedBy(365)).plusSeconds(1));
        assertThat(e.points(Indicator.COMPLAINT)).isEqualTo(20.0);
        e.advanceTo(T0.plus(DAY.multipliedBy(365)).plusSeconds(7));
        assertThat(e.points(Indicator.COMPLAINT)).isZero();
    }

    private static TestRecords.Builder complaint(Instant at, boolean substantiated) {
        return record(CODE, RecordType.COMPLAINT).at(at).with("complaintId", "c").with("category", "食品")
                .with("substantiated", substantiated);
    }

    @Test
    void samplingFailuresCountByHazardPassesNot() {
        Enterprise e = enterprise();
        e.apply(sample("PASS", null, T0));
        assertThat(e.last().score).isZero();
        e.apply(sample("FAIL", "MEDIUM", T0.plusSeconds(1)));
        assertThat(e.points(Indicator.SAMPLING)).isEqualTo(10.0);
        e.apply(sample("FAIL", "HIGH", T0.plusSeconds(2)));
        assertThat(e.points(Indicator.SAMPLING)).isEqualTo(30.0);
        e.apply(sample("FAIL", null, T0.plusSeconds(3)));
        assertThat(e.points(Indicator.SAMPLING)).isEqualTo(30.0);
    }

    private static TestRecords.Builder sample(String result, String hazard, Instant at) {
        TestRecords.Builder b = record(CODE, RecordType.SAMPLING).at(at).with("sampleId", "s").with("product", "p")
                .with("result", result);
        return hazard == null ? b : b.with("hazard", hazard);
    }

    @Test
    void keyRegistrationChangesCount3UpTo9AndNameChangesNone() {
        Enterprise e = enterprise();
        e.apply(registered(CODE, T0));
        e.apply(change("NAME", "新名", T0.plusSeconds(1)));
        assertThat(e.emitted).as("a new name alone changes no score, class, status or contribution").hasSize(1);
        e.apply(change("LEGAL_REPRESENTATIVE", "张三", T0.plusSeconds(2)));
        assertThat(e.points(Indicator.REGISTRATION_CHANGE)).isEqualTo(3.0);
        assertThat(e.last().name).isEqualTo("新名");
        e.apply(change("SHAREHOLDER", "x", T0.plusSeconds(3)));
        e.apply(change("ADDRESS", "y", T0.plusSeconds(4)));
        e.apply(change("ADDRESS", "z", T0.plusSeconds(5)));
        assertThat(e.points(Indicator.REGISTRATION_CHANGE)).isEqualTo(9.0);
        e.apply(change("BUSINESS_SCOPE", "z", T0.plusSeconds(6)));
        assertThat(e.last().contributions).extracting(c -> c.indicator).containsExactly(Indicator.REGISTRATION_CHANGE);
    }

    private static TestRecords.Builder change(String field, String value, Instant at) {
        return record(CODE, RecordType.CHANGED).at(at).with("field", field).with("newValue", value);
    }

    @Test
    void aNewEnterpriseCounts5UntilOneYearAfterItsFirstDayInChinaStandardTime() {
        Enterprise e = enterprise();
        e.apply(registered(CODE, T0).with("establishedOn", "2026-01-05"));
        assertThat(e.points(Indicator.NEW_ENTERPRISE)).isEqualTo(5.0);
        Instant end = Instant.parse("2026-01-04T16:00:00Z").plus(DAY.multipliedBy(365));
        assertThat(engine.nextDeadline(e.state)).isEqualTo(end.toEpochMilli());
        e.advanceTo(end.minus(MS));
        assertThat(e.points(Indicator.NEW_ENTERPRISE)).isEqualTo(5.0);
        e.advanceTo(end);
        assertThat(e.last().contributions).isEmpty();
        assertThat(e.last().assessedAt).isEqualTo(end.toEpochMilli());
    }

    @Test
    void onlineFoodWeighsPenaltiesAndSamplingByOneAndAHalfAndAddsItsIndicators() {
        Enterprise e = new Enterprise(FOOD_CODE);
        e.apply(registered(FOOD_CODE, T0, "ONLINE_FOOD").with("scale", "LARGE").with("qualityCertified", true));
        Assessment a = e.last();
        assertThat(a.model).isEqualTo("online-food-v1");
        assertThat(e.points(Indicator.SCALE)).isEqualTo(8.0);
        assertThat(e.points(Indicator.QUALITY_CONTROL)).isEqualTo(-5.0);
        assertThat(e.points(Indicator.KEY_REGION)).isEqualTo(5.0);
        assertThat(e.points(Indicator.LICENSE)).isEqualTo(15.0);
        assertThat(a.score).isEqualTo(23.0);
        e.apply(record(FOOD_CODE, RecordType.PENALTY).at(T0.plusSeconds(1)).with("decisionNo", "d").with("severity", "GENERAL"));
        assertThat(e.points(Indicator.PENALTY)).isEqualTo(15.0);
        e.apply(record(FOOD_CODE, RecordType.SAMPLING).at(T0.plusSeconds(2)).with("sampleId", "s").with("product", "p")
                .with("result", "FAIL").with("hazard", "HIGH"));
        assertThat(e.points(Indicator.SAMPLING)).isEqualTo(30.0);
        e.apply(record(FOOD_CODE, RecordType.CHANGED).at(T0.plusSeconds(3)).with("field", "SCALE").with("newValue", "SMALL"));
        e.apply(record(FOOD_CODE, RecordType.CHANGED).at(T0.plusSeconds(4)).with("field", "QUALITY_CERTIFICATION")
                .with("newValue", "false"));
        assertThat(e.points(Indicator.SCALE)).isEqualTo(2.0);
        assertThat(e.points(Indicator.QUALITY_CONTROL)).isEqualTo(5.0);
        e.apply(record(FOOD_CODE, RecordType.CHANGED).at(T0.plusSeconds(5)).with("field", "ADDRESS").with("newValue", "x")
                .with("newRegionCode", "150105"));
        assertThat(e.points(Indicator.KEY_REGION)).isZero();
        assertThat(e.last().regionCode).isEqualTo("150105");
    }

    @Test
    void aFoodBusinessLicenceIsValidThroughTheEndOfItsLastDayUnlessRevoked() {
        Enterprise e = new Enterprise(FOOD_CODE);
        e.apply(registered(FOOD_CODE, T0, "ONLINE_FOOD"));
        e.apply(licence("L1", "OTHER", "2027-01-01", T0.plusSeconds(1)));
        assertThat(e.points(Indicator.LICENSE)).isEqualTo(15.0);
        e.apply(licence("L2", "FOOD_BUSINESS", "2026-03-01", T0.plusSeconds(2)));
        assertThat(e.points(Indicator.LICENSE)).isZero();
        Instant endOfLastDay = Instant.parse("2026-03-01T16:00:00Z");
        e.advanceTo(endOfLastDay.minus(MS));
        assertThat(e.points(Indicator.LICENSE)).isZero();
        e.advanceTo(endOfLastDay);
        assertThat(e.points(Indicator.LICENSE)).isEqualTo(15.0);
        assertThat(e.last().assessedAt).isEqualTo(endOfLastDay.toEpochMilli());
        e.apply(licence("L3", "FOOD_BUSINESS", "2028-03-01", endOfLastDay.plus(DAY)));
        assertThat(e.points(Indicator.LICENSE)).isZero();
        e.apply(record(FOOD_CODE, RecordType.LICENSE_REVOKED).at(endOfLastDay.plus(DAY.multipliedBy(2))).with("licenseNo", "L3"));
        assertThat(e.points(Indicator.LICENSE)).isEqualTo(15.0);
    }

    private static TestRecords.Builder licence(String no, String type, String validUntil, Instant at) {
        return record(FOOD_CODE, RecordType.LICENSE_GRANTED).at(at).with("licenseNo", no).with("licenseType", type)
                .with("validUntil", validUntil);
    }

    @Test
    void emitsOnFirstSightAndOnChangeOnlyWithAGrowingSequence() {
        Enterprise e = enterprise();
        e.apply(sample("PASS", null, T0));
        e.apply(sample("PASS", null, T0.plusSeconds(1)));
        assertThat(e.emitted).hasSize(1);
        assertThat(e.last().sequence).isEqualTo(1);
        e.apply(complaint(T0.plusSeconds(2), false));
        e.apply(complaint(T0.plusSeconds(3), false));
        assertThat(e.emitted).extracting(a -> a.sequence).containsExactly(1L, 2L, 3L);
        assertThat(e.emitted.get(2).contributions[0].records).isEqualTo(2);
    }

    @Test
    void anUnregisteredEnterpriseIsAssessedWithTheRegionOfItsCode() {
        Enterprise e = enterprise();
        e.apply(penalty("MAJOR", T0));
        assertThat(e.last().regionCode).isEqualTo("150103");
        assertThat(e.last().name).isNull();
        assertThat(e.last().model).isEqualTo("base-v1");
        assertThat(e.last().status).isEqualTo(Assessment.Status.ACTIVE);
    }

    @Test
    void skipsACopyOfAnEventIdOfTheSameStreamWithinThirtyDays() {
        Enterprise e = enterprise();
        assertThat(e.apply(penalty("MAJOR", T0).id("p-1"))).isEqualTo(RiskEngine.Outcome.APPLIED);
        assertThat(e.apply(penalty("MAJOR", T0).id("p-1").reported(T0.plus(DAY.multipliedBy(29)))))
                .isEqualTo(RiskEngine.Outcome.DUPLICATE);
        assertThat(e.apply(complaint(T0.plusSeconds(1), false).id("p-1"))).isEqualTo(RiskEngine.Outcome.APPLIED);
        assertThat(e.points(Indicator.PENALTY)).isEqualTo(20.0);
        assertThat(e.apply(penalty("MAJOR", T0).id("p-1").reported(T0.plus(DAY.multipliedBy(31)))))
                .isEqualTo(RiskEngine.Outcome.APPLIED);
    }

    /** Registered at T0, a major penalty a day later, deregistered the day after: returns when. */
    private static Instant registeredPenalisedAndDeregistered(Enterprise e) {
        e.apply(registered(CODE, T0));
        e.apply(penalty("MAJOR", T0.plus(DAY)));
        Instant deregistered = T0.plus(DAY.multipliedBy(2));
        e.apply(record(CODE, RecordType.DEREGISTERED).at(deregistered));
        return deregistered;
    }

    @Test
    void deregistrationIsTheFinalAssessmentAndTheStateIsClearedAYearLater() {
        Enterprise e = enterprise();
        Instant deregistered = registeredPenalisedAndDeregistered(e);
        assertThat(e.last().status).isEqualTo(Assessment.Status.DEREGISTERED);
        assertThat(e.last().score).isEqualTo(20.0);
        int emitted = e.emitted.size();
        assertThat(engine.nextDeadline(e.state)).isEqualTo(deregistered.plus(DAY.multipliedBy(365)).toEpochMilli());
        e.advanceTo(deregistered.plus(DAY.multipliedBy(365)).minus(MS));
        assertThat(e.state.isEmpty()).isFalse();
        e.advanceTo(deregistered.plus(DAY.multipliedBy(365)));
        assertThat(e.emitted).hasSize(emitted);
        assertThat(e.state.isEmpty()).isTrue();
        assertThat(engine.nextDeadline(e.state)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anEnterpriseThatReturnsAfterItWasForgottenStartsANewLifetimeWhoseVersionsSupersedeTheOld() {
        Enterprise e = enterprise();
        Instant deregistered = registeredPenalisedAndDeregistered(e);
        Assessment finalOfFirstLifetime = e.last();
        Instant returned = deregistered.plus(DAY.multipliedBy(400));
        e.apply(registered(CODE, returned));
        Assessment firstOfSecondLifetime = e.last();
        assertThat(firstOfSecondLifetime.sequence).isEqualTo(1);
        assertThat(firstOfSecondLifetime.lifetimeStart).isEqualTo(returned.toEpochMilli());
        assertThat(finalOfFirstLifetime.lifetimeStart).isEqualTo(T0.toEpochMilli());
        assertThat(firstOfSecondLifetime.version()).isGreaterThan(finalOfFirstLifetime.version());
        assertThat(finalOfFirstLifetime.version() - finalOfFirstLifetime.sequence)
                .isEqualTo(e.emitted.get(0).version() - 1);
    }

    @Test
    void scoresAreRoundedToOneDecimalHalfAwayFromZeroOnTheDecimalValue() {
        assertThat(RiskEngine.round1(1.15 * 3)).isEqualTo(3.5); // 3.4499999999999997 in binary
        assertThat(RiskEngine.round1(1.15 * -5)).isEqualTo(-5.8);
        assertThat(RiskEngine.round1(19.95)).isEqualTo(20.0);
        assertThat(RiskEngine.round1(19.94)).isEqualTo(19.9);
        assertThat(RiskEngine.round1(1.2 * 3)).isEqualTo(3.6);
        assertThat(RiskEngine.round1(59.5)).isEqualTo(59.5);
        assertThat(RiskEngine.round1(0.0)).isEqualTo(0.0);
        assertThat(RiskEngine.round1(-0.04)).isEqualTo(0.0);
    }

    @Test
    void aLateRecordNeverTurnsTheClockBack() {
        Enterprise e = enterprise();
        e.apply(penalty("MAJOR", T0.plus(DAY)));
        e.apply(penalty("WARNING", T0));
        assertThat(e.last().assessedAt).isEqualTo(T0.plus(DAY).toEpochMilli());
        assertThat(e.points(Indicator.PENALTY)).isEqualTo(23.0);
    }

    @Test
    void keepsStateBoundedUnderTenThousandComplaints() {
        Enterprise e = enterprise();
        for (int i = 0; i < 10_000; i++) {
            e.apply(complaint(T0.plusSeconds(i), false));
        }
        assertThat(e.points(Indicator.COMPLAINT)).isEqualTo(20.0);
        assertThat(e.state.timed(Indicator.COMPLAINT).size()).isLessThanOrEqualTo(TimedEntries.MAX_ENTRIES);
        assertThat(StateCodec.encode(e.state).length).isLessThan(64 * 1024);
    }

    private Enterprise enterprise() {
        return new Enterprise(CODE);
    }
}
