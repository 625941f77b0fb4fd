package dev.prompteval.junit;

import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.run.SampleResult;
import dev.prompteval.internal.score.RowScore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the test bodies added to the candidate's run: which samples a body checked, which of those failed and why,
 * and the named scores they recorded. {@link #apply} folds them into the run the gate decides on. Thread-safe.
 */
final class Adjustments {
    /** A sample of a row, the row by its 0-based position in the suite's datasets (ids may repeat). */
    record Key(int row, int sample) {
    }

    private final Set<Key> tested = ConcurrentHashMap.newKeySet();
    private final Map<Key, String> failures = new ConcurrentHashMap<>();
    private final Map<Key, PromptScores> scores = new ConcurrentHashMap<>();

    void tested(Key key) {
        tested.add(key);
    }

    /** @param message one line saying why the body failed */
    void failed(Key key, String message) {
        failures.put(key, message);
    }

    void scores(Key key, PromptScores recorded) {
        scores.put(key, recorded);
    }

    /** The run with failed bodies as failed samples (score 0, pass false) and the recorded scores added. */
    RunResult apply(RunResult run) {
        var rows = new ArrayList<RowResult>(run.rows().size());
        for (int i = 0; i < run.rows().size(); i++) {
            RowResult row = run.rows().get(i);
            var samples = new ArrayList<SampleResult>(row.samples().size());
            for (SampleResult sample : row.samples()) samples.add(apply(new Key(i, sample.sample()), sample));
            rows.add(new RowResult(row.row(), samples));
        }
        return new RunResult(run.suite(), run.prompt(), run.reference(), run.version(), run.contentHash(),
                run.datasetHash(), run.model(), rows, run.complete());
    }

    /** Scored samples whose invocation never reached its checks (not selected, or failed before them). */
    long untested(RunResult run) {
        long count = 0;
        for (int i = 0; i < run.rows().size(); i++) {
            for (SampleResult sample : run.rows().get(i).samples()) {
                if (sample.score() != null && !tested.contains(new Key(i, sample.sample()))) count++;
            }
        }
        return count;
    }

    private SampleResult apply(Key key, SampleResult sample) {
        RowScore score = sample.score();
        if (score == null) return sample;
        String failure = failures.get(key);
        PromptScores recorded = scores.get(key);
        if (failure == null && (recorded == null || recorded.recorded().isEmpty())) return sample;
        Map<String, Double> named = new LinkedHashMap<>(score.namedScores());
        if (recorded != null) named.putAll(recorded.recorded());
        // A failed body is a failed check of this output, as hard as an equals assertion: score 0.
        RowScore adjusted = failure == null
                ? new RowScore(score.score(), score.pass(), score.reason(), score.assertions(), named)
                : new RowScore(0.0, false, "test failed: " + failure, score.assertions(), named);
        return new SampleResult(sample.rowId(), sample.sample(), sample.output(), adjusted, sample.error(),
                sample.usage(), sample.latencyMs(), sample.cached());
    }
}
