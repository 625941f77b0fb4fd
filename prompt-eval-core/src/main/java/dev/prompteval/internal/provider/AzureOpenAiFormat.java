package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.template.ModelSpec;
import okhttp3.HttpUrl;
import okhttp3.Request;

import java.util.Map;

/**
 * Azure OpenAI chat completions, as openai-python's {@code AzureOpenAI} client calls them:
 * {@code POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={version}} with the key in the
 * {@code api-key} header. The template's model name is the deployment name. Bodies and answers are OpenAI's.
 */
final class AzureOpenAiFormat extends WireFormat {
    /** The latest generally available data-plane version when none is configured. */
    static final String DEFAULT_API_VERSION = "2024-10-21";

    private final OpenAiChatFormat openai = new OpenAiChatFormat();
    private final String apiVersion;

    AzureOpenAiFormat(String apiVersion) {
        super("azure-openai-chat", "Azure OpenAI");
        this.apiVersion = apiVersion;
    }

    @Override
    HttpUrl url(HttpUrl base, ModelRequest request) {
        return base.newBuilder().addPathSegment("openai").addPathSegment("deployments")
                .addPathSegment(request.model().name()).addPathSegments("chat/completions")
                .addQueryParameter("api-version", apiVersion).build();
    }

    @Override
    void headers(Request.Builder http, String apiKey) {
        if (apiKey != null) http.header("api-key", apiKey);
    }

    @Override
    Map<String, String> notSent(ModelSpec model) {
        return openai.notSent(model);
    }

    @Override
    ObjectNode body(ModelRequest request) throws ProviderException {
        return openai.body(request);
    }

    @Override
    Reply parse(JsonNode body) throws ProviderException {
        return openai.parse(body);
    }
}
