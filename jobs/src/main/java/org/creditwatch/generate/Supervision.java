package org.creditwatch.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.creditwatch.domain.Digests;
import org.creditwatch.domain.EnterpriseRecord;
import org.creditwatch.domain.RecordParser;
import org.creditwatch.domain.RecordType;
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
 * The supervision loop over one enterprise's records, as the bureau would run it: the pipeline's engine applies the
 * records in the spec's order (§4), quarterly spot-check plans draw the enterprise by the class it has on the plan's
 * day, and the warnings it raises are followed up. What the {@link Inspectorate} decides becomes records in turn,
 * whose results move the class. Records are read back with the pipeline's parser, so that the engine here sees what
 * replay will see, and the warning ids that follow-ups name are the ones replay raises.
 */
final class Supervision implements Emitter.Reader {
    /**
     * Share of each class (A, B, C, D) that a plan draws: the defaults of {@code ./creditwatch plan} (spec §10). Four
     * plans a year inspect about 8 % of green enterprises and every red one about once.
     */
    private static final double[] PLAN_RATIOS = {0.30, 0.10, 0.05, 0.02};
    /** The plans are drawn at 09:00 on the first working day of each quarter. */
    private static final long PLAN_HOUR = 9 * Cst.HOUR;
    private static final double KEY_SPACE = 0x1p52;

    /** What the bureau does about an enterprise; times in epoch seconds. */
    interface Inspectorate {
        void drawn(String planId, long planAt) throws IOException;

        void warned(Warning warning) throws IOException;
    }

    private final long seed;
    private final long endMs;
    private final List<String> planIds = new ArrayList<>();
    private final List<Long> planAtMs = new ArrayList<>();
    private final RiskEngine engine = new RiskEngine(ModelSet.bundled());
    /** No record of the period is from the future, whatever the machine's clock says. */
    private final RecordParser parser = new RecordParser(Long.MAX_VALUE / 4);
    private final PriorityQueue<EnterpriseRecord> pending = new PriorityQueue<>(EnterpriseRecord::compareApplyOrder);
    private final Collected collected = new Collected();

    Supervision(long seed, long start, long end) {
        this.seed = seed;
        this.endMs = end * 1000;
        LocalDate quarter = LocalDate.ofEpochDay(Cst.localDay(start)).withDayOfMonth(1);
        quarter = quarter.withMonth((quarter.getMonthValue() - 1) / 3 * 3 + 1);
        for (; ; quarter = quarter.plusMonths(3)) {
            long day = quarter.toEpochDay();
            int weekday = Cst.dayOfWeek(day);
            long at = Cst.startOfDay(weekday >= 5 ? day + 7 - weekday : day) + PLAN_HOUR;
            if (at > end) {
                break;
            }
            if (at > start) {
                planIds.add("SSJ-" + quarter.getYear() + "Q" + ((quarter.getMonthValue() + 2) / 3));
                planAtMs.add(at * 1000);
            }
        }
    }

    @Override
    public void published(OutFile file, String line) {
        RecordParser.Result parsed = parser.parse(file.stream, line, 0);
        if (parsed.record == null) {
            throw new IllegalStateException("the generator wrote a record its pipeline rejects: " + parsed.reject.detail
                    + ": " + line);
        }
        pending.add(parsed.record);
    }

    /**
     * Runs the enterprise's published records, the plans and the engine's own deadlines in time order through the end
     * of the period; what the inspectorate publishes meanwhile joins the queue.
     */
    void run(String creditCode, Inspectorate inspectorate) throws IOException {
        EnterpriseState state = new EnterpriseState();
        boolean deregistered = false;
        int plan = 0;
        while (true) {
            long record = pending.isEmpty() ? Long.MAX_VALUE : pending.peek().reportedAt;
            long planAt = plan < planAtMs.size() ? planAtMs.get(plan) : Long.MAX_VALUE;
            long due = engine.nextDeadline(state);
            long next = Math.min(record, Math.min(planAt, due));
            if (next > endMs) {
                break;
            }
            if (due == next) {
                engine.advanceTo(creditCode, state, due, collected);
            } else if (record == next) {
                EnterpriseRecord r = pending.poll();
                engine.apply(creditCode, state, r, collected);
                deregistered |= r.type == RecordType.DEREGISTERED;
            } else {
                RiskClass riskClass = state.lastRiskClass();
                String planId = planIds.get(plan++);
                if (riskClass != null && !deregistered && drawn(planId, creditCode, riskClass)) {
                    inspectorate.drawn(planId, planAt / 1000);
                }
            }
            for (Warning warning : collected.take()) {
                inspectorate.warned(warning);
            }
        }
    }

    /**
     * The plan's draw of spec §10 for one enterprise: its draw key, the SHA-256 of {@code SEED|PLANID|CREDITCODE}, read
     * as a fraction, under its stratum's ratio. A stratum of N then draws about ratio × N by the same keys as
     * {@code ./creditwatch plan} (which takes exactly the ceil(ratio × N) smallest), without waiting for the classes
     * of every other enterprise.
     */
    private boolean drawn(String planId, String creditCode, RiskClass riskClass) {
        String key = Digests.sha256Hex(seed + "|" + planId + "|" + creditCode);
        return Long.parseLong(key.substring(0, 13), 16) / KEY_SPACE < PLAN_RATIOS[riskClass.ordinal()];
    }

    /** Keeps the warnings; the assessments live in the state, and segments are not this loop's business. */
    private static final class Collected implements EngineOutput {
        private final List<Warning> warnings = new ArrayList<>();

        List<Warning> take() {
            List<Warning> taken = List.copyOf(warnings);
            warnings.clear();
            return taken;
        }

        @Override
        public void assessment(Assessment assessment) {}

        @Override
        public void warning(Warning warning) {
            warnings.add(warning);
        }

        @Override
        public void complaint(SegmentComplaint complaint) {}

        @Override
        public void outcome(InspectionOutcome outcome) {}
    }
}
