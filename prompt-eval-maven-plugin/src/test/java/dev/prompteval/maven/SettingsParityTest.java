package dev.prompteval.maven;

import dev.prompteval.internal.junit.ExtensionSettings;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.suite.PromptEvalSettings.Property;
import dev.prompteval.internal.suite.PromptEvalSettings;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One map of {@code promptEval.*} properties configures the plugin and the JUnit extension identically. The plugin
 * side is configured as Maven would: each property is set on the parameter whose expression names it in the plugin's
 * generated descriptor ({@code META-INF/maven/plugin.xml}), so a parameter whose property name drifted from core's
 * would leave its default in place and fail here.
 */
@MojoTest
class SettingsParityTest {
    private static final String PROJECT = "/unit/greeting";

    @TempDir
    Path target;

    @TempDir
    Path elsewhere;

    @Provides
    MavenProject project() {
        return TestProject.of(PROJECT, target);
    }

    /** Every setting away from its default, so that a value lost on either side shows. */
    private Map<String, String> properties() {
        var map = new LinkedHashMap<String, String>();
        map.put(Property.OUTPUT_DIRECTORY.key(), elsewhere.resolve("out").toString());
        map.put(Property.REGISTRY.key(), "promptlayer");
        map.put(Property.REGISTRY_DIRECTORY.key(), elsewhere.resolve("registry").toString());
        map.put(Property.PROMPTLAYER_BASE_URL.key(), "http://127.0.0.1:9/promptlayer");
        map.put(Property.MODE.key(), "replay");
        map.put(Property.RECORDINGS_DIRECTORY.key(), elsewhere.resolve("recordings").toString());
        map.put(Property.CACHE.key(), "true");
        map.put(Property.CACHE_DIRECTORY.key(), elsewhere.resolve("cache").toString());
        map.put(Property.CONCURRENCY.key(), "3");
        map.put(Property.MAX_COST.key(), "2.5");
        map.put(Property.REPEAT.key(), "4");
        map.put(Property.GRADER_PROVIDER.key(), "openai-compatible");
        map.put(Property.GRADER_MODEL.key(), "judge-1");
        map.put(Property.GRADER_BASE_URL.key(), "http://127.0.0.1:9/v1");
        map.put(Property.GRADER_EMBEDDING_MODEL.key(), "embed-1");
        map.put(Property.BATCH.key(), "true");
        map.put(Property.BATCH_WAIT_MINUTES.key(), "0");
        map.put(Property.BATCH_POLL_SECONDS.key(), "5");
        return map;
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    void oneMapOfPropertiesConfiguresThePluginAndTheExtensionIdentically(EvaluateMojo mojo) throws Exception {
        Map<String, String> properties = properties();
        List<String> unused = configure(mojo, "evaluate", properties);
        assertThat(unused).as("every property is a parameter of the evaluate goal").isEmpty();

        var problems = new ArrayList<String>();
        PromptEvalSettings plugin = mojo.settings(problems);
        Map<String, String> junit = new LinkedHashMap<>(properties);
        junit.put(Property.PROJECT_DIR.key(), mojo.basedir.getAbsolutePath());
        PromptEvalSettings extension = ExtensionSettings.read(key -> Optional.ofNullable(junit.get(key)),
                problems);

        assertThat(problems).isEmpty();
        assertThat(plugin).isEqualTo(extension);
        assertThat(plugin.registry()).isEqualTo("promptlayer");
        assertThat(plugin.mode()).isEqualTo(EvaluationMode.REPLAY);
        assertThat(plugin.cacheDir()).isEqualTo(elsewhere.resolve("cache"));
        assertThat(plugin.recordingsDir()).isEqualTo(elsewhere.resolve("recordings"));
        assertThat(plugin.outputDir()).isEqualTo(elsewhere.resolve("out"));
        assertThat(plugin.concurrency()).isEqualTo(3);
        assertThat(plugin.batch()).isEqualTo(new dev.prompteval.internal.batch.BatchSettings(true, java.time.Duration.ZERO,
                java.time.Duration.ofSeconds(5)));
        assertThat(plugin.grader()).isEqualTo(new PromptEvalSettings.Grader("openai-compatible", "judge-1",
                "http://127.0.0.1:9/v1", "embed-1", null));

        // What the plugin hands to the @PromptEval tests it runs reads back to the same settings.
        Map<String, String> handedOn = plugin.toProperties();
        assertThat(ExtensionSettings.read(key -> Optional.ofNullable(handedOn.get(key)), problems))
                .isEqualTo(plugin);
        assertThat(problems).isEmpty();
    }

    @Test
    @Basedir(PROJECT)
    @InjectMojo(goal = "evaluate")
    void bothFrontsHaveTheSameDefaults(EvaluateMojo mojo) {
        var problems = new ArrayList<String>();
        PromptEvalSettings plugin = mojo.settings(problems);
        // Surefire's default output folder is the project's target/, as the plugin's is ${project.build.directory}.
        Map<String, String> junit = Map.of(Property.PROJECT_DIR.key(), mojo.basedir.getAbsolutePath(),
                Property.OUTPUT_DIRECTORY.key(), target.resolve("prompt-eval").toString());
        PromptEvalSettings extension = ExtensionSettings.read(key -> Optional.ofNullable(junit.get(key)),
                problems);

        assertThat(problems).isEmpty();
        assertThat(plugin).isEqualTo(extension);
        assertThat(plugin.concurrency()).isEqualTo(16);
        assertThat(plugin.registry()).isEqualTo("file");
        assertThat(plugin.cacheDir()).isEqualTo(target.resolve("prompt-eval/cache"));
    }

    @Test
    void aBadValueMeansTheSameProblemInBothFronts() {
        var problems = new ArrayList<String>();
        ExtensionSettings.read(key -> Optional.ofNullable(Map.of(Property.CACHE.key(), "target/cache",
                "promptEval.outputDir", "x").get(key)), problems);

        assertThat(problems).containsExactly("promptEval.outputDir is now called promptEval.outputDirectory; rename it",
                "promptEval.cache is true or false, was 'target/cache'; the cache's folder is"
                        + " promptEval.cacheDirectory");
    }

    /**
     * Sets each property on the goal's parameter whose descriptor expression is {@code ${property}}, converting the
     * text as Maven does for the parameter's type (files relative to the project folder).
     *
     * @return the properties no parameter takes
     */
    private static List<String> configure(Object mojo, String goal, Map<String, String> properties) throws Exception {
        Map<String, String> parameterByProperty = descriptorProperties(goal);
        var unused = new ArrayList<String>();
        for (var entry : properties.entrySet()) {
            String parameter = parameterByProperty.get(entry.getKey());
            if (parameter == null) {
                unused.add(entry.getKey());
                continue;
            }
            Field field = field(mojo.getClass(), parameter);
            field.setAccessible(true);
            field.set(mojo, convert(field.getType(), entry.getValue(), (File) field(mojo.getClass(), "basedir")
                    .get(mojo)));
        }
        return unused;
    }

    /** The goal's {@code ${promptEval.*}} expressions, property name to parameter name. */
    private static Map<String, String> descriptorProperties(String goal) throws Exception {
        try (InputStream in = SettingsParityTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in).as("the generated plugin descriptor").isNotNull();
            var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            var mojos = document.getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                if (!goal.equals(mojo.getElementsByTagName("goal").item(0).getTextContent())) continue;
                Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
                var map = new LinkedHashMap<String, String>();
                for (Node n = configuration.getFirstChild(); n != null; n = n.getNextSibling()) {
                    String text = n.getTextContent().strip();
                    if (n instanceof Element e && text.startsWith("${promptEval.")) {
                        map.put(text.substring(2, text.length() - 1), e.getTagName());
                    }
                }
                return map;
            }
        }
        throw new AssertionError("the descriptor has no goal " + goal);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Arrays.stream(c.getDeclaredFields()).anyMatch(f -> f.getName().equals(name))) {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            }
        }
        throw new NoSuchFieldException(name + " in " + Arrays.stream(type.getDeclaredFields()).map(Field::getName)
                .collect(Collectors.joining(", ")));
    }

    private static Object convert(Class<?> type, String value, File basedir) {
        if (type == String.class) return value;
        if (type == int.class || type == Integer.class) return Integer.parseInt(value);
        if (type == boolean.class || type == Boolean.class) return Boolean.parseBoolean(value);
        if (type == double.class || type == Double.class) return Double.parseDouble(value);
        if (type == File.class) {
            File file = new File(value);
            return file.isAbsolute() ? file : new File(basedir, value);
        }
        throw new IllegalArgumentException("no conversion to " + type);
    }
}
