package dev.prompteval.internal.apicheck;

import dev.prompteval.junit.PromptEval;
import dev.prompteval.score.Scorer;
import dev.prompteval.webhook.WebhookMain;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The public API as the files in {@code api/} pin it. A change to what users can import, or to the plugin's goals
 * and parameters, fails here until the file is updated in the same change, so that review sees it:
 * {@code ./mvnw -pl prompt-eval-api-check -am verify -DupdateApi -Dtest=PublicApiTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dinvoker.skip} writes the files
 * anew. The same check fails when the API names an internal type.
 */
class PublicApiTest {
    private static final Path API = Path.of(System.getProperty("apiDirectory", "api"));
    private static final boolean UPDATE = List.of("", "true").contains(System.getProperty("updateApi", "false"));

    private static final Predicate<String> JUNIT = n -> n.startsWith("dev.prompteval.junit.")
            || n.startsWith("dev.prompteval.internal.junit.");
    private static final Predicate<String> WEBHOOK = n -> n.startsWith("dev.prompteval.webhook.");
    private static final Predicate<String> CORE = n -> n.startsWith("dev.prompteval.") && !JUNIT.test(n)
            && !WEBHOOK.test(n) && !n.startsWith("dev.prompteval.maven.");

    @Test
    void core() throws IOException {
        checkModule("prompt-eval-core", ApiSignatures.of(ApiSignatures.locationOf(Scorer.class), CORE));
    }

    @Test
    void junitExtension() throws IOException {
        checkModule("prompt-eval-junit", ApiSignatures.of(ApiSignatures.locationOf(PromptEval.class), JUNIT));
    }

    @Test
    void webhookServer() throws IOException {
        checkModule("prompt-eval-webhook", ApiSignatures.of(ApiSignatures.locationOf(WebhookMain.class), WEBHOOK));
    }

    @Test
    void mavenPluginGoalsAndParameters() throws Exception {
        URL descriptor = null;
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/maven/plugin.xml"))) {
            if (url.toString().contains("prompt-eval-maven-plugin")) {
                descriptor = url;
            }
        }
        assertThat(descriptor).as("the plugin's descriptor on the test classpath").isNotNull();
        compare("prompt-eval-maven-plugin.api", PluginDescriptor.text(descriptor));
    }

    private static void checkModule(String module, ApiSignatures api) throws IOException {
        assertThat(api.leaks()).as("public API of " + module + " naming types users cannot use").isEmpty();
        compare(module + ".api", api.text());
    }

    private static void compare(String fileName, String actual) throws IOException {
        Path file = API.resolve(fileName);
        if (UPDATE) {
            Files.createDirectories(API);
            Files.writeString(file, actual);
            return;
        }
        String pinned;
        try {
            pinned = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new AssertionError(file + " does not exist; write it with -DupdateApi and commit it");
        }
        if (!pinned.equals(actual)) {
            fail(fileName + " no longer matches the public API. If the change is intended, rewrite the file with "
                    + "-DupdateApi and commit it with the change.\n" + difference(pinned, actual));
        }
    }

    private static String difference(String pinned, String actual) {
        Set<String> before = new LinkedHashSet<>(pinned.lines().toList());
        Set<String> after = new LinkedHashSet<>(actual.lines().toList());
        List<String> out = new ArrayList<>();
        before.stream().filter(l -> !after.contains(l)).forEach(l -> out.add("- " + l));
        after.stream().filter(l -> !before.contains(l)).forEach(l -> out.add("+ " + l));
        return String.join("\n", out);
    }
}
