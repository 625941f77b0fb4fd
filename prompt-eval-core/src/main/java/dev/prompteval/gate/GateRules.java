package dev.prompteval.gate;

import dev.prompteval.stats.ComparisonOptions;
import dev.prompteval.stats.IntervalMethod;
import dev.prompteval.stats.PairedBootstrap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A suite's gate rules, in the JaCoCo style: absolute minimums, an allowed regression and a confidence level.
 * All values are on the 0..1 scale.
 *
 * @param confidenceLevel    two-sided confidence level of every interval, default 0.95
 * @param maxRegression      allowed drop m of the overall score and pass rate against the baseline, default 0.02
 * @param minPassRate        minimum overall pass rate, or null
 * @param minScore           minimum overall mean score, or null
 * @param metricLimits       limits per {@code __metric} name
 * @param tagLimits          limits per tag
 * @param inconclusive       what INCONCLUSIVE does: FAIL (default) blocks, WARN lets the build pass
 * @param interval           interval for the paired difference: T (default) or BOOTSTRAP
 * @param bootstrapResamples bootstrap resamples B, default 2000
 * @param bootstrapSeed      bootstrap seed, default 1
 */
public record GateRules(double confidenceLevel, double maxRegression, Double minPassRate, Double minScore,
                        Map<String, Limits> metricLimits, Map<String, Limits> tagLimits,
                        InconclusivePolicy inconclusive, IntervalMethod interval, int bootstrapResamples,
                        long bootstrapSeed) {

    public GateRules {
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("gate rule confidenceLevel must be between 0 and 1 (exclusive), e.g."
                    + " 0.95; was " + confidenceLevel);
        }
        requireMargin("maxRegression", maxRegression);
        requireUnit("minPassRate", minPassRate);
        requireUnit("minScore", minScore);
        metricLimits = copy("metricLimits", metricLimits);
        tagLimits = copy("tagLimits", tagLimits);
        Objects.requireNonNull(inconclusive, "inconclusive policy");
        Objects.requireNonNull(interval, "interval method");
        new ComparisonOptions(confidenceLevel, interval, bootstrapResamples, bootstrapSeed); // validates them
    }

    /** The defaults: 95%, maxRegression 0.02, no absolute limits, INCONCLUSIVE blocks, t-interval. */
    public static GateRules defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The statistics options these rules imply. */
    public ComparisonOptions comparisonOptions() {
        return new ComparisonOptions(confidenceLevel, interval, bootstrapResamples, bootstrapSeed);
    }

    static void requireUnit(String name, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("gate rule " + name + " must be between 0 and 1 (e.g. 0.85 for 85%);"
                    + " was " + value);
        }
    }

    static void requireMargin(String name, Double value) {
        if (value != null && !(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("gate rule " + name + " must be at least 0 and below 1 (e.g. 0.02 for"
                    + " two points); was " + value);
        }
    }

    private static Map<String, Limits> copy(String name, Map<String, Limits> limits) {
        Map<String, Limits> copy = new LinkedHashMap<>();
        if (limits != null) {
            limits.forEach((key, value) -> {
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("gate rule " + name + " has an entry without a name");
                }
                copy.put(key, Objects.requireNonNull(value, () -> "gate rule " + name + "." + key + " has no limits"));
            });
        }
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Builds {@link GateRules}, starting from the defaults. */
    public static final class Builder {
        private double confidenceLevel = 0.95;
        private double maxRegression = 0.02;
        private Double minPassRate;
        private Double minScore;
        private final Map<String, Limits> metricLimits = new LinkedHashMap<>();
        private final Map<String, Limits> tagLimits = new LinkedHashMap<>();
        private InconclusivePolicy inconclusive = InconclusivePolicy.FAIL;
        private IntervalMethod interval = IntervalMethod.T;
        private int bootstrapResamples = PairedBootstrap.DEFAULT_RESAMPLES;
        private long bootstrapSeed = 1L;

        private Builder() {
        }

        public Builder confidenceLevel(double level) {
            this.confidenceLevel = level;
            return this;
        }

        public Builder maxRegression(double margin) {
            this.maxRegression = margin;
            return this;
        }

        public Builder minPassRate(Double minimum) {
            this.minPassRate = minimum;
            return this;
        }

        public Builder minScore(Double minimum) {
            this.minScore = minimum;
            return this;
        }

        public Builder metric(String metric, Limits limits) {
            metricLimits.put(metric, limits);
            return this;
        }

        public Builder tag(String tag, Limits limits) {
            tagLimits.put(tag, limits);
            return this;
        }

        public Builder inconclusive(InconclusivePolicy policy) {
            this.inconclusive = policy;
            return this;
        }

        public Builder interval(IntervalMethod method) {
            this.interval = method;
            return this;
        }

        public Builder bootstrap(int resamples, long seed) {
            this.bootstrapResamples = resamples;
            this.bootstrapSeed = seed;
            return this;
        }

        public GateRules build() {
            return new GateRules(confidenceLevel, maxRegression, minPassRate, minScore, metricLimits, tagLimits,
                    inconclusive, interval, bootstrapResamples, bootstrapSeed);
        }
    }
}
