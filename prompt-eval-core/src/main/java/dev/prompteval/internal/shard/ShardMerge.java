package dev.prompteval.internal.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.report.SuiteReport;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import dev.prompteval.internal.suite.Evaluation;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.internal.suite.SuiteResultFile;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.internal.template.TemplateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Merges the shard files of one split into one result per suite, exactly as an unsharded build would have run it
 * (rows back in dataset order), after refusing anything that would make the decision other than that run's: a
 * missing shard, a shard present twice, and files that did not evaluate the same thing (another split, prompt
 * content, dataset, rules or settings). The merged results are then decided by {@link Evaluation#report}, the one
 * decision path, which writes the same reports, {@code gate.json} and {@code results/} as an unsharded build.
 */
public final class ShardMerge {
    /** The names shard jobs give their files; anything else in the folder (reports, journals) is not read. */
    private static final Pattern FILE_NAME = Pattern.compile("shard-\\d+-of-\\d+\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardMerge() {
    }

    /**
     * Every suite's merged runs, ready to decide.
     *
     * @param files      the shard files merged, in shard order
     * @param results    one per suite, in configuration order, each with its candidate's blueprint
     * @param pushes     what pushing each suite's results needs
     */
    public record Merged(int total, List<Path> files, List<SuiteResult> results, List<Push> pushes) {
    }

    /** A suite's push: its prompt, the candidate's registry version (null for a file), its {@code pushResults}. */
    public record Push(String suite, String prompt, Integer version, Boolean configured) {
    }

    /** What the merge decided and pushed. */
    public record Decided(List<SuiteReport> reports, List<String> pushed, List<String> pushFailures) {
    }

    /**
     * Reads every shard file under {@code folder} (at any depth: artifact downloads nest them) and merges them.
     *
     * @throws ShardMergeException listing every problem, each naming its file; nothing was written
     */
    public static Merged read(Path folder) {
        List<Path> paths = find(folder);
        var problems = new ArrayList<String>();
        var files = new LinkedHashMap<Path, ShardFile>();
        for (Path path : paths) {
            try {
                files.put(path, ShardFile.read(path));
            } catch (PromptEvalException e) {
                problems.addAll(e.problems());
            }
        }
        if (files.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add("no shard files (shard-I-of-N.json) under " + folder + "; download every shard job's"
                        + " artifact into it (their <output>/shards folders), or point promptEval.shardsDirectory at"
                        + " where they are");
            }
            throw new ShardMergeException(problems);
        }
        // The reference every other file is compared with: the lowest shard, the first path among equals.
        Map.Entry<Path, ShardFile> reference = files.entrySet().stream()
                .min(Comparator.comparingInt((Map.Entry<Path, ShardFile> e) -> e.getValue().index())
                        .thenComparing(Map.Entry::getKey)).orElseThrow();
        var consistent = new TreeMap<Integer, List<Path>>();
        var present = new TreeSet<Integer>(); // of this split, whether they match or not: mismatched is not missing
        for (var entry : files.entrySet()) {
            if (entry.getValue().total() == reference.getValue().total()) present.add(entry.getValue().index());
            if (entry.getKey().equals(reference.getKey()) || matches(entry, reference, problems)) {
                consistent.computeIfAbsent(entry.getValue().index(), i -> new ArrayList<>()).add(entry.getKey());
            }
        }
        int total = reference.getValue().total();
        consistent.forEach((index, at) -> {
            if (at.size() > 1) {
                problems.add("shard " + index + " of " + total + " is there " + at.size() + " times: " + at.stream()
                        .map(Path::toString).collect(Collectors.joining(", ")) + " (a job that ran twice, say a"
                        + " re-run, uploads it again); keep one of them and merge again");
            }
        });
        var missing = new TreeSet<Integer>();
        for (int i = 1; i <= total; i++) if (!present.contains(i)) missing.add(i);
        if (!missing.isEmpty()) {
            problems.add((missing.size() == 1 ? "shard " + missing.first() + " of " + total + " is missing"
                    : "shards " + join(missing) + " of " + total + " are missing") + ": no shard-"
                    + missing.first() + "-of-" + total + ".json under " + folder + " (found shard"
                    + (present.size() == 1 ? " " : "s ") + join(present) + "); download every shard"
                    + " job's artifact into it, or run the missing job, then merge again");
        }
        if (!problems.isEmpty()) throw new ShardMergeException(problems);

        List<Path> ordered = consistent.values().stream().map(at -> at.get(0)).toList();
        return merge(total, ordered, ordered.stream().map(files::get).toList());
    }

    /**
     * Decides the merged suites and writes what an unsharded build writes: {@code suites/<suite>.json}, then, through
     * {@link Evaluation#report}, the reports, {@code gate.json} and {@code results/<suite>.json}; then pushes each
     * suite's results as the evaluation would have.
     */
    public static Decided decide(Evaluation evaluation, Path outputDir, Merged merged) {
        SuiteResultFile.clear(outputDir); // the reports list these suites only, as an unsharded build's do
        merged.results().forEach(result -> SuiteResultFile.write(outputDir, result));
        List<SuiteReport> reports = evaluation.report(merged.results());
        var pushed = new ArrayList<String>();
        var failures = new ArrayList<String>();
        for (Push push : merged.pushes()) {
            try {
                String line = evaluation.pushResults(push.suite(), push.prompt(), push.version(), push.configured());
                if (line != null) pushed.add(line);
            } catch (PromptEvalException e) {
                failures.add("suite " + push.suite() + ": results were not pushed to the registry: " + e.getMessage());
            }
        }
        return new Decided(reports, pushed, failures);
    }

    private static List<Path> find(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> FILE_NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (NoSuchFileException e) {
            throw new ShardMergeException(List.of("the shards folder " + folder + " does not exist; download every"
                    + " shard job's artifact into it, or point promptEval.shardsDirectory at where they are"));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ShardMergeException(List.of("cannot list the shard files under " + folder + ": "
                    + e.getMessage()));
        }
    }

    /** Whether {@code entry} evaluated what {@code reference} did; each difference found is one problem. */
    private static boolean matches(Map.Entry<Path, ShardFile> entry, Map.Entry<Path, ShardFile> reference,
                                   List<String> problems) {
        ShardFile file = entry.getValue();
        ShardFile ref = reference.getValue();
        String named = "shard file " + entry.getKey() + " (shard " + file.index() + " of " + file.total() + ")";
        String against = reference.getKey() + " (shard " + ref.index() + " of " + ref.total() + ")";
        if (file.total() != ref.total() || !file.assignment().equals(ref.assignment())) {
            problems.add(named + " belongs to another split than " + against + ": the rows were divided "
                    + file.total() + " ways there" + (file.assignment().equals(ref.assignment()) ? ""
                    : " by " + file.assignment()) + ", " + ref.total() + " ways here" + "; merge the shards of one"
                    + " split only (every job with the same promptEval.shard total)");
            return false;
        }
        var differences = new ArrayList<String>();
        List<String> names = file.suites().stream().map(ShardFile.ShardSuite::name).toList();
        List<String> refNames = ref.suites().stream().map(ShardFile.ShardSuite::name).toList();
        if (!names.equals(refNames)) {
            differences.add("it evaluated suites " + names + ", " + against + " " + refNames);
        } else {
            for (int i = 0; i < names.size(); i++) {
                compare(file.suites().get(i), ref.suites().get(i), differences);
            }
        }
        if (!file.settings().equals(ref.settings())) {
            differences.add("other settings: " + diff(file.settings(), ref.settings()));
        }
        if (file.gitCommit() != null && ref.gitCommit() != null && !file.gitCommit().equals(ref.gitCommit())) {
            differences.add("it evaluated commit " + file.gitCommit() + ", not " + ref.gitCommit());
        }
        if (differences.isEmpty()) return true;
        problems.add(named + " did not evaluate what " + against + " did: " + String.join("; ", differences)
                + "; run every shard from the same commit and command line, then merge again");
        return false;
    }

    private static void compare(ShardFile.ShardSuite suite, ShardFile.ShardSuite ref, List<String> differences) {
        String name = "suite " + suite.name();
        RunResult c = suite.result().candidate();
        RunResult rc = ref.result().candidate();
        if (!c.contentHash().equals(rc.contentHash())) {
            differences.add(name + ": other candidate prompt content (" + c.contentHash() + ", not "
                    + rc.contentHash() + ")");
        }
        RunResult b = suite.result().baseline();
        RunResult rb = ref.result().baseline();
        String baseline = b == null ? "none" : b.contentHash();
        String refBaseline = rb == null ? "none" : rb.contentHash();
        if (!baseline.equals(refBaseline)) {
            differences.add(name + ": other baseline prompt content (" + baseline + ", not " + refBaseline + ")");
        }
        if (!c.datasetHash().equals(rc.datasetHash()) || suite.rowCount() != ref.rowCount()) {
            differences.add(name + ": another dataset (" + c.datasetHash() + " with " + suite.rowCount()
                    + " rows, not " + rc.datasetHash() + " with " + ref.rowCount() + " rows)");
        }
        if (!JSON.valueToTree(suite.result().rules()).equals(JSON.valueToTree(ref.result().rules()))) {
            differences.add(name + ": other <rules>");
        }
        if (!Objects.equals(c.model(), rc.model()) || (b != null && rb != null && !Objects.equals(b.model(),
                rb.model()))) {
            differences.add(name + ": another model (" + c.model() + ", not " + rc.model() + ")");
        }
        if (!suite.answerSettings().equals(ref.answerSettings())) {
            differences.add(name + ": other settings: " + diff(suite.answerSettings(), ref.answerSettings()));
        }
        if (!suite.prompt().equals(ref.prompt()) || !Objects.equals(suite.pushResults(), ref.pushResults())) {
            differences.add(name + ": another prompt or <pushResults> (" + suite.prompt() + ", not "
                    + ref.prompt() + ")");
        }
    }

    private static String diff(Map<String, String> here, Map<String, String> there) {
        var keys = new TreeSet<>(here.keySet());
        keys.addAll(there.keySet());
        return keys.stream().filter(k -> !Objects.equals(here.get(k), there.get(k)))
                .map(k -> k + " " + here.get(k) + ", not " + there.get(k)).collect(Collectors.joining(", "));
    }

    private static Merged merge(int total, List<Path> paths, List<ShardFile> files) {
        var problems = new ArrayList<String>();
        var results = new ArrayList<SuiteResult>();
        var pushes = new ArrayList<Push>();
        ShardFile first = files.get(0);
        for (int s = 0; s < first.suites().size(); s++) {
            ShardFile.ShardSuite ref = first.suites().get(s);
            String suite = ref.name();
            // Every row in exactly one shard, and all the suite's rows in some shard.
            var owner = new HashMap<Long, Path>();
            for (int f = 0; f < files.size(); f++) {
                for (Long position : files.get(f).suites().get(s).positions().values()) {
                    Path earlier = owner.putIfAbsent(position, paths.get(f));
                    if (earlier != null) {
                        problems.add("suite " + suite + ": row " + (position + 1) + " is in both " + earlier + " and "
                                + paths.get(f) + "; the shard files were not made by one split, run the shards"
                                + " again");
                    }
                }
            }
            if (owner.size() != ref.rowCount() && problems.isEmpty()) {
                problems.add("suite " + suite + ": the shard files hold " + owner.size() + " of its "
                        + ref.rowCount() + " rows; run the shards again");
            }
            int index = s;
            RunResult candidate = mergeRuns(files, f -> f.suites().get(index), SuiteResult::candidate);
            RunResult baseline = ref.result().baseline() == null ? null
                    : mergeRuns(files, f -> f.suites().get(index), SuiteResult::baseline);
            var messages = new ArrayList<String>();
            for (ShardFile file : files) {
                file.suites().get(s).result().runMessages()
                        .forEach(m -> messages.add("shard " + file.shard() + ": " + m));
            }
            results.add(new SuiteResult(SuiteResult.FORMAT_VERSION, suite, ref.result().source(), ref.result().rules(),
                    candidate, baseline, messages, ref.candidateTemplate()));
            try {
                PromptTemplate.of(ref.candidateTemplate(), ref.prompt()); // the pushed rows' inputs render from it
            } catch (TemplateException | NullPointerException e) {
                problems.add("the shard file " + paths.get(0) + " holds no readable candidate template for suite "
                        + suite + " (" + e.getMessage() + "); run its shard job again");
            }
            pushes.add(new Push(suite, ref.prompt(), candidate.version(), ref.pushResults()));
        }
        if (!problems.isEmpty()) throw new ShardMergeException(problems);
        return new Merged(total, paths, results, pushes);
    }

    /** One version's runs of a suite in every shard, as one run: rows in dataset order, complete if all were. */
    private static RunResult mergeRuns(List<ShardFile> files, Function<ShardFile, ShardFile.ShardSuite> suiteOf,
                                       Function<SuiteResult, RunResult> side) {
        record Placed(long position, RowResult row) {
        }
        var placed = new ArrayList<Placed>();
        boolean complete = true;
        RunResult first = null;
        for (ShardFile file : files) {
            ShardFile.ShardSuite suite = suiteOf.apply(file);
            RunResult run = side.apply(suite.result());
            if (first == null) first = run;
            complete &= run.complete();
            for (RowResult row : run.rows()) {
                Long position = suite.positions().get(row.id());
                if (position == null) {
                    throw new ShardMergeException(List.of("shard " + file.shard() + " of suite " + suite.name()
                            + " has a result for row " + row.id() + " but no position for it; run its shard job"
                            + " again"));
                }
                placed.add(new Placed(position, row));
            }
        }
        placed.sort(Comparator.comparingLong(Placed::position));
        return new RunResult(first.suite(), first.prompt(), first.reference(), first.version(), first.contentHash(),
                first.datasetHash(), first.model(), placed.stream().map(Placed::row).toList(), complete);
    }

    private static String join(java.util.Collection<Integer> indices) {
        return indices.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
