package dev.prompteval.internal.provider;

import dev.prompteval.provider.CustomTarget;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException.Kind;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;
import dev.prompteval.template.RenderedPrompt;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static dev.prompteval.internal.provider.ProviderTests.json;
import static dev.prompteval.internal.provider.ProviderTests.model;
import static dev.prompteval.internal.provider.ProviderTests.request;
import static dev.prompteval.internal.provider.ProviderTests.system;
import static dev.prompteval.internal.provider.ProviderTests.take;
import static dev.prompteval.internal.provider.ProviderTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProvidersTest {
    private static final ModelRequest HI = request(model("java", "my-service", Map.of()), system("Be nice."),
            user("Hi"));
    private static final String OK = """
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}]}
            """;

    private final MockWebServer server = new MockWebServer();
    private Providers providers;

    @BeforeEach
    void start() throws Exception {
        server.start();
        providers = ProviderTests.providers(Map.of("OPENAI_API_KEY", "sk-from-env"));
    }

    @AfterEach
    void stop() {
        providers.close();
        server.close();
    }

    @Test
    void unknownAndMissingProvidersSayWhatToUse() {
        assertThatThrownBy(() -> providers.create("mistral"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown provider 'mistral'; use openai, openai-compatible, anthropic, google (or gemini), "
                        + "azure, or java:<class name> for your own code");
        assertThatThrownBy(() -> providers.create(null)).hasMessageContaining("metadata.model.provider");
    }

    @Test
    void aCompatibleServerNeedsABaseUrlAndBadUrlsAreNamed() {
        assertThatThrownBy(() -> providers.create("openai-compatible"))
                .hasMessageContaining("'openai-compatible' needs a base URL");
        assertThatThrownBy(() -> providers.create("openai", new ProviderOptions("localhost:11434", null)))
                .hasMessageContaining("base URL 'localhost:11434'").hasMessageContaining("http://");
    }

    @Test
    void aConfiguredKeyWinsOverTheEnvironment() throws Exception {
        server.enqueue(json(200, OK));
        providers.create("OpenAI", new ProviderOptions(server.url("/v1").toString(), "sk-configured"))
                .complete(request(model("openai", "gpt-4o-mini", Map.of()), user("Hi")));

        assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer sk-configured");
    }

    @Test
    void theHttpClientIsMadeWhenTheFirstCallIsSentAndServesEveryProviderAfter() throws Exception {
        ModelProvider first = providers.create("openai", new ProviderOptions(server.url("/v1").toString(), null));
        ModelProvider second = providers.create("openai", new ProviderOptions(server.url("/v2").toString(), null));
        assertThat(providers.httpClientMade()).isFalse();

        server.enqueue(json(200, OK));
        server.enqueue(json(200, OK));
        assertThat(first.complete(request(model("openai", "gpt-4o-mini", Map.of()), user("Hi"))).text())
                .isEqualTo("ok");
        assertThat(providers.httpClientMade()).isTrue();
        assertThat(second.complete(request(model("openai", "gpt-4o-mini", Map.of()), user("Hi"))).text())
                .isEqualTo("ok");

        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v2/chat/completions");
    }

    @Test
    void aPlainHttpModelIsCalledWithoutTlsAndAnHttpsOneGetsItFromTheSameDispatcherAndPool() {
        var made = new java.util.concurrent.atomic.AtomicInteger();
        var clients = new Providers.HttpClients(() -> {
            made.incrementAndGet();
            return new okhttp3.OkHttpClient.Builder()
                    .connectionSpecs(java.util.List.of(okhttp3.ConnectionSpec.CLEARTEXT)).build();
        });
        var local = clients.forUrl(okhttp3.HttpUrl.get("http://localhost:11434/v1"));
        var hosted = clients.forUrl(okhttp3.HttpUrl.get("https://api.openai.com/v1"));
        assertThat(made).hasValue(0);
        assertThat(clients.ifMade()).isNull();

        okhttp3.OkHttpClient plain = local.get();
        assertThat(plain.connectionSpecs()).containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
        // TLS is not set up for it: OkHttp says so when asked for the socket factory.
        assertThatThrownBy(plain::sslSocketFactory).isInstanceOf(IllegalStateException.class);

        okhttp3.OkHttpClient tls = hosted.get();
        assertThat(tls.connectionSpecs()).contains(okhttp3.ConnectionSpec.MODERN_TLS);
        assertThat(tls.sslSocketFactory()).isNotNull();
        assertThat(tls.dispatcher()).isSameAs(plain.dispatcher());
        assertThat(tls.connectionPool()).isSameAs(plain.connectionPool());
        assertThat(hosted.get()).isSameAs(tls);
        assertThat(local.get()).isSameAs(plain);
        assertThat(made).hasValue(1);
        assertThat(clients.ifMade()).isSameAs(plain);
    }

    @Test
    void providersThatNeverCalledCloseWithoutMakingAClient() {
        Providers unused = ProviderTests.providers(Map.of("OPENAI_API_KEY", "sk-from-env"));
        unused.create("openai", new ProviderOptions(server.url("/v1").toString(), null));
        unused.close();
        assertThat(unused.httpClientMade()).isFalse();
    }

    @Test
    void optionsNeverPrintTheKey() {
        assertThat(new ProviderOptions("http://x", "sk-secret").toString()).doesNotContain("sk-secret")
                .contains("[REDACTED]");
    }

    /** A custom target as a team would write it. */
    public static class Shouter implements CustomTarget {
        @Override
        public String respond(RenderedPrompt prompt) {
            return prompt.text().toUpperCase();
        }
    }

    public static class Failing implements CustomTarget {
        @Override
        public String respond(RenderedPrompt prompt) throws IOException {
            if (prompt.text().contains("io")) throw new IOException("service unreachable");
            throw new IllegalStateException("bug in the service");
        }
    }

    public static class FullProvider implements ModelProvider {
        @Override
        public ModelResponse complete(ModelRequest request) {
            return new ModelResponse("full", "done", new Usage(1, 2, 0.5));
        }
    }

    public static class NoDefaultConstructor implements CustomTarget {
        public NoDefaultConstructor(String config) {
        }

        @Override
        public String respond(RenderedPrompt prompt) {
            return "";
        }
    }

    @Test
    void aCustomTargetIsLoadedByClassNameAndGetsTheRenderedPrompt() throws Exception {
        ModelProvider target = providers.create("java:" + Shouter.class.getName());

        ModelResponse response = target.complete(HI);

        assertThat(response.text()).isEqualTo("BE NICE.\n\nHI");
        assertThat(response.usage()).isEqualTo(Usage.UNKNOWN);
        assertThat(target.endpoint()).isEqualTo("java:" + Shouter.class.getName());
    }

    @Test
    void aModelProviderClassIsUsedAsItIs() throws Exception {
        assertThat(providers.create("java:" + FullProvider.class.getName()).complete(HI))
                .isEqualTo(new ModelResponse("full", "done", new Usage(1, 2, 0.5)));
    }

    @Test
    void customTargetFailuresAreClassified() {
        ModelProvider target = providers.create("java:" + Failing.class.getName());

        ProviderException bug = catchThrowableOfType(ProviderException.class, () -> target.complete(HI));
        ProviderException io = catchThrowableOfType(ProviderException.class, () -> target.complete(
                request(model("java", "x", Map.of()), user("io please"))));

        assertThat(bug.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(bug.getMessage()).contains("bug in the service").contains(Failing.class.getName());
        assertThat(io.kind()).isEqualTo(Kind.NETWORK);
        assertThat(io.getMessage()).contains("service unreachable");
    }

    @Test
    void customTargetsThatCannotBeUsedSayWhy() {
        assertThatThrownBy(() -> providers.create("java:com.acme.Missing"))
                .hasMessageContaining("'java:com.acme.Missing' was not found on the class path");
        assertThatThrownBy(() -> providers.create("java:java.lang.String"))
                .hasMessageContaining("implements neither").hasMessageContaining("CustomTarget");
        assertThatThrownBy(() -> providers.create("java:" + NoDefaultConstructor.class.getName()))
                .hasMessageContaining("needs a public no-argument constructor");
    }
}
