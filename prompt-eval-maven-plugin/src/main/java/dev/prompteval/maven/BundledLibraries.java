package dev.prompteval.maven;

import org.apache.maven.artifact.Artifact;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * prompt-eval-core and the libraries packed into this plugin's jar, as {@code groupId:artifactId} to version (the
 * list the build writes next to the classes), and which of a project's artifacts are the very same ones: those the
 * {@code @PromptEval} run can take from the plugin, whose classes are loaded and compiled already, instead of loading
 * a second, cold copy. Only with the plugin's own version of prompt-eval-core: the extension and the evaluation must
 * be the same code. A library the project has at another version stays the project's; core keeps the plugin's.
 */
final class BundledLibraries {
    static final String LIST = "META-INF/prompt-eval/bundled-artifacts.txt";
    private static final String CORE = "dev.prompteval:prompt-eval-core";
    /** A line of {@code dependency:list}: {@code group:artifact:type[:classifier]:version:scope[ -- module ...]}. */
    private static final Pattern LINE = Pattern.compile(
            "^\\s*([^:\\s]+):([^:\\s]+):[^:\\s]+(?::[^:\\s]+)?:([^:\\s]+):(compile|runtime)\\b.*$");

    private final Map<String, String> versions;

    BundledLibraries(Map<String, String> versions) {
        this.versions = Map.copyOf(versions);
    }

    /** {@code groupId:artifactId} to version. */
    Map<String, String> versions() {
        return versions;
    }

    /** The list in this plugin's jar; empty when it is missing (a plugin built without it shares nothing). */
    static BundledLibraries ofPlugin() {
        try (InputStream in = BundledLibraries.class.getClassLoader().getResourceAsStream(LIST)) {
            if (in == null) return new BundledLibraries(Map.of());
            var versions = new LinkedHashMap<String, String>();
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) versions.put(m.group(1) + ":" + m.group(2), m.group(3));
            }
            return new BundledLibraries(versions);
        } catch (IOException e) {
            return new BundledLibraries(Map.of());
        }
    }

    /**
     * What the project's {@code @PromptEval} run can take from the plugin.
     *
     * @param projectArtifacts the project's resolved artifacts (test scope)
     */
    Sharing sharing(Collection<Artifact> projectArtifacts) {
        if (projectArtifacts == null) return Sharing.none("the project's artifacts are not known");
        var files = new LinkedHashSet<File>();
        boolean core = false;
        for (Artifact artifact : projectArtifacts) {
            String key = artifact.getGroupId() + ":" + artifact.getArtifactId();
            String bundled = versions.get(key);
            if (bundled == null || artifact.getFile() == null) continue;
            boolean same = bundled.equals(artifact.getBaseVersion());
            if (key.equals(CORE)) {
                if (!same) {
                    return Sharing.none("the project's " + CORE + " is " + artifact.getBaseVersion()
                            + ", the plugin's " + bundled);
                }
                core = true;
            }
            // A library at another version stays the project's own: the project's code sees the version it chose.
            if (same) files.add(artifact.getFile());
        }
        if (!core) return Sharing.none("the project's test class path has no " + CORE);
        return new Sharing(Set.copyOf(files), null);
    }

    /**
     * The project's files whose classes come from the plugin instead, or none, with why not.
     *
     * @param files   the project's artifact files that are the plugin's own libraries, at the same versions
     * @param whyNone why nothing is shared, or null when {@code files} are
     */
    record Sharing(Set<File> files, String whyNone) {
        static Sharing none(String why) {
            return new Sharing(Set.of(), why);
        }
    }
}
