package dev.prompteval.internal.run;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A snapshot of a run.
 *
 * @param done           (row, sample) results so far, errors and resumed ones included
 * @param total          all (row, sample) tasks, or -1 while the rows are still being read and their number is
 *                       unknown (rows given as a {@link java.util.Collection} are counted up front)
 * @param resumed        results taken from the run journal instead of calling the model
 * @param errors         error results so far: rows not evaluated
 * @param errorsByCause  the errors by cause, e.g. {@code rate limit (HTTP 429)}, {@code template rendering}; sorted
 * @param retries        calls repeated after a retryable failure
 * @param elapsed        time since the run started
 * @param callsPerSecond results per second that came from this run (resumed ones excluded)
 * @param eta            estimated time to finish, or null when the total or the rate is not known yet
 * @param inputTokens    input tokens used by this run's calls (unreported counts as 0)
 * @param outputTokens   output tokens used by this run's calls
 * @param costUsd        cost of this run's calls; resumed results cost nothing now
 * @param finished       true for the last report of the run
 */
public record Progress(long done, long total, long resumed, long errors, Map<String, Long> errorsByCause,
                       long retries, Duration elapsed,
                       double callsPerSecond, Duration eta, long inputTokens, long outputTokens, double costUsd,
                       boolean finished) {

    public Progress {
        errorsByCause = Collections.unmodifiableMap(new TreeMap<>(errorsByCause));
    }

    /** The errors by cause in words, e.g. {@code rate limit (HTTP 429) 3, server (HTTP 500) 1}; empty without. */
    public String causes() {
        return errorsByCause.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** One log line, e.g. {@code 1200/4000 (30%), 410.5 calls/s, ETA 7s, 2 not evaluated (rate limit (HTTP 429) 2),
     * 180k tokens, $0.0712}. */
    public String summary() {
        var sb = new StringBuilder().append(done);
        if (total >= 0) {
            sb.append('/').append(total);
            if (total > 0) sb.append(" (").append(done * 100 / total).append("%)");
        }
        sb.append(String.format(java.util.Locale.ROOT, ", %.1f calls/s", callsPerSecond));
        if (eta != null && !finished) sb.append(", ETA ").append(eta.toSeconds()).append('s');
        if (errors > 0) {
            sb.append(", ").append(errors).append(" not evaluated");
            if (!errorsByCause.isEmpty()) sb.append(" (").append(causes()).append(')');
        }
        if (resumed > 0) sb.append(", ").append(resumed).append(" resumed");
        sb.append(", ").append(inputTokens + outputTokens).append(" tokens");
        sb.append(String.format(java.util.Locale.ROOT, ", $%.4f", costUsd));
        return sb.toString();
    }
}
