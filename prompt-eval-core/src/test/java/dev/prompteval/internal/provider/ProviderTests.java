package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared helpers for provider tests: requests, canned responses, JSON comparison as trees. */
final class ProviderTests {
    static final ObjectMapper JSON = new ObjectMapper();

    private ProviderTests() {
    }

    static ModelRequest request(ModelSpec model, int sample, ChatMessage... messages) {
        return new ModelRequest(new RenderedPrompt(List.of(messages), model, false), model, sample);
    }

    static ModelRequest request(ModelSpec model, ChatMessage... messages) {
        return request(model, 0, messages);
    }

    static ChatMessage system(String text) {
        return new ChatMessage("system", text);
    }

    static ChatMessage user(String text) {
        return new ChatMessage("user", text);
    }

    static ChatMessage assistant(String text) {
        return new ChatMessage("assistant", text);
    }

    static ModelSpec model(String provider, String name, Map<String, Object> parameters) {
        return new ModelSpec(provider, name, parameters);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static Providers providers(Map<String, String> env) {
        return Providers.builder().env(env::get).build();
    }

    static RecordedRequest take(MockWebServer server) throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        return r;
    }

    /** Asserts a recorded body equals the expected JSON as a tree (field order free, types exact). */
    static void assertJsonBody(RecordedRequest request, String expected) throws IOException {
        JsonNode actual = JSON.readTree(request.getBody().utf8());
        assertThat(actual).isEqualTo(JSON.readTree(expected));
    }
}
