package dev.prompteval.internal.run;

import dev.prompteval.template.ModelSpec;

import java.util.List;

/**
 * One prompt version run over one suite's rows.
 *
 * @param suite       the suite name
 * @param prompt      the prompt's registry name
 * @param reference   what was evaluated, as written ({@code file:prompts/x.json}, {@code version:3}, {@code label:prod})
 * @param version     the registry version number, or null for a working-tree file
 * @param contentHash the template's content hash ({@code sha256:...})
 * @param datasetHash SHA-256 of the dataset files' bytes
 * @param model       the model actually called (after overrides)
 * @param rows        per-row results, in dataset order
 * @param complete    false when the run stopped early (budget, interruption); an incomplete run fails the gate
 */
public record RunResult(String suite, String prompt, String reference, Integer version, String contentHash,
                        String datasetHash, ModelSpec model, List<RowResult> rows, boolean complete) {
    public RunResult {
        // A runner's rows (held in memory, or read back from its scratch file when asked for) are kept as they are;
        // any other list is copied.
        rows = rows instanceof RowResultFile.Rows ? rows : List.copyOf(rows);
    }
}
