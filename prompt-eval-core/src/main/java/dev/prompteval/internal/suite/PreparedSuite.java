package dev.prompteval.internal.suite;

import dev.prompteval.internal.dataset.Dataset;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.score.RowScorer;
import dev.prompteval.template.ModelSpec;

import java.util.List;

/**
 * A suite whose references are resolved and whose datasets validated against both prompt versions: ready to run.
 *
 * @param baseline      null when the suite has no baseline
 * @param baselineModel null when the suite has no baseline
 * @param datasetHash   one hash over all the suite's datasets, in order
 * @param notices       what the run must say once before any call, e.g. a template parameter the provider's API has
 *                      no equivalent for and that is not sent; each line names the suite
 */
public record PreparedSuite(SuiteSpec spec, RegistryPrompt candidate, ModelSpec candidateModel,
                            RegistryPrompt baseline, ModelSpec baselineModel, List<Dataset> datasets,
                            String datasetHash, RowScorer rowScorer, List<String> notices) {
    public PreparedSuite {
        datasets = List.copyOf(datasets);
        notices = List.copyOf(notices);
    }

    public String name() {
        return spec.name();
    }

    /** Every row of the suite's datasets, in order, streamed (each iteration reads the files again). */
    public Iterable<dev.prompteval.dataset.Row> rows() {
        return new DatasetRows(datasets);
    }
}
