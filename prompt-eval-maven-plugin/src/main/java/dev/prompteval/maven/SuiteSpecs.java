package dev.prompteval.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.gate.GateRules;
import dev.prompteval.gate.InconclusivePolicy;
import dev.prompteval.gate.Limits;
import dev.prompteval.stats.IntervalMethod;
import dev.prompteval.suite.SuiteSpec;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Translates the POM's {@code <suite>} elements into core suite specs; every problem is collected, not thrown. */
final class SuiteSpecs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SuiteSpecs() {
    }

    /**
     * @param defaultRepeat {@code promptEval.repeat}, used where a suite sets no {@code <repeat>}
     * @param problems      where translation problems are added, each naming the suite and the element
     */
    static SuiteSpec of(Suite suite, int defaultRepeat, List<String> problems) {
        String name = suite.name == null ? "(unnamed suite)" : suite.name;
        GateRules rules;
        try {
            rules = rules(suite.rules == null ? new Rules() : suite.rules);
        } catch (IllegalArgumentException e) {
            problems.add("suite " + name + ", <rules>: " + e.getMessage());
            rules = GateRules.defaults();
        }
        List<java.nio.file.Path> datasets = new ArrayList<>();
        for (File dataset : suite.datasets) datasets.add(dataset.toPath());
        return new SuiteSpec(suite.name, suite.prompt, suite.candidate, suite.baseline, datasets,
                new SuiteSpec.ModelOverride(suite.provider, suite.model, parameters(suite.parameters)),
                suite.baseUrl, suite.repeat != null ? suite.repeat : defaultRepeat, suite.assertions, rules,
                suite.pushResults);
    }

    private static GateRules rules(Rules rules) {
        GateRules.Builder builder = GateRules.builder();
        if (rules.confidenceLevel != null) builder.confidenceLevel(rules.confidenceLevel);
        if (rules.maxRegression != null) builder.maxRegression(rules.maxRegression);
        builder.minPassRate(rules.minPassRate).minScore(rules.minScore);
        if (rules.inconclusive != null) {
            builder.inconclusive(choice(InconclusivePolicy.class, "inconclusive", rules.inconclusive));
        }
        if (rules.interval != null) builder.interval(choice(IntervalMethod.class, "interval", rules.interval));
        for (Limit limit : rules.limits) {
            if ((limit.tag == null) == (limit.metric == null)) {
                throw new IllegalArgumentException("each <limit> names exactly one <tag> or <metric>");
            }
            Limits limits = new Limits(limit.minPassRate, limit.minScore, limit.maxRegression);
            if (limit.tag != null) builder.tag(limit.tag, limits);
            else builder.metric(limit.metric, limits);
        }
        return builder.build();
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String element, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("<" + element + ">" + value + "</" + element + "> is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    /** POM values are text; {@code 0.2}, {@code true} or {@code ["a"]} become numbers, booleans and lists. */
    private static Map<String, Object> parameters(Map<String, String> configured) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (configured == null) return parameters;
        configured.forEach((key, text) -> {
            Object value = text;
            try {
                value = JSON.readValue(text, Object.class);
            } catch (java.io.IOException notJson) {
                // plain text, e.g. a model name: keep it as a string
            }
            parameters.put(key, value);
        });
        return parameters;
    }
}
