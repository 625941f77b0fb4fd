package dev.prompteval.internal.stats;

import java.util.Map;
import java.util.Optional;

/**
 * One run's own numbers: for every measure and slice, the mean over the rows that have a value, its (clustered)
 * standard error and t-interval. Absolute rules ({@code minPassRate}, {@code minScore}) are judged on these.
 *
 * @param suite   the suite name
 * @param metrics estimates by metric, overall first, then per {@code __metric}, then per tag
 */
public record RunSummary(String suite, Map<MetricKey, MeanEstimate> metrics) {
    public RunSummary {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }

    public Optional<MeanEstimate> get(MetricKey key) {
        return Optional.ofNullable(metrics.get(key));
    }
}
