package org.creditwatch.engine;

import org.creditwatch.model.RiskClass;

/**
 * One applied model set (spec §12): what it replaced, when, and how it moved the classes. Each parallel instance of
 * the engine reports the enterprises it holds; {@link #add} sums the parts into the whole. A POJO, so that Flink
 * serialises it.
 */
public class ModelChange {
    private static final int CLASSES = RiskClass.values().length;

    public String changeId;
    public String note;
    /** "id@version" of each model of the new set and of the one it replaced. */
    public String[] versions;
    public String[] previousVersions;
    public long publishedAt;
    /** When the last part was applied (wall clock). */
    public long appliedAt;
    public long enterprisesRescored;
    public long assessmentsEmitted;
    /** Enterprises by class before and after: {@code transitions[from * 4 + to]}, A = 0 … D = 3. */
    public long[] transitions = new long[CLASSES * CLASSES];
    /** How many parts are in, of how many. */
    public int parts;
    public int partsExpected;

    public ModelChange() {}

    public void count(RiskClass from, RiskClass to) {
        enterprisesRescored++;
        transitions[from.ordinal() * CLASSES + to.ordinal()]++;
    }

    public long transitions(RiskClass from, RiskClass to) {
        return transitions[from.ordinal() * CLASSES + to.ordinal()];
    }

    /** Adds another part of the same change. */
    public void add(ModelChange part) {
        appliedAt = Math.max(appliedAt, part.appliedAt);
        enterprisesRescored += part.enterprisesRescored;
        assessmentsEmitted += part.assessmentsEmitted;
        for (int i = 0; i < transitions.length; i++) {
            transitions[i] += part.transitions[i];
        }
        parts += part.parts;
    }

    public boolean isComplete() {
        return parts >= partsExpected;
    }
}
