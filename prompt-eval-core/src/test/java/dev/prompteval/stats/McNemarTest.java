package dev.prompteval.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class McNemarTest {

    @Test
    void exactTwoSidedPValueFromTheBinomial() {
        // By hand: b = 2, c = 8, n = 10: P(X <= 2) = (1 + 10 + 45) / 1024 = 56/1024; p = 2 * 56/1024 = 0.109375
        // (SciPy 1.17 scipy.stats.binomtest(2, 10, 0.5) agrees).
        assertThat(McNemar.exact(2, 8).pValue()).isCloseTo(0.109375, within(1e-12));
        assertThat(McNemar.exact(8, 2).pValue()).isCloseTo(0.109375, within(1e-12));
        // b = 0, c = 6: 2 * (1/2)^6 = 0.03125.
        assertThat(McNemar.exact(0, 6).pValue()).isCloseTo(0.03125, within(1e-12));
    }

    @Test
    void pValueIsCappedAtOne() {
        // b = c = 5: 2 * P(X <= 5) = 2 * 638/1024 > 1, so 1.
        assertThat(McNemar.exact(5, 5).pValue()).isEqualTo(1.0);
        assertThat(McNemar.exact(0, 0).pValue()).isEqualTo(1.0);
    }

    @Test
    void negativeCountsAreRejected() {
        assertThatThrownBy(() -> McNemar.exact(-1, 3)).hasMessageContaining("must be >= 0");
    }
}
