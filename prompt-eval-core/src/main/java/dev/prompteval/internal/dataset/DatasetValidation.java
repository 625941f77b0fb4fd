package dev.prompteval.internal.dataset;

import java.util.List;

/**
 * The outcome of {@link Dataset#validate}: how many rows were read and what is wrong. At most {@link #LISTED}
 * problems are listed (in line order), so a broken million-row file does not flood the build log;
 * {@link #problemCount()} counts them all.
 *
 * @param dataset      the dataset's name
 * @param rows         data rows read (all of them unless the CSV became unreadable part-way)
 * @param problems     the first problems found, sorted by line and column
 * @param problemCount every problem found, listed or not
 */
public record DatasetValidation(String dataset, long rows, List<DatasetProblem> problems, long problemCount) {
    /** How many problems are listed at most. */
    public static final int LISTED = 100;

    public DatasetValidation {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problemCount == 0;
    }

    /** @throws DatasetException listing the problems (see {@link #report()}) unless {@link #ok()} */
    public void throwIfInvalid() {
        if (!ok()) throw new DatasetException(report(), problems);
    }

    /** A human-readable summary: a count line, then one line per listed problem. */
    public String report() {
        if (ok()) return "dataset " + dataset + ": " + rows + " rows, no problems";
        var sb = new StringBuilder("dataset ").append(dataset).append(": ").append(problemCount)
                .append(problemCount == 1 ? " problem" : " problems").append(" in ").append(rows).append(" rows");
        for (DatasetProblem problem : problems) sb.append('\n').append(problem);
        long unlisted = problemCount - problems.size();
        if (unlisted > 0) {
            sb.append("\n... and ").append(unlisted).append(" more (only the first ").append(problems.size())
                    .append(" are listed)");
        }
        return sb.toString();
    }
}
