package dev.prompteval.internal.registry.file;

import dev.prompteval.internal.template.PromptTemplate;

/** Small blueprints for registry tests. */
final class Blueprints {
    private Blueprints() {
    }

    /** A one-message chat template whose user text is {@code text}. */
    static PromptTemplate chat(String text) {
        return PromptTemplate.parse("{\"prompt_template\": {\"type\": \"chat\", \"messages\": [{\"role\": \"user\","
                + " \"content\": [{\"type\": \"text\", \"text\": \"" + text + "\"}]}]}, \"metadata\": {\"model\":"
                + " {\"provider\": \"openai\", \"name\": \"gpt-4o-mini\", \"parameters\": {\"temperature\": 0}}}}",
                "test");
    }
}
