package dev.prompteval.internal.shard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.guard.HeapTooSmallException;
import dev.prompteval.internal.guard.RunGuard;
import dev.prompteval.internal.provider.Secrets;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.run.CancellationToken;
import dev.prompteval.internal.suite.EvaluationSession;
import dev.prompteval.internal.suite.PreparedSuite;
import dev.prompteval.internal.suite.PromptEvalSettings.Property;
import dev.prompteval.internal.suite.PromptEvalSettings;
import dev.prompteval.internal.suite.SuiteConfigurationException;
import dev.prompteval.internal.suite.SuiteEvaluator;
import dev.prompteval.internal.suite.SuiteProgress;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.internal.suite.SuiteSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One shard job: every suite prepared as an unsharded build prepares it (all its rows validated, every problem at
 * once), then both versions run over this shard's rows, and the results written to a {@link ShardFile}. Nothing is
 * decided: a decision needs every row, which only the merge has.
 */
public final class ShardRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardRun() {
    }

    /** What a shard job wrote: its file and, per suite, how many of its rows this shard evaluated. */
    public record Written(Path file, Map<String, Integer> rowsBySuite, Map<String, Long> rowCountBySuite) {
    }

    /**
     * Runs shard {@code shard} of every suite and writes its file under {@code <output>/shards/}.
     *
     * @throws SuiteConfigurationException listing every problem of every suite (staged sampling among them), before
     *                                     any model call
     * @throws HeapTooSmallException       when the heap was too small for the runs, which were stopped
     */
    public static Written run(EvaluationSession session, List<SuiteSpec> specs, Shard shard, SuiteProgress progress,
                              CancellationToken cancel) {
        SuiteEvaluator evaluator = session.evaluator();
        var problems = new ArrayList<String>();
        List<PreparedSuite> prepared = List.of();
        try {
            prepared = evaluator.prepareAll(specs);
        } catch (SuiteConfigurationException e) {
            problems.addAll(e.problems());
        }
        for (SuiteSpec spec : specs) {
            // Staging looks at the whole suite's decision after each stage; a shard sees a part of the rows and
            // decides nothing, so it could not know whether to sample again. Refused rather than guessed.
            if (spec.rules().maxRepeat() > spec.repeat()) {
                problems.add("suite " + spec.name() + ": <maxRepeat> " + spec.rules().maxRepeat() + " samples again"
                        + " in stages on the whole suite's decision, which no shard sees; for a sharded build set"
                        + " <repeat> to the samples per row you want and leave <maxRepeat> unset (or run unsharded)");
            }
            // A suite's batches are planned over all its rows; a shard would submit (and pay for) every row.
            if (evaluator.inBatchMode(spec)) {
                problems.add("suite " + spec.name() + ": batch mode and shards do not combine: each shard would"
                        + " submit every row's calls; run the batch unsharded (one job submits, a later one collects),"
                        + " or shard with promptEval.batch=false");
            }
        }
        if (!problems.isEmpty()) throw new SuiteConfigurationException(problems);

        Path outputDir = session.runtime().outputDir();
        // Another subset of the same suite must never resume from this one's journal, nor remove it when done.
        Path journals = outputDir.resolve(ShardFile.FOLDER).resolve("journal-" + shard.index() + "-of-"
                + shard.total());
        var suites = new ArrayList<ShardFile.ShardSuite>();
        var rows = new LinkedHashMap<String, Integer>();
        var counts = new LinkedHashMap<String, Long>();
        try (RunGuard guard = RunGuard.install(cancel, System.err)) {
            for (PreparedSuite suite : prepared) {
                var held = new ShardRows(suite.rows(), shard);
                held.forEach(row -> { }); // one pass over all the rows: positions and the count, however the runs end
                SuiteEvaluator.SuiteRuns runs = evaluator.run(suite, held, journals, progress, cancel);
                var result = new SuiteResult(SuiteResult.FORMAT_VERSION, suite.name(), SuiteResult.POM,
                        suite.spec().rules(), runs.candidate().result(),
                        runs.baseline() == null ? null : runs.baseline().result(),
                        SuiteReport.runMessages(runs.candidate(), runs.baseline()));
                suites.add(new ShardFile.ShardSuite(suite.spec().prompt(), suite.spec().pushResults(),
                        suite.candidate().template().toJson(), answerSettings(suite.spec()), held.rowCount(),
                        held.positions(), result));
                rows.put(suite.name(), held.positions().size());
                counts.put(suite.name(), held.rowCount());
            }
            if (guard.heapTooSmall() != null) throw new HeapTooSmallException(guard.heapTooSmall());
        }
        var file = new ShardFile(ShardFile.SCHEMA, shard.index(), shard.total(), ShardAssignment.SCHEME,
                session.runtime().gitCommit(), answerSettings(session.settings()), suites);
        return new Written(file.write(outputDir), rows, counts);
    }

    /** The build's settings that change what a model answers or how answers score. */
    static Map<String, String> answerSettings(PromptEvalSettings settings) {
        var map = new LinkedHashMap<String, String>();
        map.put(Property.MODE.key(), settings.mode().name().toLowerCase(Locale.ROOT));
        map.put(Property.GRADER_PROVIDER.key(), settings.grader().provider());
        map.put(Property.GRADER_MODEL.key(), settings.grader().model());
        map.put(Property.GRADER_BASE_URL.key(), shownUrl(settings.grader().baseUrl()));
        map.put(Property.GRADER_EMBEDDING_MODEL.key(), settings.grader().embeddingModel());
        map.put(Property.GRADER_EMBEDDING_PROVIDER.key(), settings.grader().embedder());
        return map;
    }

    /** A base URL as files may hold it: credentials in it are sent, never stored (nor hashed). */
    private static String shownUrl(String url) {
        if (url == null || url.isBlank()) return "none";
        okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url.strip());
        return parsed == null ? "(not a URL)" : Secrets.safeUrl(parsed);
    }

    /** A suite's own settings that change answers or scores (the models are in its runs). */
    static Map<String, String> answerSettings(SuiteSpec spec) {
        var map = new LinkedHashMap<String, String>();
        map.put("baseUrl", shownUrl(spec.baseUrl()));
        map.put("repeat", Integer.toString(spec.repeat()));
        try {
            map.put("assertions", JSON.writeValueAsString(spec.assertions()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is JSON", e);
        }
        return map;
    }
}
