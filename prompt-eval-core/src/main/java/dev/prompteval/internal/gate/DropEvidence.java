package dev.prompteval.internal.gate;

import dev.prompteval.internal.stats.DropTest;

/**
 * Whether a regression check's data show a drop, corrected for the number of regression checks in the build.
 *
 * @param test          the one-sided test used
 * @param pValue        its p-value for "the candidate is no worse than the baseline"
 * @param adjustedPValue Holm's adjustment of {@code pValue} over the build's {@code family} regression checks (equal
 *                      to it for a family of one); a drop is shown when it is at most {@code alpha/2}
 * @param family        how many regression checks the build's false-block rate is controlled over
 */
public record DropEvidence(DropTest test, double pValue, double adjustedPValue, int family) {
}
