package dev.prompteval.junit;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.junit.ExtensionSettings;
import dev.prompteval.internal.suite.EvaluationSession;
import dev.prompteval.internal.suite.PreparedSuite;
import dev.prompteval.internal.suite.PromptEvalSettings;
import dev.prompteval.internal.suite.SuitePlan;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.internal.suite.SuiteResultFile;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The extension behind {@link PromptEval @PromptEval}; use the annotation rather than registering this class.
 * It sets the suite up (resolving and validating before any model call) and provides one invocation per row and
 * sample, then the {@code gate} invocation.
 */
final class PromptEvalExtension implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PromptEval.class);
    private static final String SUITE_KEY = "suite";
    private static final String SUITE_NAMES_KEY = "suite-names";
    private static final String SESSION_KEY = "session";

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, PromptEval.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Class<?> testClass = context.getRequiredTestClass();
        PromptEval annotation = AnnotationSupport.findAnnotation(method, PromptEval.class).orElseThrow();
        Setup setup = setUp(context, testClass, method, annotation);
        SuiteState state = setup.state();
        context.getStore(NAMESPACE).put(SUITE_KEY, state);

        PreparedSuite suite = state.suite();
        // Said once, before any invocation calls the model.
        suite.notices().forEach(notice -> context.publishReportEntry("prompt-eval.warning", notice));
        int repeat = suite.spec().repeat();
        var index = new AtomicInteger();
        Stream<TestTemplateInvocationContext> rows = suite.datasets().stream()
                .flatMap(dataset -> dataset.rows().stream())
                .flatMap(row -> invocations(state, row, index.getAndIncrement(), repeat, setup.names()));
        return Stream.concat(rows, Stream.of(new GateInvocation(state)));
    }

    private static Stream<TestTemplateInvocationContext> invocations(SuiteState state, Row row, int index, int repeat,
                                                                     InvocationNames names) {
        return IntStream.range(0, repeat).mapToObj(sample -> new RowInvocation(state, row, index, sample, names));
    }

    /** A suite ready to run, and how its invocations are named. */
    private record Setup(SuiteState state, InvocationNames names) {
    }

    private static Setup setUp(ExtensionContext context, Class<?> testClass, Method method,
                                    PromptEval annotation) {
        String where = "@PromptEval " + testClass.getSimpleName() + "." + method.getName();
        var problems = new ArrayList<String>();
        PromptEvalSettings settings = ExtensionSettings.read(context::getConfigurationParameter, problems);
        AnnotationSuite configured = AnnotationSuite.read(annotation, testClass, method, settings,
                new Placeholders(context::getConfigurationParameter, problems), problems);
        claimName(context, configured.spec().name(), where, problems);
        if (configured.validName()) SuiteResultFile.delete(settings.outputDir(), configured.spec().name());
        InvocationNames names = InvocationNames.of(annotation.name(), configured.spec().repeat(), problems);
        MethodTarget target = MethodTarget.find(testClass, problems);
        if (!problems.isEmpty()) throw configurationError(where, problems);
        try {
            EvaluationSession session = session(context, settings, testClass.getClassLoader());
            var evaluator = session.evaluator();
            PreparedSuite suite = evaluator.prepare(configured.spec(), target == null);
            SuitePlan plan = SuitePlan.of(suite, session.runtime(), target == null);
            context.publishReportEntry("prompt-eval.plan", plan.summary());
            plan.warnings().forEach(warning -> context.publishReportEntry("prompt-eval.plan-warning", warning));
            String source = SuiteResult.annotationSource(testClass.getName(), method.getName());
            return new Setup(new SuiteState(suite, evaluator, session, target, source,
                    annotation.bodyOnBaseline()), names);
        } catch (PromptEvalException e) {
            throw configurationError(where, e.problems());
        }
    }

    /**
     * The test run's one runtime for these settings: opened by the first suite, shared by the others (so graders,
     * recordings and the report folder are too), closed by JUnit when the run ends.
     */
    private static EvaluationSession session(ExtensionContext context, PromptEvalSettings settings,
                                             ClassLoader loader) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
                SESSION_KEY + settings.toProperties(),
                k -> EvaluationSession.open(settings, loader, System::getenv), EvaluationSession.class);
    }

    /** Two suites of one test run must not share a name: they would share recordings and a result file. */
    private static void claimName(ExtensionContext context, String suite, String where, List<String> problems) {
        @SuppressWarnings("unchecked")
        Map<String, String> claimed = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SUITE_NAMES_KEY, k -> new ConcurrentHashMap<String, String>(), Map.class);
        String other = claimed.putIfAbsent(suite, where);
        if (other != null && !other.equals(where)) {
            problems.add("suite name " + suite + " is already used by " + other + "; set suite = \"...\" to tell "
                    + "them apart");
        }
    }

    private static ExtensionConfigurationException configurationError(String where, List<String> problems) {
        return new ExtensionConfigurationException(where + " cannot run: " + (problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  - " + String.join("\n  - ", problems)));
    }
}
