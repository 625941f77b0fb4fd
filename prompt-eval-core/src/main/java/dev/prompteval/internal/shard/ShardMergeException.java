package dev.prompteval.internal.shard;

import dev.prompteval.internal.PromptEvalException;

import java.util.List;

/**
 * Shard files that cannot be merged into one decision: a shard missing, one present twice, files of other prompt
 * content, datasets, rules, settings or another split. Every problem is listed, each naming its file; nothing was
 * written.
 */
public class ShardMergeException extends PromptEvalException {
    private static final long serialVersionUID = 1L;

    public ShardMergeException(List<String> problems) {
        super(problems);
    }
}
