package dev.prompteval.junit;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.junit.launcher.PromptEvalLauncher;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunOutcome;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.suite.EvaluationSession;
import dev.prompteval.internal.suite.PreparedSuite;
import dev.prompteval.internal.suite.SuiteEvaluator.SuiteRuns;
import dev.prompteval.internal.suite.SuiteEvaluator;
import dev.prompteval.internal.suite.SuiteProgress;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.internal.suite.SuiteResultFile;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.template.ModelSpec;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code @PromptEval} method's suite while its invocations run: prepared once, run once (on first need, all
 * calls at once), adjusted by the test bodies, gated by the last invocation. Kept in the test method's
 * {@link ExtensionContext.Store}, which closes it when the method is done.
 */
final class SuiteState implements AutoCloseable {
    /** One build's reports are rewritten by one suite at a time (test classes may run in parallel). */
    private static final Object REPORTS = new Object();

    private final PreparedSuite suite;
    private final SuiteEvaluator evaluator;
    private final EvaluationSession session;
    private final MethodTarget target;
    private final String source;
    private final boolean bodyOnBaseline;
    private final Adjustments candidateAdjustments = new Adjustments();
    private final Adjustments baselineAdjustments = new Adjustments();
    private final CancellationToken cancel = new CancellationToken();
    private SuiteRuns runs;
    private RuntimeException runFailure;

    /**
     * @param session        the test run's runtime, shared with its other suites (it is not this suite's to close)
     * @param target         the class's {@code @PromptTarget}, or null to call the configured model
     * @param source         where the suite is configured ({@code @PromptEval <class>#<method>})
     * @param bodyOnBaseline whether test bodies judge the baseline's outputs too
     */
    SuiteState(PreparedSuite suite, SuiteEvaluator evaluator, EvaluationSession session, MethodTarget target,
               String source, boolean bodyOnBaseline) {
        this.suite = suite;
        this.evaluator = evaluator;
        this.session = session;
        this.target = target;
        this.source = source;
        this.bodyOnBaseline = bodyOnBaseline;
    }

    PreparedSuite suite() {
        return suite;
    }

    /** What the test bodies decided about the candidate's outputs. */
    Adjustments candidateAdjustments() {
        return candidateAdjustments;
    }

    /** What the test bodies decided about the baseline's outputs. */
    Adjustments baselineAdjustments() {
        return baselineAdjustments;
    }

    boolean bodyOnBaseline() {
        return bodyOnBaseline && suite.baseline() != null;
    }

    /**
     * The suite's runs, made on the first call: every row and sample of both versions, concurrently.
     *
     * @param context an invocation's context; its test instance serves a non-static {@code @PromptTarget}
     * @throws IllegalStateException when the suite could not run, on this and every later call
     */
    synchronized SuiteRuns runs(ExtensionContext context) {
        if (runs == null && runFailure == null) {
            try {
                runs = evaluator.run(suite, target(context), SuiteProgress.NONE, cancel);
            } catch (RuntimeException e) {
                runFailure = e;
            }
        }
        if (runFailure != null) {
            throw new IllegalStateException("suite " + suite.name() + " could not run: " + runFailure.getMessage(),
                    runFailure);
        }
        return runs;
    }

    private ModelProvider target(ExtensionContext context) {
        if (target == null) return null;
        Object instance = target.isStatic() ? null
                : context.getRequiredTestInstances().findInstance(target.declaringClass()).orElseThrow(
                        () -> new IllegalStateException("no instance of " + target.declaringClass().getName()
                                + " to call its @PromptTarget on"));
        return target.bind(instance);
    }

    /**
     * The candidate's sample for a row invocation.
     *
     * @throws ModelCallFailedException when it has none (the run stopped early) or its call failed
     */
    SampleResult candidate(ExtensionContext context, int index, Row row, int sample) {
        RunOutcome outcome = runs(context).candidate();
        SampleResult result = sample(outcome, index, row, sample, "candidate");
        if (result.errored()) {
            throw new ModelCallFailedException("row " + row.displayName() + sampleText(sample) + ": the candidate ("
                    + outcome.result().reference() + ") has no scored output: " + result.error());
        }
        return result;
    }

