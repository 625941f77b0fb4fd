package dev.prompteval.internal.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class McNemarTest {

    @Test
    void midPValueOfThePublishedExample() {
        // Fagerland, Lydersen and Laake, "Statistical Analysis of Contingency Tables" (2017), chapter 8: complete
        // response before and after consolidation therapy (Cavo et al. 2012), discordant cells 6 and 16:
        // "The McNemar mid-P test: P = 0.034690" (also in the R package contingencytables' chapter 8 tests).
        assertThat(McNemar.midP(16, 6).pValue()).isCloseTo(0.034690, within(5e-7));
        assertThat(McNemar.midP(6, 16).pValue()).isCloseTo(0.034690, within(5e-7));
    }

    @Test
    void midPValuesAgreeWithScipy() {
        // scipy 1.10.1: 2 * (binom.sf(k, n, .5) + binom.pmf(k, n, .5) / 2) for the larger count k:
        // (2, 8) -> 0.0654296875, (0, 6) -> 0.015625, (5, 5) -> 1.
        assertThat(McNemar.midP(2, 8).pValue()).isCloseTo(0.0654296875, within(1e-12));
        assertThat(McNemar.midP(8, 2).pValue()).isCloseTo(0.0654296875, within(1e-12));
        assertThat(McNemar.midP(0, 6).pValue()).isCloseTo(0.015625, within(1e-12));
        assertThat(McNemar.midP(5, 5).pValue()).isEqualTo(1.0);
        assertThat(McNemar.midP(0, 0).pValue()).isEqualTo(1.0);
    }

    @Test
    void negativeCountsAreRejected() {
        assertThatThrownBy(() -> McNemar.midP(-1, 3)).hasMessageContaining("must be >= 0");
    }
}
