package dev.prompteval.internal.gate;

import dev.prompteval.gate.GatePolicy;
import dev.prompteval.internal.stats.ComparisonOptions;
import dev.prompteval.internal.stats.PairedBootstrap;
import dev.prompteval.stats.IntervalMethod;

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
 * @param policy             what blocks: shown regressions (default), or anything not shown within the margin
 * @param criticalPassRate   share of a {@code critical} row's K samples that must pass, default 0.75 (with K = 1 the
 *                           sample must pass; with K = 5, four of five)
 * @param maxRepeat          the most samples per row the gate may take to settle an INCONCLUSIVE suite (staged:
 *                           K, 2K, 4K ... up to this), or 0 for no staging (the default)
 * @param interval           interval for the paired difference: T (default) or BOOTSTRAP
 * @param bootstrapResamples bootstrap resamples B, default 2000
 * @param bootstrapSeed      bootstrap seed, default 1
 */
public record GateRules(double confidenceLevel, double maxRegression, Double minPassRate, Double minScore,
                        Map<String, Limits> metricLimits, Map<String, Limits> tagLimits,
                        GatePolicy policy, double criticalPassRate, int maxRepeat, IntervalMethod interval,
                        int bootstrapResamples, long bootstrapSeed) {

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
        Objects.requireNonNull(policy, "gate policy");
        if (!(criticalPassRate > 0 && criticalPassRate <= 1)) {
            throw new IllegalArgumentException("gate rule criticalPassRate must be above 0 and at most 1 (e.g. 0.75);"
                    + " was " + criticalPassRate);
        }
        if (maxRepeat < 0) {
            throw new IllegalArgumentException("gate rule maxRepeat must be 0 (no staged sampling) or a number of"
                    + " samples per row, e.g. 8; was " + maxRepeat);
        }
        Objects.requireNonNull(interval, "interval method");
        new ComparisonOptions(confidenceLevel, interval, bootstrapResamples, bootstrapSeed); // validates them
    }

    /**
     * The defaults: 95%, maxRegression 0.02, no absolute limits, block shown regressions, critical rows pass in 75%
     * of their samples, no staged sampling, analytic intervals.
     */
    public static GateRules defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * How many times staged sampling may look at the data: at K = 1, 2, 4 ... up to {@code maxRepeat}; 1 without
     * staging.
     */
    public int looks() {
        int looks = 1;
        for (int k = 1; k < maxRepeat; k *= 2) looks++;
        return looks;
    }

    /**
     * The level each look decides at: {@code confidenceLevel} without staging; with it, the error rate
     * {@code 1 - confidenceLevel} is spent in equal parts over the {@link #looks()} (Bonferroni), so that looking
     * again after an INCONCLUSIVE neither blocks an unchanged prompt nor passes a regression more often than one
     * look would. Conservative, and valid whatever the stopping rule.
     */
    public double decisionLevel() {
        return 1 - (1 - confidenceLevel) / looks();
    }

    /** The statistics options these rules imply, at the {@link #decisionLevel()}. */
    public ComparisonOptions comparisonOptions() {
        return new ComparisonOptions(decisionLevel(), interval, bootstrapResamples, bootstrapSeed);
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
        private GatePolicy policy = GatePolicy.BLOCK_SHOWN_REGRESSIONS;
        private double criticalPassRate = 0.75;
        private int maxRepeat;
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

        public Builder policy(GatePolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder criticalPassRate(double share) {
            this.criticalPassRate = share;
            return this;
        }

        public Builder maxRepeat(int samples) {
            this.maxRepeat = samples;
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
                    policy, criticalPassRate, maxRepeat, interval, bootstrapResamples, bootstrapSeed);
        }
    }
}
