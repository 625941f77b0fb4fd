package dev.prompteval.internal.provider;

import dev.prompteval.provider.ModelRequest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.system;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;

class RequestKeyTest {
    private static final String OPENAI = "openai-chat https://api.openai.com/v1";

    private static ModelRequest capital(Map<String, Object> parameters, int sample) {
        return request(model("openai", "gpt-4o-mini", parameters), sample, system("Be terse."),
                user("Capital of France?"));
    }

    @Test
    void theKeyIsTheSha256OfTheCanonicalRequest() {
        RequestKey key = RequestKey.of(OPENAI, capital(Map.of("temperature", 0.7, "stop", List.of("END"),
                "max_tokens", 50), 1));

        assertThat(key.canonicalJson()).isEqualTo("{\"v\":1,\"endpoint\":\"openai-chat https://api.openai.com/v1\","
                + "\"model\":\"gpt-4o-mini\",\"parameters\":{\"max_tokens\":50,\"stop\":[\"END\"],\"temperature\":0.7},"
                + "\"sample\":1,\"messages\":[{\"role\":\"system\",\"content\":\"Be terse.\"},"
                + "{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");
        // Independently computed: printf '%s' '<the JSON above>' | sha256sum
        assertThat(key.hash()).isEqualTo("9b12c4716e2e28d0c5c746077a3d4abfbe70fc5f8fe11c3799752e209ea115bc");
    }

    @Test
    void theSameRequestHasTheSameKeyWhateverTheParameterOrderOrNumberForm() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("temperature", 0);
        ordered.put("max_tokens", 50);
        ordered.put("response_format", Map.of("type", "json_object", "strict", true));
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("response_format", new java.util.TreeMap<>(Map.of("strict", true, "type", "json_object")));
        reversed.put("max_tokens", 50L);
        reversed.put("temperature", 0.0);

        assertThat(RequestKey.of(OPENAI, capital(ordered, 0)))
                .isEqualTo(RequestKey.of(OPENAI, capital(reversed, 0)));
    }

    @Test
    void theApiKeyIsNotPartOfTheKey() throws Exception {
        try (Providers one = ProviderTests.providers(Map.of("OPENAI_API_KEY", "sk-one"));
             Providers two = ProviderTests.providers(Map.of("OPENAI_API_KEY", "sk-two"))) {
            RequestKey a = RequestKey.of(one.create("openai").endpoint(), capital(Map.of(), 0));
            RequestKey b = RequestKey.of(two.create("openai").endpoint(), capital(Map.of(), 0));
            assertThat(a).isEqualTo(b);
            assertThat(a.canonicalJson()).doesNotContain("sk-one");
        }
    }

    @Test
    void sampleIndexMessagesModelParametersAndEndpointEachChangeTheKey() {
        RequestKey base = RequestKey.of(OPENAI, capital(Map.of("temperature", 0), 0));

        assertThat(RequestKey.of(OPENAI, capital(Map.of("temperature", 0), 1)).hash()).isNotEqualTo(base.hash());
        assertThat(RequestKey.of(OPENAI, capital(Map.of("temperature", 0.5), 0)).hash()).isNotEqualTo(base.hash());
        assertThat(RequestKey.of("openai-chat http://localhost:11434/v1", capital(Map.of("temperature", 0), 0))
                .hash()).isNotEqualTo(base.hash());
        assertThat(RequestKey.of(OPENAI, request(model("openai", "gpt-4o", Map.of("temperature", 0)), 0,
                system("Be terse."), user("Capital of France?"))).hash()).isNotEqualTo(base.hash());
        assertThat(RequestKey.of(OPENAI, request(model("openai", "gpt-4o-mini", Map.of("temperature", 0)), 0,
                system("Be terse."), user("Capital of Spain?"))).hash()).isNotEqualTo(base.hash());
        assertThat(RequestKey.of(OPENAI, request(model("openai", "gpt-4o-mini", Map.of("temperature", 0)), 0,
                user("Be terse."), user("Capital of France?"))).hash()).as("roles count").isNotEqualTo(base.hash());
    }
}
