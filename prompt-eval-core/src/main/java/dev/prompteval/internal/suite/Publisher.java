package dev.prompteval.internal.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.gate.Decision;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.LabelMove;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.PromptRegistry;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.report.ReportException;
import dev.prompteval.report.GateFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Publishes candidates only through the gate: a working-tree candidate becomes a new registry version (and the
 * release label moves to it), a registry candidate gets the label, and the evaluation's results are pushed against
 * that version. It refuses, before any registry write, unless {@code gate.json} says PASS for exactly the content
 * being published and for the baseline the registry holds now. An override needs a reason, which is recorded with the
 * published version.
 */
public final class Publisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromptRegistry registry;
    private final Path projectDir;
    private final Path outputDir;

    /**
     * @param outputDir where the evaluation wrote {@code gate.json} and {@code results/}
     */
    public Publisher(PromptRegistry registry, Path projectDir, Path outputDir) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.projectDir = Objects.requireNonNull(projectDir, "projectDir");
        this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
    }

    /**
     * What to publish.
     *
     * @param label          the release label to move to the published version, or null for none
     * @param commitMessage  the new version's commit message
     * @param overrideReason publish although the gate did not pass; null for no override. Recorded with the version
     * @param dryRun         only say what would happen
     */
    public record Options(String label, String commitMessage, String overrideReason, boolean dryRun) {
    }

    /**
     * Checks every suite, then (only when none is refused) publishes each.
     *
     * @return one line per action taken (or, for a dry run, that would be taken)
     * @throws PublishRefusedException listing every refusal; nothing was written to the registry
     */
    public List<String> publish(List<SuiteSpec> suites, Options options) {
        boolean override = options.overrideReason() != null && !options.overrideReason().isBlank();
        var refusals = new ArrayList<String>();
        var plans = new ArrayList<Plan>();
        GateFile gate = readGate(refusals);
        for (SuiteSpec suite : suites) {
            Plan plan = check(suite, gate, refusals);
            if (plan != null) plans.add(plan);
        }
        if (!refusals.isEmpty() && !override) throw new PublishRefusedException(refusals);
        var lines = new ArrayList<String>();
        refusals.forEach(r -> lines.add("OVERRIDDEN (" + options.overrideReason().strip() + "): " + r));
        for (Plan plan : plans) lines.add(execute(plan, options, override));
        return lines;
    }

    private record Plan(SuiteSpec suite, RegistryPrompt candidate, Integer expectedLatest) {
    }

    private GateFile readGate(List<String> refusals) {
        try {
            return GateFile.read(outputDir.resolve("gate.json"));
        } catch (ReportException e) {
            refusals.add(e.getMessage());
            return null;
        }
    }

    private Plan check(SuiteSpec suite, GateFile gate, List<String> refusals) {
        String name = suite.name();
        RegistryPrompt candidate;
        Integer latest;
        try {
            candidate = resolve(suite.prompt(), suite.candidate());
            List<Integer> versions = registry.listVersions(suite.prompt());
            latest = versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
        } catch (RegistryException e) {
            refusals.add("suite " + name + ": " + e.getMessage());
            return null;
        }
        if (gate == null) return new Plan(suite, candidate, latest);
        var entry = gate.suite(name);
        if (entry.isEmpty()) {
            refusals.add("suite " + name + ": gate.json has no result for it; evaluate it (mvn verify) before"
                    + " publishing");
            return new Plan(suite, candidate, latest);
        }
        GateFile.Suite evaluated = entry.get();
        // The gate's policy decides what may be published: a FAIL never, an INCONCLUSIVE only under the default
        // policy (it blocks under require-shown-within-margin), so publish and the build agree.
        if (evaluated.blocking() && evaluated.decision() == Decision.NOT_EVALUATED) {
            refusals.add("suite " + name + ": the gate decided NOT_EVALUATED (the provider left rows without an"
                    + " answer: no verdict on the prompt); evaluate again to resume, then publish");
        } else if (evaluated.blocking()) {
            refusals.add("suite " + name + ": the gate decided " + evaluated.decision() + ", which blocks publishing"
                    + " under its policy; see report.html, fix the prompt and evaluate again");
        }
        String hash = candidate.template().contentHash();
        if (!hash.equals(evaluated.candidate().contentHash())) {
            refusals.add("suite " + name + ": " + suite.candidate() + " changed since it was evaluated (content "
                    + hash + ", evaluated " + evaluated.candidate().contentHash() + "); evaluate it again");
        }
        checkBaseline(suite, evaluated, refusals);
        return new Plan(suite, candidate, latest);
    }

    private void checkBaseline(SuiteSpec suite, GateFile.Suite evaluated, List<String> refusals) {
        if (evaluated.baseline() == null) return;
        try {
            RegistryPrompt now = resolve(suite.prompt(), evaluated.baseline().reference());
            if (!now.template().contentHash().equals(evaluated.baseline().contentHash())
                    || !Objects.equals(now.version(), evaluated.baseline().version())) {
                refusals.add("suite " + suite.name() + ": the baseline " + evaluated.baseline().reference()
                        + " is now version " + now.version() + ", but the gate compared against version "
                        + evaluated.baseline().version() + "; evaluate again against the current baseline");
            }
        } catch (RegistryException e) {
            refusals.add("suite " + suite.name() + ": the baseline " + evaluated.baseline().reference()
                    + " cannot be read now: " + e.getMessage());
        }
    }

    private String execute(Plan plan, Options options, boolean override) {
        SuiteSpec suite = plan.suite();
        String prompt = suite.prompt();
        String message = options.commitMessage() + (override ? " [gate overridden: " + options.overrideReason().strip()
                + "]" : "");
        List<String> labels = options.label() == null || options.label().isBlank() ? List.of()
                : List.of(options.label().strip());
        boolean working = plan.candidate().version() == null;
        if (options.dryRun()) {
            return "suite " + suite.name() + ": would " + (working ? "publish " + suite.candidate() + " as a new "
                    + "version of " + prompt : "use " + prompt + " version " + plan.candidate().version())
                    + (labels.isEmpty() ? "" : " and move label " + labels.get(0) + " to it")
                    + " (commit message: " + message + "), then push its results";
        }
        int version = working
                ? registry.publish(prompt, plan.candidate().template(), message, List.of(), plan.expectedLatest())
                : plan.candidate().version();
        // labels move after publishing, each read back, so a protected label held for approval is reported as such
        StringBuilder moves = new StringBuilder();
        for (String label : labels) {
            LabelMove move = registry.moveLabel(prompt, label, version);
            moves.append(" (label ").append(label).append(move == LabelMove.PENDING_APPROVAL
                    ? ": pending approval in the registry; it still points at the previous version" : "").append(")");
        }
        return "suite " + suite.name() + ": " + prompt + " version " + version + moves
                + pushResults(suite, prompt, version);
    }

    private String pushResults(SuiteSpec suite, String prompt, int version) {
        Path file = Evaluation.resultsFile(outputDir, suite.name());
        if (!Files.isRegularFile(file)) return "; no results to push (" + file + " is missing)";
        try {
            EvalRunRecord record = JSON.readValue(file.toFile(), EvalRunRecord.class);
            registry.pushResults(prompt, version, record);
            return "; pushed " + record.rows().size() + " row results (run " + record.runId() + ")";
        } catch (IOException | RegistryException e) {
            return "; its results were NOT pushed (" + e.getMessage() + "); they stay in " + file;
        }
    }

    private RegistryPrompt resolve(String prompt, String text) {
        PromptReference reference = PromptReference.parse(text);
        if (reference instanceof PromptReference.File file) reference = file.resolveAgainst(projectDir);
        return registry.get(prompt, reference);
    }
}
