package dev.prompteval.internal.stats;

import dev.prompteval.stats.IntervalMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairedProportionsTest {

    @Test
    void tangoIntervalOfThePublishedExample() {
        // Fagerland, Lydersen and Laake, "Statistical Analysis of Contingency Tables" (2017), chapter 8, Cavo et al.
        // (2012): 161 pairs, discordant 6 and 16: "Tango asymptotic score CI: estimate = -0.0621 (95% CI -0.1240 to
        // -0.0054)" (also asserted by the R package contingencytables' tests).
        Interval i = PairedProportions.tangoInterval(6, 16, 161, 0.95);
        assertThat(i.lower()).isCloseTo(-0.1240, within(5e-5));
        assertThat(i.upper()).isCloseTo(-0.0054, within(5e-5));
        assertThat(i.method()).isEqualTo(IntervalMethod.SCORE);
    }

    @Test
    void tangoIntervalAgreesWithAnIndependentNumericalSolution() {
        // scipy 1.10.1, written separately: the constrained maximum likelihood by minimize_scalar (bounded) on the
        // trinomial log-likelihood, the bounds by brentq on Z(delta0) = +-1.959964.
        assertBounds(PairedProportions.tangoInterval(1, 7, 21, 0.95), -0.517232, -0.026003);
        assertBounds(PairedProportions.tangoInterval(40, 20, 160, 0.95), 0.030865, 0.218064);
        assertBounds(PairedProportions.tangoInterval(1, 0, 10, 0.95), -0.205286, 0.404150);
        assertBounds(PairedProportions.tangoInterval(4, 0, 50, 0.95), 0.002945, 0.188382);
    }

    @Test
    void unchangedRowsGiveAnIntervalAsWideAsTheirNumberAllows() {
        // scipy as above: 200 unchanged rows -> +-0.018845, 10 -> +-0.277533, 2 -> +-0.657620. The Wald (t)
        // interval would be [0, 0] in each case.
        assertBounds(PairedProportions.tangoInterval(0, 0, 200, 0.95), -0.018845, 0.018845);
        assertBounds(PairedProportions.tangoInterval(0, 0, 10, 0.95), -0.277533, 0.277533);
        assertBounds(PairedProportions.tangoInterval(0, 0, 2, 0.95), -0.657620, 0.657620);
    }

    @Test
    void threeRegressedRowsOfThreeDoNotShowADrop() {
        // scipy as above: [-1, 0.122994]; McNemar mid-p one-sided = 1/16 = 0.0625.
        assertBounds(PairedProportions.tangoInterval(0, 3, 3, 0.95), -1, 0.122994);
        assertThat(PairedProportions.dropPValue(0, 3)).isCloseTo(0.0625, within(1e-12));
    }

    @Test
    void oneFixedRowNeverReadsWorseThanNoChange() {
        Interval unchanged = PairedProportions.tangoInterval(0, 0, 10, 0.95);
        Interval oneFixed = PairedProportions.tangoInterval(1, 0, 10, 0.95);
        assertThat(oneFixed.lower()).isGreaterThan(unchanged.lower());
        assertThat(oneFixed.upper()).isGreaterThan(unchanged.upper());
        assertThat(PairedProportions.dropPValue(1, 0)).isGreaterThan(PairedProportions.dropPValue(0, 0));
    }

    @Test
    void dropPValueIsTheOneSidedMidP() {
        // scipy: binom.sf(16, 22, .5) + binom.pmf(16, 22, .5) / 2 = 0.017344832 (half the published two-sided
        // 0.034690); 4 regressed, 0 improved: 1/32 = 0.03125; nothing changed: 0.5.
        assertThat(PairedProportions.dropPValue(6, 16)).isCloseTo(0.017344832, within(1e-9));
        assertThat(PairedProportions.dropPValue(0, 4)).isCloseTo(0.03125, within(1e-12));
        assertThat(PairedProportions.dropPValue(0, 0)).isEqualTo(0.5);
    }

    private static void assertBounds(Interval interval, double lower, double upper) {
        assertThat(interval.lower()).isCloseTo(lower, within(2e-6));
        assertThat(interval.upper()).isCloseTo(upper, within(2e-6));
    }
}
