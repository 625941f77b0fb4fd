package dev.prompteval.internal.registry.file;

import dev.prompteval.internal.registry.RegistryException;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where one prompt lives in the file registry, from a validated name. Names are folder paths: segments separated by
 * {@code /}, each of letters, digits, {@code .}, {@code _} and {@code -}, not starting or ending with {@code .}
 * (so no {@code .} or {@code ..}, no hidden files), not {@code versions}, {@code evals} or {@code labels.json}
 * (they are the registry's own entries); no leading, trailing or double {@code /}, no backslash; at most 512
 * characters. Nothing a name can say reaches outside the registry root.
 */
record PromptFolder(String name, Path dir) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]([A-Za-z0-9._-]*[A-Za-z0-9_-])?");
    private static final Set<String> RESERVED = Set.of("versions", "evals", "labels.json");
    private static final Pattern VERSION_FILE = Pattern.compile("[1-9][0-9]{0,8}\\.json");

    static PromptFolder of(Path root, String name) {
        if (name == null || name.isEmpty()) throw invalid(name, "it is empty");
        if (name.length() > 512) throw invalid(name, "it is longer than 512 characters");
        Path dir = root;
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty()) throw invalid(name, "it has an empty segment (a leading, trailing or double /)");
            if (!SEGMENT.matcher(segment).matches()) {
                throw invalid(name, "segment \"" + segment + "\" has a character other than letters, digits, '.',"
                        + " '_' and '-', or starts or ends with '.'");
            }
            if (RESERVED.contains(segment)) {
                throw invalid(name, "segment \"" + segment + "\" is reserved for the registry's own files");
            }
            dir = dir.resolve(segment);
        }
        return new PromptFolder(name, dir);
    }

    Path versionsDir() {
        return dir.resolve("versions");
    }

    Path versionFile(int version) {
        return versionsDir().resolve(version + ".json");
    }

    /** The version a file name stands for, or 0 when it is not a version file (temp files, strays). */
    static int versionOf(Path file) {
        String fileName = file.getFileName().toString();
        return VERSION_FILE.matcher(fileName).matches()
                ? Integer.parseInt(fileName.substring(0, fileName.length() - ".json".length())) : 0;
    }

    Path labelsFile() {
        return dir.resolve("labels.json");
    }

    Path evalFile(int version, String runId) {
        return evalDir(version).resolve(runId + ".json");
    }

    /** Where the eval runs stored against a version are. */
    Path evalDir(int version) {
        return dir.resolve("evals").resolve(Integer.toString(version));
    }

    Path lockFile() {
        return dir.resolve(".lock");
    }

    private static RegistryException invalid(String name, String why) {
        return new RegistryException(RegistryException.Kind.INVALID, "prompt name \"" + name + "\" cannot be used"
                + " in the file registry: " + why + ". A name is a folder path of segments separated by '/', each"
                + " made of letters, digits, '.', '_' and '-' (not starting or ending with '.'), e.g."
                + " support/order-summary");
    }
}
