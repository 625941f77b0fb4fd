package dev.prompteval.internal.gate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersTest {

    @Test
    void twoDecimalsWhenTheyKeepDifferentNumbersApart() {
        Numbers numbers = Numbers.forLine(0.81, 0.769995, 0.850005, 0.90);
        assertThat(numbers.format(0.769995)).isEqualTo("0.77");
        assertThat(numbers.format(0.9)).isEqualTo("0.90");
    }

    @Test
    void moreDecimalsWhenTwoWouldMakeDifferentNumbersLookEqual() {
        // 0.8812 and 0.88 both print as 0.88 with two decimals; three tell them apart.
        Numbers three = Numbers.forLine(0.8812, 0.88, 0.9);
        assertThat(three.format(0.8812)).isEqualTo("0.881");
        assertThat(three.format(0.88)).isEqualTo("0.880");
        // 0.88121 and 0.88124 need more than four; four is the most we print.
        assertThat(Numbers.forLine(0.88121, 0.88124).format(0.88121)).isEqualTo("0.8812");
    }

    @Test
    void equalNumbersAndNegativeZeroStayShort() {
        Numbers numbers = Numbers.forLine(0.9, 0.9, -0.001);
        assertThat(numbers.format(0.9)).isEqualTo("0.90");
        assertThat(numbers.format(-0.001)).isEqualTo("0.00");
        assertThat(numbers.format(-0.03)).isEqualTo("-0.03");
    }
}
