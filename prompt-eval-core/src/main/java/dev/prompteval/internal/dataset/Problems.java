package dev.prompteval.internal.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Collects problems, keeping the first few and counting all. */
final class Problems {
    private static final Comparator<DatasetProblem> BY_POSITION = Comparator.comparingLong(DatasetProblem::line)
            .thenComparing(DatasetProblem::column, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final int kept;
    private final List<DatasetProblem> listed = new ArrayList<>();
    private long count;

    Problems(int kept) {
        this.kept = kept;
    }

    void add(DatasetProblem problem) {
        count++;
        if (listed.size() < kept) listed.add(problem);
    }

    void addAll(Collection<DatasetProblem> problems) {
        problems.forEach(this::add);
    }

    /** Counts problems that were found but not built, e.g. beyond what a second pass confirms. */
    void countUnlisted(long more) {
        count += more;
    }

    DatasetValidation result(String dataset, long rows) {
        var sorted = new ArrayList<>(listed);
        sorted.sort(BY_POSITION);
        return new DatasetValidation(dataset, rows, sorted, count);
    }
}
