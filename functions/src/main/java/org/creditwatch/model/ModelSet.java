package org.creditwatch.model;

import java.io.Serializable;
import java.util.List;

/**
 * The models a job runs with: one default model and any number that tags select (spec §5: "selected per
 * enterprise"). A tagged model wins over the default; among tagged models, the first listed wins.
 */
public final class ModelSet implements Serializable {
    private static final long serialVersionUID = 1L;
    static final List<String> BUNDLED = List.of("models/base-v1.yaml", "models/online-food-v1.yaml");

    private final Model defaultModel;
    private final List<Model> tagged;

    ModelSet(Model defaultModel, List<Model> tagged) {
        this.defaultModel = defaultModel;
        this.tagged = List.copyOf(tagged);
    }

    /** The models shipped with creditwatch: {@code base-v1} and {@code online-food-v1}. */
    public static ModelSet bundled() {
        return Bundled.SET;
    }

    /** Loaded once per JVM, on first use. */
    private static final class Bundled {
        static final ModelSet SET = ModelLoader.loadResources(BUNDLED);
    }

    /** Every model of the set, the default first. */
    public List<Model> models() {
        List<Model> all = new java.util.ArrayList<>();
        all.add(defaultModel);
        all.addAll(tagged);
        return all;
    }

    public Model select(String[] tags) {
        if (tags != null && tags.length > 0) {
            for (Model model : tagged) {
                for (String tag : tags) {
                    if (model.appliesToTags.contains(tag)) {
                        return model;
                    }
                }
            }
        }
        return defaultModel;
    }

    public Model defaultModel() {
        return defaultModel;
    }

    /** The longest span any model keeps a record for: how long state must remember it. */
    public long longestSpanMs(Indicator indicator) {
        long longest = span(defaultModel, indicator);
        for (Model model : tagged) {
            longest = Math.max(longest, span(model, indicator));
        }
        return longest;
    }

    private static long span(Model model, Indicator indicator) {
        IndicatorRule rule = model.rule(indicator);
        return rule == null ? 0 : rule.countsForMs;
    }
}
