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
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the project's {@code @PromptEval} tests through the JUnit Platform Launcher, in a class loader made of the
 * project's test class path (plus this plugin's launcher when the project has none). Where the project's
 * prompt-eval-core and its libraries are the very versions packed into this plugin, their classes come from the
 * plugin, already loaded and compiled by the evaluation of the POM's suites, rather than as a second, cold copy; the
 * rest of the class path (the project's classes, JUnit, prompt-eval-junit, other libraries) is the project's own,
 * ahead of the plugin's. Their gates keep their results under the output folder, where the evaluation reads them.
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
    static List<String> run(List<String> testClasspath, File testClasses, Map<String, String> parameters,
                            Set<File> fromPlugin) throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        boolean hasLauncher = false;
        for (String element : testClasspath) {
            File file = new File(element);
            hasLauncher |= file.getName().startsWith("junit-platform-launcher");
            if (!fromPlugin.contains(file)) urls.add(url(file));
        }
        if (!hasLauncher) urls.add(launcherJar());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = fromPlugin.isEmpty()
                ? new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())
                : new PluginFallbackLoader(urls.toArray(URL[]::new), JUnitSuites.class.getClassLoader())) {
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

    /**
     * The project's class path first (after the platform's classes), then the plugin's: a class or resource the
     * project's remaining files lack is the plugin's copy of a library both have at the same version.
     */
    static final class PluginFallbackLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final ClassLoader plugin;

        PluginFallbackLoader(URL[] urls, ClassLoader plugin) {
            super(urls, ClassLoader.getPlatformClassLoader());
            this.plugin = plugin;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            try {
                return super.loadClass(name, resolve);
            } catch (ClassNotFoundException notTheProjects) {
                return plugin.loadClass(name);
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = super.getResource(name);
            return own != null ? own : plugin.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            var all = new LinkedHashSet<URL>(Collections.list(super.getResources(name)));
            all.addAll(Collections.list(plugin.getResources(name)));
            return Collections.enumeration(all);
        }
    }
}
