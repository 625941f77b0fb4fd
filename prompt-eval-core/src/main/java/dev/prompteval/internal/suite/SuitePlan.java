package dev.prompteval.internal.suite;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.gate.GateRules;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.PriceTable;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.registry.StoredResults;
import dev.prompteval.internal.stats.PairedComparator;
import dev.prompteval.internal.stats.PowerAnalysis;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.internal.template.TemplateException;
import dev.prompteval.template.ModelSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a suite is about to do, stated before any model call: how many calls, about what they cost, and the smallest
 * drop the comparison can detect with 80% power, so that a team sees before paying whether the dataset can answer
 * the question its {@code maxRegression} asks.
 *
 * <p>The detectable drop comes from the baseline's last eval run stored in the registry when there is one (the
 * spread of a row's paired difference in that run's comparison); otherwise from the rows alone, as the best case: how
 * close to zero the interval of an unchanged prompt can come if every answer repeats exactly (Tango's interval with
 * no row changed, or the t-interval at the gate's standard-error floor), below which no margin can be shown.
 *
 * @param suite                 the suite name
 * @param rows                  rows in its datasets
 * @param units                 independent units: rows, or clusters where {@code __cluster} groups rows
 * @param calls                 model calls of the first stage (rows x samples x versions), before the cache and the
 *                              recordings answer what they hold; 0 in replay mode
 * @param maxCalls              calls if staged sampling goes up to {@code maxRepeat}; equals {@code calls} without
 * @param estimatedCostUsd      the first stage's cost at list prices, or null when no price or token count is known
 * @param resolvableMargin      the smallest margin the comparison can be expected to show (0..1): from a stored run,
 *                              the drop detected with 80% power (an unchanged prompt is shown within a margin this
 *                              wide four times in five); without one, the half-width an unchanged prompt gets if
 *                              every answer repeats exactly. NaN without a baseline or with fewer than two units
 * @param fromStoredResults     whether it was estimated from a stored run
 * @param summary               the plan in one line, as the build log shows it
 * @param warnings              what the team should change before paying for the run (a margin the rows cannot
 *                              resolve), or why the plan is less informed than it could be
 */
public record SuitePlan(String suite, long rows, long units, long calls, long maxCalls, Double estimatedCostUsd,
                        double resolvableMargin, boolean fromStoredResults, String summary,
                        List<String> warnings) {
    /** Rows rendered to estimate the tokens a call reads when no stored run says. */
    private static final int RENDERED_FOR_TOKENS = 100;
    /** Characters per token of English text, the usual rule of thumb for an estimate. */
    private static final double CHARACTERS_PER_TOKEN = 4.0;

    public SuitePlan {
        warnings = List.copyOf(warnings);
    }

    /**
     * Plans a prepared suite: reads its rows once and the baseline's latest stored results; never calls a model.
     * A registry that cannot be read makes a warning, not a failure: the plan is advice.
     */
    public static SuitePlan of(PreparedSuite suite, EvaluationSettings settings) {
        return of(suite, settings, true);
    }

    /**
     * As {@link #of(PreparedSuite, EvaluationSettings)}; {@code callsModels} false for a suite whose answers come from
     * the team's own code (a custom target): no model calls, no cost, the detectable drop all the same.
     */
    public static SuitePlan of(PreparedSuite suite, EvaluationSettings settings, boolean callsModels) {
        String name = suite.name();
        var warnings = new ArrayList<String>();
        RowCount count = RowCount.of(suite);
        GateRules rules = suite.spec().rules();
        int versions = suite.baseline() == null ? 1 : 2;
        int repeat = suite.spec().repeat();
        boolean replay = settings.mode() == EvaluationMode.REPLAY && callsModels;
        long calls = replay ? 0 : count.rows * repeat * versions;
        long maxCalls = replay ? 0 : count.rows * Math.max(repeat, rules.maxRepeat()) * versions;

        Optional<StoredResults> stored = Optional.empty();
        RegistryPrompt baseline = suite.baseline();
        if (baseline != null && baseline.version() != null) {
            try {
                stored = settings.registry().latestResults(baseline, name);
            } catch (RegistryException e) {
                warnings.add("suite " + name + ": the baseline's stored results could not be read for the plan ("
                        + e.getMessage() + "); planning from the rows alone");
            }
        }

        var plan = new StringBuilder("suite " + name + ": plan: ");
        plan.append(versions == 2 ? "2 versions x " : "1 version x ").append(count.rows).append(" rows x ")
                .append(repeat).append(repeat == 1 ? " sample" : " samples");
        Double cost = null;
        if (!callsModels) {
            calls = 0;
            maxCalls = 0;
            plan.append(": answers come from the test class's target, no model calls");
        } else if (replay) {
            plan.append(": answers come from the recordings, no model calls");
        } else {
            plan.append(" = ").append(calls).append(" calls");
            if (maxCalls > calls) plan.append(" (up to ").append(maxCalls).append(" if staged to maxRepeat ")
                    .append(rules.maxRepeat()).append(')');
            plan.append(", before the cache and recordings answer what they hold");
            Cost estimate = Cost.of(suite, count, stored, settings.providers().prices(), repeat);
            cost = estimate.usd;
            plan.append("; ").append(estimate.text);
        }

        double resolvable = Double.NaN;
        boolean fromStored = false;
        if (suite.baseline() != null && count.units >= 2) {
            double level = rules.decisionLevel();
            Double spread = stored.map(StoredResults::differenceSd).orElse(null);
            fromStored = spread != null;
            String units = count.units + (count.units == count.rows ? " rows" : " clusters");
            double margin = rules.maxRegression();
            if (fromStored) {
                resolvable = PowerAnalysis.plannedMinimumDetectableEffect(spread, count.units, level);
                plan.append("; smallest drop detectable with 80% power: ").append(points(resolvable)).append(" over ")
                        .append(units).append(" (the spread of run ").append(stored.get().runId())
                        .append(", stored against version ").append(baseline.version()).append(')');
                if (margin < resolvable) {
                    OptionalLong needed = PowerAnalysis.plannedRows(spread, margin, level);
                    warnings.add("suite " + name + ": maxRegression " + points(margin) + " is below the "
                            + points(resolvable) + " drop these " + units + " can detect with 80% power at the"
                            + " spread stored results show: an unchanged prompt will likely end INCONCLUSIVE; "
                            + needed(needed, count) + " would settle a margin of " + points(margin)
                            + (rules.maxRepeat() > repeat ? " (staged samples up to maxRepeat may instead)" : ""));
                }
            } else {
                // The gate's pass-rate comparison: Tango's interval for one sample a row without clusters.
                boolean passFail = repeat == 1 && count.units == count.rows;
                resolvable = PairedComparator.unchangedHalfWidth(count.units, passFail, level);
                plan.append("; at best an unchanged prompt is shown within ").append(points(resolvable))
                        .append(" (if every answer repeats exactly, over ").append(units).append("; ")
                        .append(baseline.version() == null ? "the baseline is a working-tree file"
                                : "no results stored against version " + baseline.version()).append(')');
                if (margin < resolvable) {
                    warnings.add("suite " + name + ": maxRegression " + points(margin) + " is below what these "
                            + units + " can show: even if every answer repeats exactly, an unchanged prompt is shown"
                            + " within " + points(resolvable) + " at best, so only a clearly better prompt can PASS; "
                            + needed(PairedComparator.unitsToShowUnchanged(margin, passFail, level), count)
                            + " would settle a margin of " + points(margin));
                }
            }
        } else if (suite.baseline() == null) {
            plan.append("; no baseline: absolute rules only");
        }
        return new SuitePlan(name, count.rows, count.units, calls, maxCalls, cost, resolvable, fromStored,
                plan.toString(), warnings);
    }

    private static String needed(OptionalLong units, RowCount count) {
        return units.isPresent() ? "about " + units.getAsLong() + (count.units == count.rows ? " rows" : " clusters")
                : "far more rows";
    }

    private static String points(double share) {
        return String.format(Locale.ROOT, "%.1f points", share * 100);
    }

    /** The rows, the independent units, and the characters a call reads for the first rows. */
    private record RowCount(long rows, long units, double meanInputCharacters) {
        static RowCount of(PreparedSuite suite) {
            long rows = 0;
            long unclustered = 0;
            Set<String> clusters = new HashSet<>();
            long characters = 0;
            int rendered = 0;
            PromptTemplate template = suite.candidate().template();
            for (Row row : suite.rows()) {
                rows++;
                if (row.cluster() == null) unclustered++;
                else clusters.add(row.cluster());
                if (rendered < RENDERED_FOR_TOKENS) {
                    try {
                        characters += template.render(row.variables()).text().length();
                        rendered++;
                    } catch (TemplateException unrenderable) {
                        // validated rows render; a row that does not is the run's to report, not the plan's
                    }
                }
            }
            return new RowCount(rows, unclustered + clusters.size(),
                    rendered == 0 ? Double.NaN : (double) characters / rendered);
        }
    }

    /** The first stage's cost at list prices, and how it was estimated. */
    private record Cost(Double usd, String text) {
        static Cost of(PreparedSuite suite, RowCount count, Optional<StoredResults> stored, PriceTable prices,
                       int repeat) {
            Double input = stored.map(StoredResults::meanInputTokens).orElse(null);
            Double output = stored.map(StoredResults::meanOutputTokens).orElse(null);
            String basis = "tokens per call as in run " + stored.map(StoredResults::runId).orElse("");
            if (input == null) {
                input = count.meanInputCharacters / CHARACTERS_PER_TOKEN;
                basis = "input tokens estimated from the rendered rows";
            }
            boolean outputBounded = false;
            if (output == null) {
                output = maxOutputTokens(suite.candidateModel());
                outputBounded = output != null;
                basis += outputBounded ? ", output at the max_tokens limit" : "";
            }
            double usd = 0;
            var unpriced = new ArrayList<String>();
            for (ModelSpec model : new ModelSpec[] {suite.candidateModel(), suite.baselineModel()}) {
                if (model == null) continue;
                Optional<PriceTable.Price> price = prices.lookup(model.name());
                if (price.isEmpty() || Double.isNaN(input)) {
                    unpriced.add(model.name());
                    continue;
                }
                usd += price.get().cost(Math.round(input), output == null ? 0 : Math.round(output))
                        * count.rows * repeat;
            }
            if (!unpriced.isEmpty()) {
                return new Cost(null, "cost unknown: no price for " + String.join(", ", unpriced.stream()
                        .distinct().toList()) + " in the built-in price list");
            }
            String amount = String.format(Locale.ROOT, "$%.2f", usd);
            if (output == null) {
                return new Cost(usd, "input alone costs about " + amount + " (" + basis + "; output length unknown:"
                        + " no stored results and no max_tokens)");
            }
            return new Cost(usd, (outputBounded ? "at most about " : "about ") + amount + " at list prices ("
                    + basis + ")");
        }

        private static Double maxOutputTokens(ModelSpec model) {
            if (model == null) return null;
            for (String key : List.of("max_tokens", "max_completion_tokens", "max_output_tokens", "maxOutputTokens")) {
                if (model.parameters().get(key) instanceof Number limit) return limit.doubleValue();
            }
            return null;
        }
    }
}
