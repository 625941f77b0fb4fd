package dev.prompteval.internal.provider;

import dev.prompteval.provider.Usage;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Model prices in USD per million input and output tokens, giving each call's cost.
 * <p>
 * The {@link #builtIn() built-in} prices are <b>approximate</b> list prices of common models (standard tier, no
 * batch or cache discounts) at the time of writing; override them from configuration with {@link #withPrice} or
 * {@link #withPrices}. A model matches its exact name or, failing that, the longest priced name that it extends with
 * {@code -}, {@code :} or {@code @} (so {@code gpt-4o-mini-2024-07-18} is priced as {@code gpt-4o-mini}, and
 * {@code gpt-4o} never as {@code gpt-4}). An unknown model costs 0: check {@link #lookup} to warn about it.
 * Immutable and thread-safe.
 */
public final class PriceTable {

    /** USD per million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) {
        public Price {
            if (!(inputPerMillion >= 0) || !(outputPerMillion >= 0)) {
                throw new IllegalArgumentException("prices must be non-negative numbers, got input "
                        + inputPerMillion + " and output " + outputPerMillion);
            }
        }

        /** The cost of the given token counts; a count of -1 (unknown) costs nothing. */
        public double cost(long inputTokens, long outputTokens) {
            return (Math.max(0, inputTokens) * inputPerMillion + Math.max(0, outputTokens) * outputPerMillion) / 1e6;
        }
    }

    private static final PriceTable BUILT_IN = empty()
            .withPrice("gpt-4o-mini", 0.15, 0.60)
            .withPrice("gpt-4o", 2.50, 10.00)
            .withPrice("gpt-4.1", 2.00, 8.00)
            .withPrice("gpt-4.1-mini", 0.40, 1.60)
            .withPrice("gpt-4.1-nano", 0.10, 0.40)
            .withPrice("o3-mini", 1.10, 4.40)
            .withPrice("o4-mini", 1.10, 4.40)
            .withPrice("claude-3-haiku", 0.25, 1.25)
            .withPrice("claude-3-5-haiku", 0.80, 4.00)
            .withPrice("claude-haiku-4-5", 1.00, 5.00)
            .withPrice("claude-3-5-sonnet", 3.00, 15.00)
            .withPrice("claude-3-7-sonnet", 3.00, 15.00)
            .withPrice("claude-sonnet-4", 3.00, 15.00)
            .withPrice("claude-opus-4", 15.00, 75.00)
            // Opus 4.5 and later cost a third of Opus 4 and 4.1.
            .withPrice("claude-opus-4-5", 5.00, 25.00)
            .withPrice("claude-opus-4-6", 5.00, 25.00)
            .withPrice("gemini-1.5-flash", 0.075, 0.30)
            .withPrice("gemini-1.5-pro", 1.25, 5.00)
            .withPrice("gemini-2.0-flash", 0.10, 0.40)
            .withPrice("gemini-2.0-flash-lite", 0.075, 0.30)
            .withPrice("gemini-2.5-flash", 0.30, 2.50)
            .withPrice("gemini-2.5-pro", 1.25, 10.00)
            // embeddings: input tokens only
            .withPrice("text-embedding-3-small", 0.02, 0.0)
            .withPrice("text-embedding-3-large", 0.13, 0.0)
            .withPrice("text-embedding-ada-002", 0.10, 0.0);

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /** Approximate list prices of common OpenAI, Anthropic and Gemini models. */
    public static PriceTable builtIn() {
        return BUILT_IN;
    }

    public static PriceTable empty() {
        return new PriceTable(Map.of());
    }

    /** A copy with this model's price set (replacing a built-in one). */
    public PriceTable withPrice(String model, double inputPerMillion, double outputPerMillion) {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("a price needs a model name");
        var copy = new LinkedHashMap<>(prices);
        copy.put(model, new Price(inputPerMillion, outputPerMillion));
        return new PriceTable(copy);
    }

    /**
     * A copy with prices from configuration: model name to {@code "input,output"} in USD per million tokens,
     * e.g. {@code gpt-4o-mini -> "0.15,0.60"}.
     *
     * @throws IllegalArgumentException naming the model and the value when a value is not two numbers
     */
    public PriceTable withPrices(Map<String, String> config) {
        PriceTable table = this;
        for (Map.Entry<String, String> e : config.entrySet()) {
            String[] parts = e.getValue() == null ? new String[0] : e.getValue().split(",");
            try {
                if (parts.length != 2) throw new NumberFormatException();
                table = table.withPrice(e.getKey(), Double.parseDouble(parts[0].trim()),
                        Double.parseDouble(parts[1].trim()));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("price of model '" + e.getKey() + "' is '" + e.getValue()
                        + "'; write it as 'input,output' in USD per million tokens, e.g. '0.15,0.60'");
            }
        }
        return table;
    }

    /** The price of a model (exact name, else the longest priced prefix it extends), or empty when unknown. */
    public Optional<Price> lookup(String model) {
        if (model == null) return Optional.empty();
        Price exact = prices.get(model);
        if (exact != null) return Optional.of(exact);
        return prices.entrySet().stream()
                .filter(e -> extendsName(model, e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue);
    }

    private static boolean extendsName(String model, String priced) {
        return model.length() > priced.length() && model.startsWith(priced)
                && "-:@".indexOf(model.charAt(priced.length())) >= 0;
    }

    /**
     * What the batch APIs charge against the interactive price: OpenAI Batch, Anthropic Message Batches and Gemini
     * batch mode all bill half, for input and output alike.
     */
    public static final double BATCH_PRICE_FACTOR = 0.5;

    /** Usage with its cost at the batch price ({@link #BATCH_PRICE_FACTOR}); cost 0 for an unknown model. */
    public Usage batchUsage(String model, long inputTokens, long outputTokens) {
        Usage interactive = usage(model, inputTokens, outputTokens);
        return new Usage(inputTokens, outputTokens, interactive.costUsd() * BATCH_PRICE_FACTOR);
    }

    /** Usage with its cost; cost 0 for an unknown model. */
    public Usage usage(String model, long inputTokens, long outputTokens) {
        double cost = lookup(model).map(p -> p.cost(inputTokens, outputTokens)).orElse(0.0);
        return new Usage(inputTokens, outputTokens, cost);
    }
}
