package dev.prompteval.maven;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BundledLibrariesTest {
    private static final BundledLibraries BUNDLED = new BundledLibraries(Map.of(
            "dev.prompteval:prompt-eval-core", "0.1.0-SNAPSHOT",
            "com.fasterxml.jackson.core:jackson-databind", "2.20.1",
            "org.slf4j:slf4j-api", "1.7.36"));

    @Test
    void thePluginsOwnListIsReadFromItsJar() {
        BundledLibraries plugin = BundledLibraries.ofPlugin();

        // The build's own dependency list: core and the libraries it packs, JUnit's and prompt-eval-junit left out.
        assertThat(plugin.versions()).containsKeys("dev.prompteval:prompt-eval-core",
                "com.fasterxml.jackson.core:jackson-databind", "com.hubspot.jinjava:jinjava",
                "com.squareup.okhttp3:okhttp-jvm", "org.jetbrains.kotlin:kotlin-stdlib");
        assertThat(plugin.versions().keySet()).noneMatch(key -> key.startsWith("org.junit")
                || key.equals("dev.prompteval:prompt-eval-junit"));
        String core = plugin.versions().get("dev.prompteval:prompt-eval-core");
        assertThat(plugin.sharing(List.of(artifact("dev.prompteval", "prompt-eval-core", core))).files()).hasSize(1);
    }

    @Test
    void theSameVersionsAreTakenFromThePluginAndAnotherVersionStaysTheProjects() {
        Artifact core = artifact("dev.prompteval", "prompt-eval-core", "0.1.0-SNAPSHOT");
        Artifact databind = artifact("com.fasterxml.jackson.core", "jackson-databind", "2.20.1");
        Artifact slf4j = artifact("org.slf4j", "slf4j-api", "2.0.16");
        Artifact own = artifact("org.example", "their-library", "1.0");

        BundledLibraries.Sharing sharing = BUNDLED.sharing(List.of(core, databind, slf4j, own));

        assertThat(sharing.whyNone()).isNull();
        assertThat(sharing.files()).containsExactlyInAnyOrder(core.getFile(), databind.getFile());
    }

    @Test
    void anotherVersionOfCoreSharesNothing() {
        BundledLibraries.Sharing sharing = BUNDLED.sharing(List.of(
                artifact("dev.prompteval", "prompt-eval-core", "0.0.9"),
                artifact("com.fasterxml.jackson.core", "jackson-databind", "2.20.1")));

        assertThat(sharing.files()).isEmpty();
        assertThat(sharing.whyNone()).isEqualTo("the project's dev.prompteval:prompt-eval-core is 0.0.9, the "
                + "plugin's 0.1.0-SNAPSHOT");
    }

    @Test
    void withoutCoreNothingIsShared() {
        BundledLibraries.Sharing sharing = BUNDLED.sharing(List.of(
                artifact("com.fasterxml.jackson.core", "jackson-databind", "2.20.1")));

        assertThat(sharing.files()).isEmpty();
        assertThat(sharing.whyNone()).contains("no dev.prompteval:prompt-eval-core");
    }

    @Test
    void theProjectsClassesComeFirstAndWhatTheyLackComesFromThePlugin(@TempDir Path dir) throws Exception {
        // The project's folder has its own copy of a class the plugin has too (this test class), and lacks the
        // plugin's BundledLibraries.
        Path classes = dir.resolve("classes");
        String own = BundledLibrariesTest.class.getName().replace('.', '/') + ".class";
        Files.createDirectories(classes.resolve(own).getParent());
        try (var in = BundledLibrariesTest.class.getClassLoader().getResourceAsStream(own)) {
            Files.copy(in, classes.resolve(own));
        }
        ClassLoader plugin = BundledLibrariesTest.class.getClassLoader();
        try (var loader = new JUnitSuites.PluginFallbackLoader(new URL[] {classes.toUri().toURL()}, plugin)) {
            assertThat(loader.loadClass(BundledLibrariesTest.class.getName()))
                    .isNotSameAs(BundledLibrariesTest.class);
            assertThat(loader.loadClass(BundledLibraries.class.getName())).isSameAs(BundledLibraries.class);
            assertThat(loader.loadClass("java.util.List")).isSameAs(List.class);
            assertThat(Path.of(loader.getResource(own).toURI())).isEqualTo(classes.resolve(own));
        }
    }

    private static Artifact artifact(String group, String id, String version) {
        var artifact = new DefaultArtifact(group, id, version, "test", "jar", null, new DefaultArtifactHandler("jar"));
        artifact.setFile(new File("/repo/" + id + "-" + version + ".jar"));
        return artifact;
    }
}
