package dev.prompteval.internal.score.graded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Cosine similarity against values computed by hand. */
class CosineTest {

    @Test
    void matchesHandComputedValues() {
        // (1,2,2)·(2,1,2) = 2 + 2 + 4 = 8; |a| = |b| = sqrt(1 + 4 + 4) = 3; 8 / 9
        assertThat(Cosine.similarity(new double[] {1, 2, 2}, new double[] {2, 1, 2})).isCloseTo(8.0 / 9, within(1e-15));
        // (3,4)·(4,3) = 24; |a| = |b| = 5; 24 / 25 = 0.96
        assertThat(Cosine.similarity(new double[] {3, 4}, new double[] {4, 3})).isCloseTo(0.96, within(1e-15));
        // scale does not matter: (1,0) and (10,0) point the same way
        assertThat(Cosine.similarity(new double[] {1, 0}, new double[] {10, 0})).isEqualTo(1.0);
        // orthogonal: (1,0)·(0,1) = 0
        assertThat(Cosine.similarity(new double[] {1, 0}, new double[] {0, 1})).isEqualTo(0.0);
        // opposite: (1,2)·(-1,-2) = -5; |a| |b| = 5
        assertThat(Cosine.similarity(new double[] {1, 2}, new double[] {-1, -2})).isCloseTo(-1.0, within(1e-15));
    }

    @Test
    void rejectsVectorsThatCannotBeCompared() {
        assertThatThrownBy(() -> Cosine.similarity(new double[] {1, 2}, new double[] {1, 2, 3}))
                .hasMessage("the vectors have different lengths, 2 and 3");
        assertThatThrownBy(() -> Cosine.similarity(new double[] {0, 0}, new double[] {1, 2}))
                .hasMessage("a vector is all zeros");
    }
}
