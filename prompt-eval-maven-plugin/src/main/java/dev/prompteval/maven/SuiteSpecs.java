package dev.prompteval.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.gate.GatePolicy;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.gate.Limits;
import dev.prompteval.internal.suite.SuiteSpec;
import dev.prompteval.stats.IntervalMethod;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
        GateRules rules = rules("suite " + name + ", <rules>", suite.rules == null ? new Rules() : suite.rules,
                problems);
        List<Path> datasets = new ArrayList<>();
        for (File dataset : suite.datasets) datasets.add(dataset.toPath());
        return new SuiteSpec(suite.name, suite.prompt, suite.candidate, suite.baseline, datasets,
                new SuiteSpec.ModelOverride(suite.provider, suite.model, parameters(suite.parameters)),
                suite.baseUrl, suite.repeat != null ? suite.repeat : defaultRepeat, suite.assertions, rules,
                suite.pushResults, suite.batch, suite.apiKeyEnv);
    }

    /** The suite's gate rules; on a problem the defaults stand in, so that the other elements are checked too. */
    private static GateRules rules(String where, Rules rules, List<String> problems) {
        GateRules.Builder builder = GateRules.builder();
        if (rules.confidenceLevel != null) builder.confidenceLevel(rules.confidenceLevel);
        if (rules.maxRegression != null) builder.maxRegression(rules.maxRegression);
        builder.minPassRate(rules.minPassRate).minScore(rules.minScore);
        if (rules.policy != null) {
            choice(GatePolicy.class, "policy", rules.policy, where, problems).ifPresent(builder::policy);
        }
        if (rules.criticalPassRate != null) builder.criticalPassRate(rules.criticalPassRate);
        if (rules.maxRepeat != null) builder.maxRepeat(rules.maxRepeat);
        if (rules.interval != null) {
            // SCORE is chosen by the gate itself for pass/fail rows; it is not a setting.
            choice(IntervalMethod.class, "interval", rules.interval, where, problems, IntervalMethod.T,
                    IntervalMethod.BOOTSTRAP).ifPresent(builder::interval);
        }
        for (int i = 0; i < rules.limits.size(); i++) {
            Limit limit = rules.limits.get(i);
            String at = where + ", <limit> " + (i + 1) + ": ";
            if ((limit.tag == null) == (limit.metric == null)) {
                problems.add(at + (limit.tag == null ? "names neither a <tag> nor" : "names both a <tag> and")
                        + " a <metric>; each <limit> names exactly one of them");
                continue;
            }
            try {
                Limits limits = new Limits(limit.minPassRate, limit.minScore, limit.maxRegression);
                if (limit.tag != null) builder.tag(limit.tag, limits);
                else builder.metric(limit.metric, limits);
            } catch (IllegalArgumentException e) {
                problems.add(at + e.getMessage());
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return GateRules.defaults();
        }
    }

    @SafeVarargs
    private static <E extends Enum<E>> Optional<E> choice(Class<E> type, String element, String value, String where,
                                                          List<String> problems, E... allowed) {
        List<E> choices = allowed.length == 0 ? Arrays.asList(type.getEnumConstants()) : Arrays.asList(allowed);
        String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        Optional<E> chosen = choices.stream().filter(c -> c.name().equals(name)).findFirst();
        if (chosen.isEmpty()) {
            problems.add(where + ": <" + element + ">" + value + "</" + element + "> is not one of "
                    + choices.toString().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return chosen;
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
