package dev.prompteval.maven;

import dev.prompteval.internal.suite.SuiteSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The POM's {@code <suite>} as the core reads it. */
class SuiteSpecsTest {
    @Test
    void apiKeyEnvAndBaseUrlReachTheProviderOptions() {
        Suite suite = new Suite();
        suite.name = "gateway";
        suite.prompt = "support/faq";
        suite.candidate = "file:faq.json";
        suite.provider = "openai-compatible";
        suite.baseUrl = "https://openrouter.ai/api/v1";
        suite.apiKeyEnv = "OPENROUTER_API_KEY";
        List<String> problems = new ArrayList<>();

        SuiteSpec spec = SuiteSpecs.of(suite, 1, problems);

        assertThat(problems).isEmpty();
        assertThat(spec.apiKeyEnv()).isEqualTo("OPENROUTER_API_KEY");
        assertThat(spec.providerOptions().baseUrl()).isEqualTo("https://openrouter.ai/api/v1");
        assertThat(spec.providerOptions().apiKeyEnv()).isEqualTo("OPENROUTER_API_KEY");
        assertThat(spec.providerOptions().apiKey()).isNull();
    }

    @Test
    void withoutApiKeyEnvTheProviderReadsItsOwnVariables() {
        Suite suite = new Suite();
        suite.name = "plain";
        suite.prompt = "support/faq";
        suite.candidate = "file:faq.json";

        assertThat(SuiteSpecs.of(suite, 1, new ArrayList<>()).providerOptions().apiKeyEnv()).isNull();
    }
}
