package dev.prompteval.internal.registry.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.registry.webhook.PromptLayerWebhookVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signatures computed independently by {@code src/test/resources/webhook/make_vectors.py} (Python's json, hmac and
 * hashlib, as PromptLayer's docs verify them); regenerate with {@code python3 make_vectors.py > vectors.json}.
 */
class PromptLayerWebhookVerifierTest {
    private static final Path VECTORS = Path.of("src/test/resources/webhook/vectors.json");

    record Vector(String name, String secret, String body, String canonical, String signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode v : new ObjectMapper().readTree(VECTORS.toFile())) {
            vectors.add(new Vector(v.get("name").asText(), v.get("secret").asText(), v.get("body").asText(),
                    v.get("canonical").asText(), v.get("signature").asText()));
        }
        assertThat(vectors).hasSize(7);
        return vectors;
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void reserialisesExactlyAsPythonsJsonDumpsWithSortedKeys(Vector v) throws IOException {
        assertThat(PythonJson.dumpsSortedKeys(PythonJson.parse(v.body().getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(v.canonical());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void acceptsPromptLayersSignature(Vector v) {
        byte[] body = v.body().getBytes(StandardCharsets.UTF_8);
        assertThat(PromptLayerWebhookVerifier.verify(body, v.signature(), v.secret())).isTrue();
        assertThat(PromptLayerWebhookVerifier.verify(v.body(), v.signature(), v.secret())).isTrue();
        assertThat(PromptLayerWebhookVerifier.verify(body, " " + v.signature().toUpperCase(Locale.ROOT) + "\n",
                v.secret())).isTrue();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void rejectsATamperedBodyAWrongSignatureAndAWrongSecret(Vector v) {
        String addedKey = "{\"injected\": 1, " + v.body().strip().substring(1);
        assertThat(PromptLayerWebhookVerifier.verify(addedKey, v.signature(), v.secret())).isFalse();
        char last = v.signature().charAt(63);
        String flipped = v.signature().substring(0, 63) + (last == '0' ? '1' : '0');
        assertThat(PromptLayerWebhookVerifier.verify(v.body(), flipped, v.secret())).isFalse();
        assertThat(PromptLayerWebhookVerifier.verify(v.body(), v.signature(), v.secret() + "x")).isFalse();
        assertThat(PromptLayerWebhookVerifier.verify(v.body(), v.signature().substring(0, 62), v.secret()))
                .isFalse();
    }

    @Test
    void aChangedValueOrNumberTypeBreaksTheSignature() {
        Vector moved = byName("label moved, pretty body with emoji and CJK");
        assertThat(PromptLayerWebhookVerifier.verify(moved.body().replace("production", "productioN"),
                moved.signature(), moved.secret())).isFalse();
        assertThat(PromptLayerWebhookVerifier.verify(moved.body().replace("\"prompt_template_version_number\": 3",
                "\"prompt_template_version_number\": 3.0"), moved.signature(), moved.secret())).isFalse();
        assertThat(PromptLayerWebhookVerifier.verify(moved.body().replace("🚀", "🚁"), moved.signature(),
                moved.secret())).isFalse();
    }

    @Test
    void missingOrMalformedInputIsNotAuthentic() {
        Vector v = byName("version created, compact body");
        assertThat(PromptLayerWebhookVerifier.verify(v.body(), null, v.secret())).isFalse();
        assertThat(PromptLayerWebhookVerifier.verify(v.body(), "", v.secret())).isFalse();
        assertThat(PromptLayerWebhookVerifier.verify(v.body(), "sha256=" + v.signature(), v.secret())).isFalse();
        assertThat(PromptLayerWebhookVerifier.verify(v.body(), "zz" + v.signature().substring(2), v.secret()))
                .isFalse();
        assertThat(PromptLayerWebhookVerifier.verify((String) null, v.signature(), v.secret())).isFalse();
        assertThat(PromptLayerWebhookVerifier.verify("{\"event_type\": ", v.signature(), v.secret())).isFalse();
        assertThat(PromptLayerWebhookVerifier.verify(v.body() + " {}", v.signature(), v.secret())).isFalse();
    }

    @Test
    void anEmptySecretIsAConfigurationError() {
        assertThatThrownBy(() -> PromptLayerWebhookVerifier.verify("{}", "00", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the webhook secret is empty");
    }

    static Vector byName(String name) {
        try {
            return vectors().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
