package dev.prompteval.junit;

import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.suite.PromptEvalSettings;
import dev.prompteval.internal.suite.SuiteSpec;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@link PromptEval} annotation read into the suite it configures, every problem collected rather than the first
 * thrown.
 *
 * @param validName whether the suite's name can name files (recordings, the result file)
 */
record AnnotationSuite(SuiteSpec spec, boolean validName) {
    /** What {@code RecordingStore} accepts, so the name works for recordings as for the result file. */
    private static final Pattern SUITE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    static AnnotationSuite read(PromptEval a, Class<?> testClass, Method method, PromptEvalSettings build,
                                Placeholders placeholders, List<String> problems) {
        String name = a.suite().isBlank() ? testClass.getSimpleName() + "." + method.getName()
                : placeholders.resolve("suite", a.suite()).strip();
        boolean validName = SUITE_NAME.matcher(name).matches();
        if (!validName) {
            problems.add("suite = \"" + name + "\" cannot name the suite's files; use letters, digits, '.', '_' and "
                    + "'-', starting with a letter or digit");
        }
        String prompt = required("prompt", a.prompt(), "the prompt's registry name, e.g. support/order-summary",
                placeholders, problems);
        String candidate = required("candidate", a.candidate(), "file:src/main/prompts/x.json, version:N or "
                + "label:L", placeholders, problems);
        String baseline = placeholders.resolve("baseline", a.baseline());

        var locator = new DatasetLocator(testClass, build.projectDir(),
                build.outputDir().resolve("junit").resolve("datasets").resolve(name));
        var datasets = new ArrayList<Path>();
        if (a.dataset().length == 0) problems.add("dataset = {} names no dataset; e.g. dataset = \"/datasets/x.csv\"");
        for (String entry : a.dataset()) {
            Path file = locator.locate(placeholders.resolve("dataset", entry), problems);
            if (file != null) datasets.add(file);
        }

        var model = new SuiteSpec.ModelOverride(optional("provider", a.provider(), placeholders),
                optional("model", a.model(), placeholders), null);
        return new AnnotationSuite(new SuiteSpec(name, prompt, candidate, baseline, datasets, model,
                optional("baseUrl", a.baseUrl(), placeholders), repeat(a, build, problems), List.of(a.assertions()),
                rules(a, problems), Boolean.FALSE, null, optional("apiKeyEnv", a.apiKeyEnv(), placeholders)),
                validName);
    }

    /**
     * Checks that the models both versions are configured for can be called: a provider name and base URL are only
     * used when the run starts, and a mistake there is a configuration error, not an error on every row.
     */
    private static String required(String attribute, String value, String example, Placeholders placeholders,
                                   List<String> problems) {
        String resolved = placeholders.resolve(attribute, value).strip();
        if (resolved.isEmpty()) problems.add(attribute + " is empty; give " + example);
        return resolved;
    }

    private static String optional(String attribute, String value, Placeholders placeholders) {
        String resolved = placeholders.resolve(attribute, value).strip();
        return resolved.isEmpty() ? null : resolved;
    }

    private static int repeat(PromptEval a, PromptEvalSettings build, List<String> problems) {
        if (a.repeat() < 0) problems.add("repeat = " + a.repeat() + " must be at least 1 (0: promptEval.repeat)");
        return a.repeat() > 0 ? a.repeat() : build.repeat();
    }

    private static GateRules rules(PromptEval a, List<String> problems) {
        try {
            return GateRules.builder().confidenceLevel(a.confidenceLevel()).maxRegression(a.maxRegression())
                    .minPassRate(a.minPassRate() < 0 ? null : a.minPassRate())
                    .minScore(a.minScore() < 0 ? null : a.minScore())
                    .policy(a.policy()).maxRepeat(a.maxRepeat()).build();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return GateRules.defaults();
        }
    }
}
