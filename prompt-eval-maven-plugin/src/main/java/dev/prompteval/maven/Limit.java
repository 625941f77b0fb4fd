package dev.prompteval.maven;

/** A {@code <limit>}: absolute minimums for the rows of one tag or one {@code __metric}. Set exactly one of them. */
public class Limit {
    /** Rows carrying this tag. */
    String tag;
    /** Rows with this {@code __metric}. */
    String metric;
    Double minPassRate;
    Double minScore;
    /** Gate this slice's regression too, with this margin (by default slices are reported, not gated). */
    Double maxRegression;
}