    /**
     * The baseline's sample for a row invocation (possibly errored), or null when the suite has no baseline.
     *
     * @throws ModelCallFailedException when the baseline run has none for it (it stopped early)
     */
    SampleResult baseline(ExtensionContext context, int index, Row row, int sample) {
        RunOutcome outcome = runs(context).baseline();
        return outcome == null ? null : sample(outcome, index, row, sample, "baseline");
    }

    /**
     * The gate over the runs as the test bodies adjusted them, taken by the one decision path; keeps the suite's
     * result under the output folder and rewrites the build's reports over every suite kept there (unless the
     * launcher's caller writes them, {@link PromptEvalLauncher#REPORTS_BY_CALLER}).
     */
    GateResult gate(ExtensionContext context) {
        SuiteRuns made = runs(context);
        RunResult candidate = asRun(candidateAdjustments.apply(made.candidate().result()));
        RunResult baseline = made.baseline() == null ? null
                : asRun(baselineAdjustments.apply(made.baseline().result()));
        var result = new SuiteResult(SuiteResult.FORMAT_VERSION, suite.name(), source, suite.spec().rules(),
                candidate, baseline, runNotes(context), suite.candidate().template().toJson());
        Path outputDir = session.settings().outputDir();
        boolean callerReports = context.getConfigurationParameter(PromptEvalLauncher.REPORTS_BY_CALLER)
                .map(Boolean::parseBoolean).orElse(false);
        SuiteReport own = result.report();
        synchronized (REPORTS) {
            SuiteResultFile.write(outputDir, result);
            if (!callerReports) {
                // this suite as just decided (its re-read file would be decided again), the others as kept
                List<SuiteResult> kept = SuiteResultFile.readAll(outputDir).stream()
                        .map(read -> read.suite().equals(result.suite()) ? result : read).toList();
                session.evaluation(Clock.systemUTC()).report(kept, List.of(own.gate()));
            }
        }
        return own.gate();
    }

    /** A run as the reports show it: when a {@code @PromptTarget} stood in for the model, it is named as provider. */
    private RunResult asRun(RunResult run) {
        if (target == null) return run;
        ModelSpec model = run.model();
        return new RunResult(run.suite(), run.prompt(), run.reference(), run.version(), run.contentHash(),
                run.datasetHash(), new ModelSpec(target.endpoint(), model == null ? null : model.name(),
                model == null ? java.util.Map.of() : model.parameters()), run.rows(), run.complete());
    }

    /** What the build should know about the runs besides the gate: early stops, run warnings, untested rows. */
    List<String> runNotes(ExtensionContext context) {
        SuiteRuns made = runs(context);
        var notes = new ArrayList<>(SuiteReport.runMessages(made.candidate(), made.baseline()));
        long untested = candidateAdjustments.untested(made.candidate().result());
        if (untested > 0) {
            notes.add(suite.name() + ": the test body did not run for " + untested + " scored sample(s) (their "
                    + "invocations were not selected, or failed before the body), so only their dataset assertions "
                    + "count");
        }
        return notes;
    }

    private SampleResult sample(RunOutcome outcome, int index, Row row, int sample, String side) {
        List<RowResult> rows = outcome.result().rows();
        // Results are in dataset order, one per row read; position (not id) pairs them, as ids may repeat.
        if (index < rows.size()) {
            RowResult result = rows.get(index);
            if (!result.id().equals(row.id())) {
                throw new IllegalStateException("the " + side + " run's row " + (index + 1) + " is " + result.id()
                        + ", expected " + row.id() + "; the dataset changed while the suite ran");
            }
            for (SampleResult s : result.samples()) {
                if (s.sample() == sample) return s;
            }
        }
        throw new ModelCallFailedException("row " + row.displayName() + sampleText(sample) + " has no " + side
                + " result: " + outcome.message());
    }

    private String sampleText(int sample) {
        return suite.spec().repeat() == 1 ? "" : " sample " + (sample + 1);
    }

    @Override
    public void close() {
        cancel.cancel("the test method finished");
    }
}
