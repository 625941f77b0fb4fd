package dev.prompteval.internal.registry.file;

import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.prompteval.internal.registry.file.Blueprints.chat;
import static org.assertj.core.api.Assertions.assertThat;

class FileRegistryConcurrencyTest {
    private static final String NAME = "support/order-summary";

    @TempDir
    Path root;

    @Test
    void twoThreadsPublishingOnTheSameExpectedVersionGiveOneWinnerAndOneConflict() throws Exception {
        new FileRegistry(root).publish(NAME, chat("base"), null, List.of(), null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 20; round++) {
                int expected = round;
                var start = new CountDownLatch(1);
                // separate instances, as two builds in one JVM would have
                List<Future<Integer>> results = List.of(
                        pool.submit(publishAfter(start, new FileRegistry(root), "left " + round, expected)),
                        pool.submit(publishAfter(start, new FileRegistry(root), "right " + round, expected)));
                start.countDown();

                List<Integer> versions = new ArrayList<>();
                List<RegistryException> conflicts = new ArrayList<>();
                for (Future<Integer> result : results) {
                    try {
                        versions.add(result.get());
                    } catch (ExecutionException e) {
                        conflicts.add((RegistryException) e.getCause());
                    }
                }
                int winner = expected + 1;
                assertThat(versions).containsExactly(winner);
                assertThat(conflicts).singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
                    assertThat(e.getMessage()).contains("expected version " + expected + " to be the latest",
                            "but version " + winner, "was published first by another build",
                            "Evaluate your candidate against version " + winner + " and publish again");
                });
            }
        } finally {
            pool.shutdownNow();
        }
        FileRegistry registry = new FileRegistry(root);
        assertThat(registry.listVersions(NAME)).hasSize(21);
        for (int version : registry.listVersions(NAME)) {
            assertThat(registry.get(NAME, new PromptReference.Version(version)).version()).isEqualTo(version);
        }
    }

    @Test
    void manyThreadsPublishingWithoutExpectationLoseNoVersion() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        var start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            results.add(pool.submit(publishAfter(start, new FileRegistry(root), "writer " + i, null)));
        }
        start.countDown();
        Set<Integer> versions = new HashSet<>();
        for (Future<Integer> result : results) versions.add(result.get());
        pool.shutdown();

        assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        FileRegistry registry = new FileRegistry(root);
        Set<String> texts = new HashSet<>();
        for (int version : registry.listVersions(NAME)) {
            texts.add(text(registry, version));
        }
        assertThat(texts).hasSize(writers);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void twoProcessesPublishingAtOnceGiveOneWinnerAndOneClearConflict() throws Exception {
        new FileRegistry(root).publish(NAME, chat("base"), null, List.of(), null);

        List<String> outputs = runTogether(child("alpha", "1"), child("beta", "1"));

        assertThat(outputs).filteredOn(o -> o.startsWith("published 2")).hasSize(1);
        assertThat(outputs).filteredOn(o -> o.startsWith("CONFLICT: publish refused: expected version 1 to be the"
                + " latest of prompt " + NAME + ", but version 2 (\"from ")).hasSize(1);
        FileRegistry registry = new FileRegistry(root);
        assertThat(registry.listVersions(NAME)).containsExactly(1, 2);
        String winner = outputs.get(0).startsWith("published") ? "alpha" : "beta";
        assertThat(text(registry, 2)).isEqualTo(winner);
        assertThat(registry.listLabels(NAME)).containsExactly(Map.entry("prod", 2));
    }

    @Test
    void twoProcessesPublishingWithoutExpectationBothGetTheirOwnVersion() throws Exception {
        new FileRegistry(root).publish(NAME, chat("base"), null, List.of(), null);

        List<String> outputs = runTogether(child("alpha", "-"), child("beta", "-"));

        assertThat(outputs).containsExactlyInAnyOrder("published 2", "published 3");
        FileRegistry registry = new FileRegistry(root);
        assertThat(Set.of(text(registry, 2), text(registry, 3))).containsExactlyInAnyOrder("alpha", "beta");
    }

    @Test
    void aCrashBetweenTempWriteAndRenameLeavesTheRegistryReadableAndNumberingRight() throws Exception {
        FileRegistry registry = new FileRegistry(root);
        registry.publish(NAME, chat("one"), null, List.of("prod"), null);
        registry.publish(NAME, chat("two"), null, List.of("prod"), null);

        Process crashed = child("three", "2", "crash:3.json");
        awaitReady(crashed);
        release(crashed);
        assertThat(finish(crashed)).isEmpty();
        assertThat(crashed.exitValue()).isEqualTo(RegistryChild.CRASH_EXIT);

        assertThat(tempFiles()).singleElement().satisfies(temp -> {
            assertThat(temp.getFileName().toString()).startsWith(".3.json.").endsWith(".tmp");
            assertThat(Files.readString(temp)).contains("\"three\"");
        });
        assertThat(registry.listVersions(NAME)).containsExactly(1, 2);
        assertThat(text(registry, registry.get(NAME, new PromptReference.Latest()).version())).isEqualTo("two");
        assertThat(registry.listLabels(NAME)).containsExactly(Map.entry("prod", 2));

        assertThat(registry.publish(NAME, chat("four"), null, List.of(), 2)).isEqualTo(3);
        assertThat(text(registry, 3)).isEqualTo("four");
    }

    @Test
    void aCrashWhileMovingLabelsKeepsTheNewVersionAndTheOldLabels() throws Exception {
        FileRegistry registry = new FileRegistry(root);
        registry.publish(NAME, chat("one"), null, List.of("prod"), null);

        Process crashed = child("two", "1", "crash:labels.json");
        awaitReady(crashed);
        release(crashed);
        finish(crashed);
        assertThat(crashed.exitValue()).isEqualTo(RegistryChild.CRASH_EXIT);

        assertThat(registry.listVersions(NAME)).containsExactly(1, 2);
        assertThat(registry.listLabels(NAME)).containsExactly(Map.entry("prod", 1));
        // publishing the same content again repairs the label without a new version
        assertThat(registry.publish(NAME, chat("two"), null, List.of("prod"), 1)).isEqualTo(2);
        assertThat(registry.listLabels(NAME)).containsExactly(Map.entry("prod", 2));
    }

    private static Callable<Integer> publishAfter(CountDownLatch start, FileRegistry registry, String text,
                                                  Integer expected) {
        return () -> {
            start.await();
            return registry.publish(NAME, chat(text), null, List.of(), expected);
        };
    }

    private static String text(FileRegistry registry, int version) {
        return registry.get(NAME, new PromptReference.Version(version)).template().toJson()
                .at("/prompt_template/messages/0/content/0/text").asText();
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private Process child(String text, String expected, String... crash) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"), RegistryChild.class.getName(),
                root.toString(), NAME, text, expected));
        command.addAll(List.of(crash));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Waits until every child is ready, then releases them together; returns each one's last output line. */
    private static List<String> runTogether(Process... children) throws Exception {
        for (Process child : children) awaitReady(child);
        for (Process child : children) release(child);
        List<String> outputs = new ArrayList<>();
        for (Process child : children) outputs.add(finish(child));
        return outputs;
    }

    private static void awaitReady(Process child) throws IOException {
        String line = reader(child).readLine();
        assertThat(line).as("child's first line").isEqualTo("ready");
    }

    private static void release(Process child) throws IOException {
        OutputStream in = child.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.close();
    }

    private static String finish(Process child) throws Exception {
        String output = String.join("\n", reader(child).lines().toList());
        // a guard against a hung child, not a timing assertion
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
        return output;
    }

    private static BufferedReader reader(Process child) {
        return child.inputReader(StandardCharsets.UTF_8);
    }
}
