package dev.prompteval.junit;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.score.AssertionResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The invocation for one sample of one row: supplies its parameters, fails it when the dataset's assertions failed,
 * and records what the test body decided.
 */
final class RowInvocation extends SuiteInvocation {
    private final SuiteState state;
    private final Row row;
    private final int index;
    private final int sample;
    private final InvocationNames names;
    private final PromptScores candidateScores;

    /** @param index the row's 0-based position in the suite's datasets */
    RowInvocation(SuiteState state, Row row, int index, int sample, InvocationNames names) {
        this.state = state;
        this.row = row;
        this.index = index;
        this.sample = sample;
        this.names = names;
        this.candidateScores = new PromptScores(row.displayName());
    }

    @Override
    public String getDisplayName(int invocationIndex) {
        return names.name(row, invocationIndex, sample);
    }

    /**
     * Runs the suite before the first body, after {@code @BeforeEach}, so a target sees a set-up instance. A row
     * without an output fails here, as an error, before its parameters are resolved.
     */
    @Override
    public void beforeTestExecution(ExtensionContext context) {
        state.candidate(context, index, row, sample);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == PromptRow.class) return new PromptRow(row);
        if (type == PromptScores.class) return candidateScores;
        if (!parameter.isAnnotated(Baseline.class)) return candidateOutput(context);
        SampleResult baseline = state.baseline(context, index, row, sample);
        if (baseline == null) {
            throw new ParameterResolutionException("@Baseline PromptOutput needs a baseline, but suite "
                    + state.suite().name() + " has baseline = \"" + state.suite().spec().baseline() + "\"; set "
                    + "baseline (e.g. label:prod) or remove the parameter");
        }
        return baselineOutput(baseline);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext context) throws Throwable {
        var key = new Adjustments.Key(index, sample);
        Adjustments candidate = state.candidateAdjustments();
        candidate.tested(key);
        candidate.scores(key, candidateScores);
        RowScore score = state.candidate(context, index, row, sample).score();
        Throwable failure = null;
        if (score.pass()) {
            try {
                invocation.proceed();
            } catch (TestAbortedException aborted) {
                throw aborted; // an assumption that did not hold: the row is not judged by the body, for either side
            } catch (Throwable bodyFailure) {
                candidate.failed(key, oneLine(bodyFailure));
                failure = bodyFailure;
            }
        } else {
            invocation.skip();
            failure = new AssertionFailedError(datasetFailure(score));
        }
        if (state.bodyOnBaseline()) judgeBaseline(key, invocationContext, context);
        if (failure != null) throw failure;
    }

    /** Calls the body again with the baseline's output, so both versions face the same checks. */
    private void judgeBaseline(Adjustments.Key key, ReflectiveInvocationContext<Method> invocationContext,
                               ExtensionContext context) {
        Method method = invocationContext.getExecutable();
        Parameter[] parameters = method.getParameters();
        // A body that takes the baseline's output compares the two; it has nothing to say about the baseline alone.
        if (Arrays.stream(parameters).anyMatch(p -> p.isAnnotationPresent(Baseline.class))) return;
        SampleResult baseline = state.baseline(context, index, row, sample);
        if (baseline.score() == null || !baseline.score().pass()) return; // already failed, like the candidate's
        var scores = new PromptScores(row.displayName());
        state.baselineAdjustments().scores(key, scores);
        Object[] arguments = invocationContext.getArguments().toArray();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].getType() == PromptScores.class) arguments[i] = scores;
            if (parameters[i].getType() == PromptOutput.class) arguments[i] = baselineOutput(baseline);
        }
        try {
            method.trySetAccessible();
            method.invoke(invocationContext.getTarget().orElse(null), arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof TestAbortedException) return;
            String message = oneLine(e.getCause());
            state.baselineAdjustments().failed(key, message);
            context.publishReportEntry("prompt-eval.baseline-failed", row.displayName() + ": " + message);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method + " again for the baseline's output", e);
        }
    }

    private PromptOutput candidateOutput(ExtensionContext context) {
        return new PromptOutput("candidate " + state.suite().spec().candidate().strip(), new PromptRow(row),
                state.candidate(context, index, row, sample));
    }

    private PromptOutput baselineOutput(SampleResult baseline) {
        return new PromptOutput("baseline " + state.suite().spec().baseline().strip(), new PromptRow(row), baseline);
    }

    private static String oneLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private String datasetFailure(RowScore score) {
        String failed = score.assertions().stream().filter(a -> !a.score().pass())
                .map(RowInvocation::describe).collect(Collectors.joining("\n  - ", "\n  - ", ""));
        return "row " + row.displayName() + " failed its dataset assertions (" + score.reason() + "):" + failed;
    }

    private static String describe(AssertionResult result) {
        return result.assertion().column() + " " + result.assertion().display() + ": " + result.score().reason();
    }
}
