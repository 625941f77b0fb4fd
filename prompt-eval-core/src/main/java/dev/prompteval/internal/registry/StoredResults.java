package dev.prompteval.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * What a version's last stored eval run tells the plan of the next run against it: how many rows it had, the tokens
 * a call read and wrote, and how much a row's paired difference of scores spread.
 *
 * @param runId            the stored run
 * @param rows             rows it evaluated
 * @param meanInputTokens  tokens a call read, averaged over the rows that know it; null when none does
 * @param meanOutputTokens tokens a call wrote, likewise
 * @param differenceSd     the standard deviation of one unit's (row's or cluster's) paired difference of scores in
 *                         that run's comparison, or null when it had no baseline
 */
public record StoredResults(String runId, int rows, Double meanInputTokens, Double meanOutputTokens,
                            Double differenceSd) {

    /** The results of a pushed run, as read back from what was pushed. */
    public static StoredResults of(EvalRunRecord run) {
        return new StoredResults(run.runId(), run.rows().size(),
                mean(run.rows().stream().mapToLong(EvalRunRecord.RowOutcome::inputTokens).boxed().toList()),
                mean(run.rows().stream().mapToLong(EvalRunRecord.RowOutcome::outputTokens).boxed().toList()),
                differenceSd(run.summary()).orElse(null));
    }

    /**
     * The spread of one unit's paired difference in a {@code gate.json} suite entry: the decisive standard error of
     * the overall score's comparison times the square root of its units. Empty without a comparison.
     */
    public static Optional<Double> differenceSd(JsonNode suiteEntry) {
        for (JsonNode comparison : suiteEntry.path("comparisons")) {
            if (!"score".equals(comparison.path("metric").asText())) continue;
            JsonNode se = comparison.path("decisionStandardError");
            long units = comparison.path("clusters").asLong(comparison.path("n").asLong(0));
            if (se.isNumber() && units > 1) return Optional.of(se.doubleValue() * Math.sqrt(units));
        }
        return Optional.empty();
    }

    /** The mean of the known (non-negative) counts, or null when none is known. */
    public static Double mean(List<Long> counts) {
        long sum = 0;
        long known = 0;
        for (long count : counts) {
            if (count < 0) continue;
            sum += count;
            known++;
        }
        return known == 0 ? null : (double) sum / known;
    }
}
