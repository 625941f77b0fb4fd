package dev.prompteval.internal.provider;

import dev.prompteval.provider.Usage;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PriceTableTest {
    private final PriceTable prices = PriceTable.builtIn();

    @Test
    void costIsTokensTimesPricePerMillion() {
        // 1,000,000 input at $2.50 + 500,000 output at $10.00 = 2.50 + 5.00
        assertThat(prices.usage("gpt-4o", 1_000_000, 500_000).costUsd()).isCloseTo(7.5, within(1e-9));
    }

    @Test
    void datedSnapshotsArePricedAsTheirFamilyAndTheLongestNameWins() {
        assertThat(prices.lookup("gpt-4o-mini-2024-07-18")).isEqualTo(prices.lookup("gpt-4o-mini"));
        assertThat(prices.lookup("gpt-4o-2024-08-06")).isEqualTo(prices.lookup("gpt-4o"));
        assertThat(prices.lookup("gpt-4o-mini").orElseThrow()).isNotEqualTo(prices.lookup("gpt-4o").orElseThrow());
        assertThat(prices.lookup("claude-3-5-haiku-20241022").orElseThrow().inputPerMillion()).isEqualTo(0.80);
        assertThat(prices.lookup("gemini-2.0-flash-lite-001").orElseThrow().inputPerMillion()).isEqualTo(0.075);
    }

    @Test
    void aNameIsNotAPrefixOfAnotherFamily() {
        PriceTable table = PriceTable.empty().withPrice("gpt-4", 30, 60);
        assertThat(table.lookup("gpt-4o")).isEmpty();
        assertThat(table.lookup("gpt-4-0613")).isPresent();
    }

    @Test
    void anUnknownModelCostsNothingAndLookupSaysSo() {
        assertThat(prices.lookup("my-local-llama")).isEmpty();
        assertThat(prices.usage("my-local-llama", 100, 100)).isEqualTo(new Usage(100, 100, 0.0));
    }

    @Test
    void unknownCountsCostNothing() {
        assertThat(prices.usage("gpt-4o", -1, -1)).isEqualTo(new Usage(-1, -1, 0.0));
    }

    @Test
    void configurationOverridesBuiltInPrices() {
        PriceTable table = prices.withPrices(Map.of("gpt-4o-mini", "1, 2", "my-model", "0.5,0.25"));

        assertThat(table.lookup("gpt-4o-mini").orElseThrow()).isEqualTo(new PriceTable.Price(1, 2));
        assertThat(table.lookup("my-model").orElseThrow()).isEqualTo(new PriceTable.Price(0.5, 0.25));
        assertThat(prices.lookup("gpt-4o-mini").orElseThrow().inputPerMillion()).as("immutable").isEqualTo(0.15);
    }

    @Test
    void aBadConfiguredPriceNamesTheModelAndTheForm() {
        assertThatThrownBy(() -> prices.withPrices(Map.of("gpt-4o", "cheap")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpt-4o").hasMessageContaining("'cheap'").hasMessageContaining("0.15,0.60");
        assertThatThrownBy(() -> prices.withPrice("x", -1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opus45AndLaterAreNotPricedAsOpus4() {
        // Anthropic's pricing page: Opus 4 and 4.1 $15 / $75, Opus 4.5 and 4.6 $5 / $25 per million tokens.
        PriceTable prices = PriceTable.builtIn();
        assertThat(prices.usage("claude-opus-4-5-20251101", 1_000_000, 1_000_000).costUsd()).isEqualTo(30.0);
        assertThat(prices.usage("claude-opus-4-6", 1_000_000, 1_000_000).costUsd()).isEqualTo(30.0);
        assertThat(prices.usage("claude-opus-4-1-20250805", 1_000_000, 1_000_000).costUsd()).isEqualTo(90.0);
        assertThat(prices.usage("claude-opus-4-20250514", 1_000_000, 1_000_000).costUsd()).isEqualTo(90.0);
    }
}
