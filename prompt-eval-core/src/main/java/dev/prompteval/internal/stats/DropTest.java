package dev.prompteval.internal.stats;

/** The one-sided test that decides whether a paired comparison shows a drop. */
public enum DropTest {
    /** McNemar's mid-p test on the discordant rows: pass/fail rows with one sample each, no clusters. */
    MCNEMAR_MID_P("McNemar mid-p"),
    /**
     * The sign test (mid-p) on the rows, or clusters, that rose against those that fell: used where the spread of
     * the differences is below the floor, so that eight rows that all fell a little show a drop although their
     * spread says nothing.
     */
    SIGN_MID_P("sign test mid-p"),
    /** The paired t-test with the comparison's decision standard error and degrees of freedom. */
    PAIRED_T("paired t"),
    /** The share of bootstrap resamples whose mean difference is not below 0. */
    BOOTSTRAP("bootstrap");

    private final String label;

    DropTest(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
