/**
 * One suite's rows spread over the CI system's own parallel jobs (GitHub Actions' matrix, GitLab's
 * {@code parallel:}): {@link dev.prompteval.internal.shard.Shard} says which part of the rows a job evaluates (by a stable
 * hash of the row's cluster or id, {@link dev.prompteval.internal.shard.ShardAssignment}); {@link dev.prompteval.internal.shard.ShardRun}
 * runs both prompt versions over that part and writes a {@link dev.prompteval.internal.shard.ShardFile} instead of deciding;
 * {@link dev.prompteval.internal.shard.ShardMerge} reads every shard's file, refuses a missing, duplicated or mismatched one,
 * and hands the merged runs to the one decision path, {@link dev.prompteval.internal.suite.Evaluation#report}.
 */
package dev.prompteval.internal.shard;
