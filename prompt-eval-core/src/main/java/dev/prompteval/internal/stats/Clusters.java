package dev.prompteval.internal.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * Rows grouped into independent units: rows sharing a {@code __cluster} label form one unit, a row without a label
 * is a unit of its own. Without any label every row is its own unit, which makes the clustered formulas reduce to
 * the ordinary ones.
 */
final class Clusters {
    /** The unit index of each row, 0-based. */
    final int[] index;
    /** The number of units G. */
    final int count;
    /** True when at least one row carries a cluster label. */
    final boolean labelled;

    private Clusters(int[] index, int count, boolean labelled) {
        this.index = index;
        this.count = count;
        this.labelled = labelled;
    }

    /** @param labels one label per row, null entries for unclustered rows; or null for no labels at all */
    static Clusters of(String[] labels, int rows) {
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException("expected one cluster label per row (" + rows + "), got "
                    + labels.length);
        }
        int[] index = new int[rows];
        Map<String, Integer> seen = new HashMap<>();
        boolean labelled = false;
        int next = 0;
        for (int i = 0; i < rows; i++) {
            String label = labels == null ? null : labels[i];
            if (label == null) {
                index[i] = next++;
            } else {
                labelled = true;
                Integer known = seen.get(label);
                if (known == null) {
                    known = next++;
                    seen.put(label, known);
                }
                index[i] = known;
            }
        }
        return new Clusters(index, next, labelled);
    }

    /** Per-unit sums of {@code values}. */
    double[] sums(double[] values) {
        double[] sums = new double[count];
        for (int i = 0; i < values.length; i++) sums[index[i]] += values[i];
        return sums;
    }

    /** Per-unit row counts. */
    int[] sizes() {
        int[] sizes = new int[count];
        for (int i : index) sizes[i]++;
        return sizes;
    }
}
