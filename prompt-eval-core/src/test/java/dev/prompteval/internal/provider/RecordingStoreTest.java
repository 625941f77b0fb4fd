package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingStoreTest {
    @TempDir
    Path dir;

    private static RequestKey key(String question) {
        return RequestKey.of("openai-chat http://localhost/v1", request(model("openai", "m", Map.of()),
                user(question)));
    }

    private static final ModelResponse ANSWER = new ModelResponse("Paris\nis the capital", "stop",
            new Usage(10, 3, 0.0001));

    /** A recordings file holding one entry, for question "a". */
    private Path recordedOnce() {
        Path file = dir.resolve("s.jsonl");
        try (RecordingStore store = RecordingStore.open(file)) {
            store.put(key("a"), ANSWER);
        }
        return file;
    }

    @Test
    void anEntryRoundTripsThroughTheFile() {
        Path file = recordedOnce();
        try (RecordingStore store = RecordingStore.open(file)) {
            assertThat(store.get(key("a"))).contains(ANSWER);
            assertThat(store.get(key("other"))).isEmpty();
        }
    }

    @Test
    void aDamagedLineIsAnErrorNamingFileAndLine() throws Exception {
        Path file = recordedOnce();
        String line = Files.readAllLines(file).get(0);
        Files.write(file, List.of(line, "<<<<<<< HEAD"));

        assertThatThrownBy(() -> RecordingStore.open(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file + " line 2").hasMessageContaining("not valid JSON")
                .hasMessageContaining("merge conflict");
    }

    @Test
    void aDuplicatedKeyIsAnErrorNamingBothLines() throws Exception {
        Path file = recordedOnce();
        String line = Files.readAllLines(file).get(0);
        Files.write(file, List.of(line, "", line));

        assertThatThrownBy(() -> RecordingStore.open(file))
                .hasMessageContaining("line 3: key " + key("a").hash() + " is already on line 1");
    }

    @Test
    void anEntryWithoutResponseTextIsAnError() throws Exception {
        Path file = dir.resolve("s.jsonl");
        Files.writeString(file, "{\"key\": \"" + key("a").hash() + "\", \"response\": {}}\n");

        assertThatThrownBy(() -> RecordingStore.open(file)).hasMessageContaining("line 1: \"response.text\"");
    }

    @Test
    void suiteNamesCannotEscapeTheDirectory() {
        assertThatThrownBy(() -> RecordingStore.forSuite(dir, "../secrets"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../secrets'");
        assertThat(RecordingStore.forSuite(dir, "order-summary_v2").file()).isEqualTo(
                dir.resolve("order-summary_v2.jsonl").toAbsolutePath());
    }

    @Test
    void theCacheStoresTheSameEntryShapeAndReportsADamagedEntry() throws Exception {
        ResponseCache cache = new ResponseCache(dir.resolve("cache"));
        cache.put(key("a"), ANSWER);
        assertThat(cache.get(key("a"))).contains(ANSWER);

        String hash = key("a").hash();
        Path entry = dir.resolve("cache").resolve(hash.substring(0, 2)).resolve(hash + ".json");
        Files.writeString(entry, "{\"key\": ");
        assertThatThrownBy(() -> cache.get(key("a")))
                .hasMessageContaining("cache entry " + entry.toAbsolutePath()).hasMessageContaining("delete it");
    }
}
