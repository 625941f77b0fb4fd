/**
 * One suite's rows spread over the CI system's own parallel jobs (GitHub Actions' matrix, GitLab's
 * {@code parallel:}): {@link dev.prompteval.shard.Shard} says which part of the rows a job evaluates (by a stable
 * hash of the row's cluster or id, {@link dev.prompteval.shard.ShardAssignment}); {@link dev.prompteval.shard.ShardRun}
 * runs both prompt versions over that part and writes a {@link dev.prompteval.shard.ShardFile} instead of deciding;
 * {@link dev.prompteval.shard.ShardMerge} reads every shard's file, refuses a missing, duplicated or mismatched one,
 * and hands the merged runs to the one decision path, {@link dev.prompteval.suite.Evaluation#report}.
 */
package dev.prompteval.shard;
