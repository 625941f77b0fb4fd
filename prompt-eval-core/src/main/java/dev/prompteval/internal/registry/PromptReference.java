package dev.prompteval.internal.registry;

import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.internal.template.TemplateException;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which prompt version to use, written the same way everywhere (POM, annotation, command line):
 * <ul>
 *   <li>{@code version:N} — version number N (a positive whole number);</li>
 *   <li>{@code label:L} — the version release label L points at (e.g. {@code label:prod});</li>
 *   <li>{@code latest} — the newest version;</li>
 *   <li>{@code file:path} — a blueprint file in the working tree, not yet a registry version; a bare path ending in
 *       {@code .json} means the same.</li>
 * </ul>
 * {@link #toString()} gives the canonical text back, so a parsed reference can be written into reports.
 */
public sealed interface PromptReference
        permits PromptReference.Version, PromptReference.Label, PromptReference.Latest, PromptReference.File {

    /**
     * Parses a reference.
     *
     * @throws RegistryException of kind {@code INVALID} saying what is wrong and what is accepted
     */
    static PromptReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        String ref = text.strip();
        if (ref.equals("latest")) return new Latest();
        if (ref.startsWith("version:")) return Version.parse(ref);
        if (ref.startsWith("label:")) return new Label(ref.substring("label:".length()));
        if (ref.startsWith("file:")) return File.of(ref.substring("file:".length()), ref);
        if (ref.endsWith(".json")) return File.of(ref, ref);
        String hint = ref.chars().allMatch(Character::isDigit) ? "; did you mean version:" + ref + "?"
                : ref.contains(":") ? "" : "; did you mean label:" + ref + "?";
        throw invalid(ref, "it is not a known form" + hint);
    }

    private static RegistryException invalid(String text, String why) {
        return new RegistryException(RegistryException.Kind.INVALID, "prompt reference \"" + text + "\" is invalid: "
                + why + ". Use version:N, label:L, latest, or file:path (a path ending in .json also works)");
    }

    /** A version by number. */
    record Version(int number) implements PromptReference {
        public Version {
            if (number <= 0) {
                throw invalid("version:" + number, "version must be a positive whole number, e.g. version:3");
            }
        }

        private static Version parse(String ref) {
            String digits = ref.substring("version:".length());
            int number;
            try {
                number = digits.chars().allMatch(Character::isDigit) ? Integer.parseInt(digits) : -1;
            } catch (NumberFormatException tooLarge) {
                number = -1;
            }
            if (number <= 0) {
                throw invalid(ref, "version must be a positive whole number, e.g. version:3");
            }
            return new Version(number);
        }

        @Override
        public String toString() {
            return "version:" + number;
        }
    }

    /**
     * A release label. Label names are non-empty, have no white space at either end and no control characters.
     */
    record Label(String name) implements PromptReference {
        public Label {
            if (name == null || name.isEmpty()) {
                throw invalid("label:", "the label name is empty, e.g. label:prod");
            }
            if (!name.equals(name.strip()) || name.chars().anyMatch(Character::isISOControl)) {
                throw invalid("label:" + name, "a label name cannot start or end with white space or contain"
                        + " control characters");
            }
        }

        @Override
        public String toString() {
            return "label:" + name;
        }
    }

    /** The newest version. */
    record Latest() implements PromptReference {
        @Override
        public String toString() {
            return "latest";
        }
    }

    /** A working-tree blueprint file; relative paths are as written until {@link #resolveAgainst(Path)}. */
    record File(Path path) implements PromptReference {
        private static File of(String path, String ref) {
            if (path.isBlank()) throw invalid(ref, "the file path is empty, e.g. file:prompts/order-summary.json");
            try {
                return new File(Path.of(path));
            } catch (InvalidPathException e) {
                throw invalid(ref, "\"" + path + "\" is not a valid path (" + e.getReason() + ")");
            }
        }

        /** This reference with a relative path resolved against {@code baseDir} (e.g. the project folder). */
        public File resolveAgainst(Path baseDir) {
            return new File(baseDir.resolve(path));
        }

        /**
         * Reads the file as prompt {@code promptName}: no version number, no labels.
         *
         * @throws RegistryException {@code NOT_FOUND} when the file does not exist, {@code INVALID} when it is
         *                           not a blueprint (the message names the file)
         */
        public RegistryPrompt load(String promptName) {
            if (!Files.isRegularFile(path)) {
                throw new RegistryException(RegistryException.Kind.NOT_FOUND, "prompt " + promptName + ": file "
                        + path.toAbsolutePath() + " (reference " + this + ") does not exist; check the path");
            }
            try {
                return new RegistryPrompt(promptName, null, PromptTemplate.read(path), List.of());
            } catch (TemplateException e) {
                throw new RegistryException(RegistryException.Kind.INVALID, e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }
}
