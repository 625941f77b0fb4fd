package dev.prompteval.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the project's {@code @PromptEval} tests through the JUnit Platform Launcher, in a class loader made of the
 * project's test class path (plus this plugin's launcher when the project has none). Their gates keep their results
 * under the output folder, where the evaluation reads them.
 */
final class JUnitSuites {
    private static final String ENTRY = "dev.prompteval.internal.junit.launcher.PromptEvalLauncher";
    private static final String EXTENSION_JAR = "prompt-eval-junit";

    private JUnitSuites() {
    }

    /** Whether the project uses {@code @PromptEval} at all: its test class path holds the extension. */
    static boolean used(List<String> testClasspath) {
        return testClasspath.stream().anyMatch(e -> new File(e).getName().startsWith(EXTENSION_JAR)
                || e.replace('\\', '/').contains("/" + EXTENSION_JAR + "/"));
    }

    /**
     * @return the launcher's summary line, then one line per failed invocation
     */
    static List<String> run(List<String> testClasspath, File testClasses, Map<String, String> parameters)
            throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        boolean hasLauncher = false;
        for (String element : testClasspath) {
            hasLauncher |= new File(element).getName().startsWith("junit-platform-launcher");
            urls.add(url(new File(element)));
        }
        if (!hasLauncher) urls.add(launcherJar());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Object lines = loader.loadClass(ENTRY).getMethod("run", String.class, Map.class)
                    .invoke(null, testClasses.getAbsolutePath(), parameters);
            @SuppressWarnings("unchecked")
            List<String> result = (List<String>) lines;
            return List.copyOf(result);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new MojoExecutionException("the @PromptEval tests could not be run through the JUnit Platform: "
                    + cause + "; the project's JUnit version must match the plugin's launcher (JUnit 5.14)", cause);
        } catch (ReflectiveOperationException | IOException | LinkageError e) {
            throw new MojoExecutionException("the @PromptEval tests could not be run through the JUnit Platform ("
                    + e + "); the project needs prompt-eval-junit and JUnit Jupiter 5.14 on its test class path", e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static URL launcherJar() throws MojoExecutionException {
        try {
            return LauncherFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI().toURL();
        } catch (URISyntaxException | MalformedURLException | NullPointerException e) {
            throw new MojoExecutionException("the JUnit Platform launcher bundled with prompt-eval cannot be found", e);
        }
    }

    private static URL url(File file) throws MojoExecutionException {
        try {
            return file.toURI().toURL();
        } catch (MalformedURLException e) {
            throw new MojoExecutionException("test class path element " + file + " is not a valid path", e);
        }
    }
}
