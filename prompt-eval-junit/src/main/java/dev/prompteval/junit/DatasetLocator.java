package dev.prompteval.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a {@code @PromptEval} dataset: a class path resource as the test class sees it, else a file in the project
 * folder. A resource inside a jar is copied under the output folder, because datasets are read as files (streamed,
 * and hashed for the results).
 */
final class DatasetLocator {
    private static final String CLASSPATH = "classpath:";
    private static final String FILE = "file:";

    private final Class<?> testClass;
    private final Path projectDir;
    private final Path copiesDir;

    /** @param copiesDir where resources inside jars are copied to */
    DatasetLocator(Class<?> testClass, Path projectDir, Path copiesDir) {
        this.testClass = testClass;
        this.projectDir = projectDir;
        this.copiesDir = copiesDir;
    }

    /**
     * @return the dataset file, relative to the project folder when it lies inside it (so messages stay short);
     *         null when it was not found, after adding a problem that says where it was looked for
     */
    Path locate(String entry, List<String> problems) {
        String value = entry.strip();
        boolean resourceOnly = value.startsWith(CLASSPATH);
        boolean fileOnly = value.startsWith(FILE);
        String name = resourceOnly ? value.substring(CLASSPATH.length())
                : fileOnly ? value.substring(FILE.length()) : value;
        if (name.isBlank()) {
            problems.add("dataset \"" + entry + "\" names no file; e.g. /datasets/orders.csv");
            return null;
        }
        // classpath: means from the class path root, like a resource in a POM; a bare name is relative to the class.
        URL resource = fileOnly ? null
                : testClass.getResource(resourceOnly && !name.startsWith("/") ? "/" + name : name);
        if (resource != null) return shorten(resourceFile(resource, name));
        Path file = null;
        if (!resourceOnly) {
            try {
                file = projectDir.resolve(name).normalize();
            } catch (InvalidPathException e) {
                problems.add("dataset \"" + entry + "\" is not a valid path: " + e.getReason());
                return null;
            }
            if (Files.isRegularFile(file)) return shorten(file);
        }
        var looked = new ArrayList<String>();
        if (!fileOnly) looked.add("no class path resource " + name + " (as seen from " + testClass.getName() + ")");
        if (!resourceOnly) looked.add("no file " + file);
        problems.add("dataset \"" + entry + "\" was not found: " + String.join(" and ", looked) + "; put it under "
                + "src/test/resources and name it from the class path root (/datasets/x.csv), or give a path relative "
                + "to the project folder " + projectDir);
        return null;
    }

    private Path resourceFile(URL resource, String name) {
        if ("file".equals(resource.getProtocol())) {
            try {
                return Path.of(resource.toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalStateException("class path resource " + resource + " has no file path", e);
            }
        }
        Path relative = Path.of(name.replaceFirst("^/+", "")).normalize();
        Path copy = copiesDir.resolve(relative).normalize();
        if (!copy.startsWith(copiesDir)) copy = copiesDir.resolve(relative.getFileName());
        try (InputStream in = resource.openStream()) {
            Files.createDirectories(copy.getParent());
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy dataset " + resource + " to " + copy + ": " + e.getMessage(),
                    e);
        }
        return copy;
    }

    private Path shorten(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(projectDir) ? projectDir.relativize(absolute) : absolute;
    }
}
