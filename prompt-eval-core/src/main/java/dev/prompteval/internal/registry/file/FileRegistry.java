package dev.prompteval.internal.registry.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.io.AtomicFiles;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.LabelMove;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.PromptRegistry;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.registry.StoredResults;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.internal.template.TemplateException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The embedded registry: a folder in the project, committed to Git, which stays the source of truth.
 * <pre>
 * prompt-registry/                      (the root; {@value #DEFAULT_ROOT} in the project by default)
 *   support/order-summary/              (one folder per prompt; names may contain '/')
 *     versions/1.json, 2.json, ...      (blueprint shape plus prompt_name, version, commit_message)
 *     labels.json                       ({"prod": 2, "staging": 3})
 *     evals/2/&lt;run id&gt;.json             (eval runs against version 2)
 *     .lock                             (held while writing; add "prompt-registry/**&#47;.lock" to .gitignore)
 * </pre>
 * Files are pretty-printed with sorted keys, so diffs review well. Every write is atomic (temp file, fsync,
 * rename), so a crash leaves the registry readable; stray temp files are ignored. Writers of one prompt exclude
 * each other across threads and processes (see {@link PromptLock}); the expected-version check of
 * {@link #publish} turns a lost race into a clear {@code CONFLICT}. Prompt names are validated as
 * {@link PromptFolder} describes: segments of letters, digits, '.', '_' and '-' separated by '/', nothing that can
 * leave the root. On case-insensitive file systems, names that differ only in case are the same prompt.
 */
public final class FileRegistry implements PromptRegistry {
    /** The registry folder's name inside a project. */
    public static final String DEFAULT_ROOT = "prompt-registry";

    private final Path root;
    private final AtomicFiles files;

    /** A registry rooted at {@code root} (created on first write). */
    public FileRegistry(Path root) {
        this(root, new AtomicFiles());
    }

    FileRegistry(Path root, AtomicFiles files) {
        this.root = Objects.requireNonNull(root, "root");
        this.files = files;
    }

    /** The registry at {@code <projectDir>/prompt-registry}. */
    public static FileRegistry inProject(Path projectDir) {
        return new FileRegistry(projectDir.resolve(DEFAULT_ROOT));
    }

    @Override
    public RegistryPrompt get(String name, PromptReference reference) {
        if (reference instanceof PromptReference.File file) return file.load(name);
        PromptFolder folder = PromptFolder.of(root, name);
        int version;
        if (reference instanceof PromptReference.Version v) {
            version = v.number();
            if (!Files.isRegularFile(folder.versionFile(version))) {
                throw new RegistryException(Kind.NOT_FOUND, "prompt " + name + " has no version " + version
                        + " in " + root + " (versions: " + describe(versions(folder)) + ")");
            }
        } else if (reference instanceof PromptReference.Label label) {
            TreeMap<String, Integer> labels = labels(folder);
            if (!labels.containsKey(label.name())) {
                throw new RegistryException(Kind.NOT_FOUND, "prompt " + name + " has no label \"" + label.name()
                        + "\" in " + root + " (labels: " + describe(labels.keySet()) + "); move a label"
                        + " with publish or moveLabel first");
            }
            version = labels.get(label.name());
        } else {
            version = latest(folder);
            if (version == 0) {
                throw new RegistryException(Kind.NOT_FOUND, "prompt " + name + " has no versions in " + root
                        + " (looked in " + folder.versionsDir() + "); publish a version first");
            }
        }
        return prompt(folder, version);
    }

    @Override
    public List<Integer> listVersions(String name) {
        return versions(PromptFolder.of(root, name));
    }

    @Override
    public SortedMap<String, Integer> listLabels(String name) {
        return Collections.unmodifiableSortedMap(labels(PromptFolder.of(root, name)));
    }

    @Override
    public int publish(String name, PromptTemplate template, String commitMessage, Collection<String> labels,
                       Integer expectedLatestVersion) {
        PromptFolder folder = PromptFolder.of(root, name);
        labels.forEach(PromptReference.Label::new); // validates every label before anything is written
        return PromptLock.holding(folder.lockFile(), () -> {
            int latest = latest(folder);
            if (latest > 0 && read(folder, latest).contentHash().equals(template.contentHash())) {
                setLabels(folder, labels, latest);
                return latest;
            }
            if (expectedLatestVersion != null && expectedLatestVersion != latest) {
                throw conflict(folder, expectedLatestVersion, latest);
            }
            int version = latest + 1;
            ObjectNode blueprint = template.toJson();
            blueprint.put("prompt_name", name);
            blueprint.put("version", version);
            if (commitMessage == null) {
                blueprint.remove("commit_message");
            } else {
                blueprint.put("commit_message", commitMessage);
            }
            write(folder.versionFile(version), blueprint);
            setLabels(folder, labels, version);
            return version;
        });
    }

    @Override
    public LabelMove moveLabel(String name, String label, int version) {
        PromptFolder folder = PromptFolder.of(root, name);
        new PromptReference.Label(label); // validates the label name
        return PromptLock.holding(folder.lockFile(), () -> {
            requireVersion(folder, version, "label \"" + label + "\" cannot point at it");
            if (Integer.valueOf(version).equals(labels(folder).get(label))) return LabelMove.UNCHANGED;
            setLabels(folder, List.of(label), version);
            return LabelMove.MOVED;
        });
    }

    @Override
    public void pushResults(String name, int version, EvalRunRecord run) {
        PromptFolder folder = PromptFolder.of(root, name);
        requireVersion(folder, version, "results of run " + run.runId() + " cannot be stored against it");
        String versionHash = read(folder, version).contentHash();
        if (!versionHash.equals(run.candidateHash())) {
            throw new RegistryException(Kind.INVALID, "run " + run.runId() + " of suite " + run.suite()
                    + " evaluated content " + run.candidateHash() + ", but version " + version + " of prompt " + name
                    + " holds " + versionHash + "; push results against the version that holds the evaluated"
                    + " content (publish it first)");
        }
        write(folder.evalFile(version, run.runId()), EvalRunDocument.of(name, version, run));
    }

    @Override
    public Optional<StoredResults> latestResults(RegistryPrompt version, String suite) {
        if (version.version() == null) return Optional.empty();
        Path dir = PromptFolder.of(root, version.name()).evalDir(version.version());
        if (!Files.isDirectory(dir)) return Optional.empty();
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            // run ids start with the run's UTC time, so the greatest name is the newest run
            files = entries.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.reverseOrder()).toList();
        } catch (IOException | UncheckedIOException e) {
            throw ioFailure("list " + dir, e);
        }
        for (Path file : files) {
            JsonNode doc;
            try {
                doc = StableJson.MAPPER.readTree(Files.readString(file));
            } catch (JsonProcessingException e) {
                throw new RegistryException(Kind.INVALID, "stored eval results " + file + " are not valid JSON at"
                        + " line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage()
                        + "; restore the file from Git or delete it", e);
            } catch (IOException e) {
                throw ioFailure("read " + file, e);
            }
            if (suite.equals(doc.path("suite").asText())
                    && version.template().contentHash().equals(doc.path("candidate_hash").asText())) {
                return Optional.of(EvalRunDocument.read(doc));
            }
        }
        return Optional.empty();
    }

    private RegistryPrompt prompt(PromptFolder folder, int version) {
        List<String> onVersion = labels(folder).entrySet().stream()
                .filter(e -> e.getValue() == version).map(Map.Entry::getKey).toList();
        return new RegistryPrompt(folder.name(), version, read(folder, version), onVersion);
    }

    private PromptTemplate read(PromptFolder folder, int version) {
        Path file = folder.versionFile(version);
        try {
            return PromptTemplate.parse(Files.readString(file), folder.name() + " version " + version);
        } catch (TemplateException e) {
            throw new RegistryException(Kind.INVALID, "prompt registry file " + file + " is broken: "
                    + e.getMessage() + "; restore it from Git", e);
        } catch (NoSuchFileException e) {
            throw new RegistryException(Kind.NOT_FOUND, "prompt " + folder.name() + " has no version " + version
                    + " (" + file + " does not exist)", e);
        } catch (IOException e) {
            throw ioFailure("read " + file, e);
        }
    }

    private static void requireVersion(PromptFolder folder, int version, String consequence) {
        if (version <= 0 || !Files.isRegularFile(folder.versionFile(version))) {
            throw new RegistryException(Kind.NOT_FOUND, "prompt " + folder.name() + " has no version " + version
                    + " (versions: " + describe(versions(folder)) + "); " + consequence);
        }
    }

    /** Version numbers from the version files present; temp files and strays do not count. */
    private static List<Integer> versions(PromptFolder folder) {
        if (!Files.isDirectory(folder.versionsDir())) return List.of();
        try (Stream<Path> entries = Files.list(folder.versionsDir())) {
            return entries.mapToInt(PromptFolder::versionOf).filter(v -> v > 0).sorted().boxed().toList();
        } catch (IOException | UncheckedIOException e) {
            throw ioFailure("list " + folder.versionsDir(), e);
        }
    }

    private static int latest(PromptFolder folder) {
        List<Integer> versions = versions(folder);
        return versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
    }

    private static TreeMap<String, Integer> labels(PromptFolder folder) {
        Path file = folder.labelsFile();
        var labels = new TreeMap<String, Integer>();
        if (!Files.exists(file)) return labels;
        JsonNode tree;
        try {
            tree = StableJson.MAPPER.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw brokenLabels(file, "not valid JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw ioFailure("read " + file, e);
        }
        if (tree == null || !tree.isObject()) throw brokenLabels(file, "expected an object like {\"prod\": 3}");
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            JsonNode value = e.getValue();
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
                throw brokenLabels(file, "label \"" + e.getKey() + "\" must point at a version number, not "
                        + value);
            }
            labels.put(e.getKey(), value.intValue());
        }
        return labels;
    }

    private void setLabels(PromptFolder folder, Collection<String> names, int version) {
        TreeMap<String, Integer> labels = labels(folder);
        boolean changed = false;
        for (String label : names) {
            changed |= !Objects.equals(labels.put(label, version), version);
        }
        if (changed) write(folder.labelsFile(), StableJson.MAPPER.valueToTree(labels));
    }

    private void write(Path file, JsonNode content) {
        try {
            files.replace(file, StableJson.write(content));
        } catch (IOException e) {
            throw ioFailure("write " + file, e);
        }
    }

    private RegistryException conflict(PromptFolder folder, int expected, int latest) {
        String what = expected == 0 ? "to create prompt " + folder.name()
                : "version " + expected + " to be the latest of prompt " + folder.name();
        if (latest == 0) {
            return new RegistryException(Kind.CONFLICT, "publish refused: expected " + what + ", but the prompt has"
                    + " no versions in " + root + ". Nothing was written. Check that the registry folder is the"
                    + " right one, or publish without an expected version");
        }
        String message = read(folder, latest).toJson().path("commit_message").asText("");
        return new RegistryException(Kind.CONFLICT, "publish refused: expected " + what + ", but version "
                + latest + (message.isEmpty() ? "" : " (\"" + message + "\")") + " was published first by another"
                + " build (" + folder.versionFile(latest) + "). Nothing was written. Evaluate your candidate against"
                + " version " + latest + " and publish again");
    }

    private static RegistryException brokenLabels(Path file, String why) {
        return new RegistryException(Kind.INVALID, "labels file " + file + " is broken: " + why
                + "; restore it from Git");
    }

    private static RegistryException ioFailure(String what, Exception e) {
        return new RegistryException(Kind.IO, "cannot " + what + ": " + e.getMessage()
                + "; check the registry folder's permissions and free space", e);
    }

    private static String describe(Collection<?> items) {
        return items.isEmpty() ? "none" : String.join(", ", items.stream().map(String::valueOf).toList());
    }
}
