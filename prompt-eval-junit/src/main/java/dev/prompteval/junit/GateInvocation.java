package dev.prompteval.junit;

import dev.prompteval.gate.Decision;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.gate.RuleCheck;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The last invocation, named {@code gate}: decides the suite over the runs as the row invocations left them, writes
 * the result file, and fails when the gate blocks. The test method's body is not called; its parameters get null.
 */
final class GateInvocation extends SuiteInvocation {
    static final String NAME = "gate";

    private final SuiteState state;

    GateInvocation(SuiteState state) {
        this.state = state;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
        return NAME;
    }

    /** Runs the suite here when no row invocation did (only the gate was selected). */
    @Override
    public void beforeTestExecution(ExtensionContext context) {
        state.runs(context);
    }

    /** The body is skipped, so there is nothing to give it. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return null;
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) {
        invocation.skip();
        List<String> notes = state.runNotes(context);
        GateResult gate = state.gate(context);
        String suite = state.suite().name();
        context.publishReportEntry("prompt-eval.decision", suite + ": " + gate.decision());
        publish(context, "prompt-eval.warning", gate.warnings().stream().map(RuleCheck::message).toList());
        publish(context, "prompt-eval.note", notes);
        publish(context, "prompt-eval.note", gate.notes());
        if (gate.blocking()) {
            String message = "suite " + suite + ": the gate says " + gate.decision() + gate.violations().stream()
                    .map(RuleCheck::message).collect(Collectors.joining("\n  - ", "\n  - ", ""));
            // Rows the provider did not answer are an error of the run (JUnit's "error"), not a failed assertion.
            if (gate.decision() == Decision.NOT_EVALUATED) throw new NotEvaluatedException(message);
            throw new AssertionFailedError(message);
        }
    }

    /** The suite got no verdict: some rows had no answer from the provider; running again resumes them. */
    static final class NotEvaluatedException extends RuntimeException {
        NotEvaluatedException(String message) {
            super(message);
        }
    }

    private static void publish(ExtensionContext context, String key, List<String> lines) {
        lines.forEach(line -> context.publishReportEntry(key, line));
    }
}
