package dev.prompteval.junit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.provider.Usage;
import dev.prompteval.score.AssertionResult;
import org.opentest4j.AssertionFailedError;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one prompt version produced for one row (one sample of it), and how the dataset's assertions scored it.
 * Inject it into a {@link PromptEval @PromptEval} method for the candidate, or with {@link Baseline @Baseline} for
 * the baseline. The candidate's output of an invocation always has a score: an errored call fails the invocation
 * before the body runs. The baseline's may be errored: check {@link #errored()}.
 */
public final class PromptOutput {
    /** Standard JSON only, and the whole text: an output with trailing prose is not JSON. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final String version;
    private final PromptRow row;
    private final SampleResult result;

    /** @param version the side and its reference, e.g. {@code candidate file:prompts/x.json} */
    PromptOutput(String version, PromptRow row, SampleResult result) {
        this.version = Objects.requireNonNull(version, "version");
        this.row = Objects.requireNonNull(row, "row");
        this.result = Objects.requireNonNull(result, "result");
    }

    /**
     * The output text.
     *
     * @throws IllegalStateException when the call failed; the message says why
     */
    public String text() {
        requireOutput();
        return result.output();
    }

    /**
     * The output parsed as JSON: the whole text must be one standard JSON value (no code fences, no prose around
     * it).
     *
     * @throws AssertionFailedError when it is not, saying where it stops being JSON, so the row fails like any
     *                              other assertion
     */
    public JsonNode json() {
        String text = text();
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionFailedError("the " + version + " output for row " + row + " is not JSON: "
                    + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ") + "; the output was: " + excerpt(text));
        }
    }

    /** Whether {@link #json()} would succeed. */
    public boolean isJson() {
        if (errored()) return false;
        try {
            JSON.readTree(result.output());
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** Tokens and cost; counts are -1 when the provider did not report them (custom targets never do). */
    public Usage usage() {
        return result.usage();
    }

    /** The call's wall time; 0 when served from the cache or a recording. */
    public long latencyMs() {
        return result.latencyMs();
    }

    /** Whether the output came from the cache or a recording rather than a call made now. */
    public boolean cached() {
        return result.cached();
    }

    /** The 0-based sample index (below the suite's repeat). */
    public int sample() {
        return result.sample();
    }

    /** The row score in [0, 1] the dataset's assertions gave this output. */
    public double score() {
        return rowScore().score();
    }

    /** Whether the dataset's assertions passed. */
    public boolean passed() {
        return rowScore().pass();
    }

    /** One line saying why the row scored as it did. */
    public String reason() {
        return rowScore().reason();
    }

    /** Each assertion and how the output fared against it. */
    public List<AssertionResult> assertions() {
        return rowScore().assertions();
    }

    /** Named scores the run recorded for this output (not those recorded by test bodies). */
    public Map<String, Double> namedScores() {
        return rowScore().namedScores();
    }

    /** Whether the call (or its scoring) failed. */
    public boolean errored() {
        return result.errored();
    }

    /** Why the call failed, when it did. */
    public Optional<String> error() {
        return Optional.ofNullable(result.error());
    }

    @Override
    public String toString() {
        return version + " output for row " + row + (errored() ? " (error: " + result.error() + ")"
                : ": " + excerpt(result.output()));
    }

    private RowScore rowScore() {
        requireOutput();
        if (result.score() == null) {
            throw new IllegalStateException("the " + version + " output for row " + row + " was not scored: "
                    + result.error());
        }
        return result.score();
    }

    private void requireOutput() {
        if (result.output() == null) {
            throw new IllegalStateException("the " + version + " call for row " + row + " failed, so there is no "
                    + "output: " + result.error());
        }
    }

    private static String excerpt(String text) {
        String line = text.replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= 200 ? "\"" + line + "\"" : "\"" + line.substring(0, 200) + "...\"";
    }
}
