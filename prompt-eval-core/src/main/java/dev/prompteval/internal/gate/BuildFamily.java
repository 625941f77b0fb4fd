package dev.prompteval.internal.gate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Holm's step-down adjustment over every regression check of a build, so that the chance that a build with nothing
 * changed is blocked stays at alpha/2 however many suites and gated metrics it has (ten suites each tested at 2.5%
 * would block 22% of such builds).
 *
 * <p>With the M p-values sorted, {@code p(1) <= ... <= p(M)}, the adjusted value of the i-th is
 * {@code max over j <= i of min(1, (M - j + 1) p(j))}; a drop is shown where it is at most alpha/2. Checks that test
 * the same data (the score and pass rate of pass/fail rows) are one member of the family, not two.
 */
final class BuildFamily {
    private BuildFamily() {
    }

    /**
     * @param pValues one p-value per family member
     * @return the adjusted p-values, in the same order
     */
    static double[] holm(double[] pValues) {
        int m = pValues.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> Double.isNaN(pValues[i]) ? 1 : pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            double p = pValues[order[rank]];
            double value = Double.isNaN(p) ? 1 : Math.min(1, (m - rank) * p);
            running = Math.max(running, value);
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    /** Members of the family: the gated checks of every suite, those testing the same data merged. */
    static List<List<RegressionRules.Gated>> members(List<List<RegressionRules.Gated>> suites) {
        List<List<RegressionRules.Gated>> members = new ArrayList<>();
        for (List<RegressionRules.Gated> suite : suites) {
            List<List<RegressionRules.Gated>> own = new ArrayList<>();
            for (RegressionRules.Gated gated : suite) {
                List<RegressionRules.Gated> same = own.stream().filter(group -> group.get(0).sameDataAs(gated))
                        .findFirst().orElse(null);
                if (same == null) own.add(new ArrayList<>(List.of(gated)));
                else same.add(gated);
            }
            members.addAll(own);
        }
        return members;
    }
}
