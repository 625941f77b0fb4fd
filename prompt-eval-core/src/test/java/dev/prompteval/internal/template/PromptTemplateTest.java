package dev.prompteval.internal.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.RenderedPrompt;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RICH = Path.of("src/test/resources/templates/rich-chat.json");

    @Test
    void roundTripOfARichTemplateKeepsEveryField() throws Exception {
        PromptTemplate template = PromptTemplate.read(RICH);

        JsonNode original = JSON.readTree(RICH.toFile());
        JsonNode written = JSON.readTree(template.toPrettyJson());

        assertThat(written).isEqualTo(original);
        assertThat(PromptTemplate.parse(template.toPrettyJson(), "again").toJson()).isEqualTo(original);
    }

    @Test
    void rendersChatMessagesWithLiteralBracesAndShorthandContent() {
        PromptTemplate template = PromptTemplate.read(RICH);

        RenderedPrompt prompt = template.render(Map.of("customer_tier", "gold", "order_id", "A-17",
                "items", "2 mugs"));

        assertThat(prompt.messages()).containsExactly(
                new ChatMessage("system", "You summarise orders for gold customers. Reply in JSON like "
                        + "{\"summary\": \"...\"}.\nNever invent order numbers."),
                new ChatMessage("user", "Order A-17: 2 mugs"),
                new ChatMessage("assistant", ""));
        assertThat(prompt.completion()).isFalse();
        assertThat(prompt.model().name()).isEqualTo("gpt-4o-mini");
        assertThat(prompt.model().provider()).isEqualTo("openai");
        assertThat(prompt.model().parameters()).containsEntry("temperature", 0).containsEntry("max_tokens", 300);
    }

    @Test
    void missingVariableIsAnErrorNamingPromptMessageAndVariable() {
        PromptTemplate template = PromptTemplate.read(RICH);

        assertThatThrownBy(() -> template.render(Map.of("customer_tier", "gold", "items", "x")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("prompt " + RICH)
                .hasMessageContaining("message 2 (user)")
                .hasMessageContaining("{order_id}")
                .hasMessageContaining("add a \"order_id\" column");
        assertThat(template.missingVariables(Map.of("items", "x"))).containsExactly("customer_tier", "order_id");
        assertThat(template.variables()).containsExactly("customer_tier", "order_id", "items");
    }

    @Test
    void strayBraceInFStringIsAnErrorWithLineAndColumn() {
        PromptTemplate template = completion("Line one\nReturn {\"a\": 1}", "f-string");

        assertThatThrownBy(() -> template.render(Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("prompt inline, line 2, column 8")
                .hasMessageContaining("write {{ for a literal brace");
    }

    @Test
    void completionTemplateRendersToOneUserMessage() {
        RenderedPrompt prompt = completion("Translate {text} to French.", null).render(Map.of("text", "cheese"));

        assertThat(prompt.completion()).isTrue();
        assertThat(prompt.messages()).containsExactly(new ChatMessage("user", "Translate cheese to French."));
    }

    @Test
    void jinja2LoopsConditionalsAndFiltersRender() {
        PromptTemplate template = completion("""
                Hello {{ name | title }}.
                {% if vip == "yes" %}Priority queue.{% else %}Normal queue.{% endif %}
                {% for item in items %}- {{ item }}
                {% endfor %}""", "jinja2");

        String text = template.render(Map.of("name", "ada lovelace", "vip", "yes",
                "items", "[\"tea\", \"scones\"]")).text();
        String other = template.render(Map.of("name", "bob", "vip", "no", "items", "[]")).text();

        assertThat(text).isEqualTo("Hello Ada Lovelace.\nPriority queue.\n- tea\n- scones\n");
        assertThat(other).isEqualTo("Hello Bob.\nNormal queue.\n");
    }

    @Test
    void jinja2MissingVariablesAreAllFound() {
        PromptTemplate template = completion("{{ greeting }}, {{ name }}! {{ unused | default('-') }}", "jinja2");

        assertThat(template.missingVariables(Map.of("name", "x"))).containsExactly("greeting");
        assertThat(template.variables()).containsExactlyInAnyOrder("greeting", "name");
        assertThatThrownBy(() -> template.render(Map.of("name", "x")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("variable greeting has no value");
    }

    @Test
    void jinja2RowsRenderedOnOneThreadDoNotSeeEachOthersAssignmentsOrMacros() {
        PromptTemplate sets = completion("{% set tone = 'warm' %}{% macro sign() %}-- {{ tone }}{% endmacro %}"
                + "{{ name }} {{ sign() }}", "jinja2");
        PromptTemplate reads = completion("{{ name }} {{ tone }}", "jinja2");
        PromptTemplate calls = completion("{{ name }} {{ sign() }}", "jinja2");

        assertThat(sets.render(Map.of("name", "a")).text()).isEqualTo("a -- warm");
        assertThatThrownBy(() -> reads.render(Map.of("name", "b"))).isInstanceOf(TemplateException.class)
                .hasMessageContaining("variable tone has no value");
        assertThat(reads.missingVariables(Map.of("name", "b"))).containsExactly("tone");
        assertThatThrownBy(() -> calls.render(Map.of("name", "c"))).isInstanceOf(TemplateException.class);
    }

    @Test
    void jinja2LoopVariablesAreNotRequiredColumns() {
        PromptTemplate template = completion("Order {{ order_id }}:{% for item in items %} {{ item.qty }}x "
                + "{{ item.name }}{% endfor %}", "jinja2");

        assertThat(template.variables()).containsExactly("order_id", "items");
        assertThat(template.missingVariables(Map.of("order_id", "A-1", "items", "[{\"name\": \"mug\", \"qty\": 2}]")))
                .isEmpty();
        assertThat(template.render(Map.of("order_id", "A-1", "items", "[{\"name\": \"mug\", \"qty\": 2}]")).text())
                .isEqualTo("Order A-1: 2x mug");
    }

    @Test
    void contentHashIgnoresFormattingKeyOrderAndShorthandButNotContent() {
        PromptTemplate a = PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "messages": [{"role": "user", "content": "Hi {name}"}]},
                 "metadata": {"model": {"name": "m", "parameters": {"temperature": 0}}}}""", "a");
        PromptTemplate b = PromptTemplate.parse("""
                {"metadata": {"model": {"parameters": {"temperature": 0}, "name": "m"}},
                 "version": 9, "commit_message": "bookkeeping does not count",
                 "prompt_template": {"messages": [{"content": [{"type": "text", "text": "Hi {name}"}], "role": "user"}],
                                     "type": "chat"}}""", "b");
        PromptTemplate c = PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "messages": [{"role": "user", "content": "Hi {name}!"}]},
                 "metadata": {"model": {"name": "m", "parameters": {"temperature": 0}}}}""", "c");
        PromptTemplate d = PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "messages": [{"role": "user", "content": "Hi {name}"}]},
                 "metadata": {"model": {"name": "m", "parameters": {"temperature": 0.7}}}}""", "d");

        assertThat(a.contentHash()).startsWith("sha256:").hasSize(71).isEqualTo(b.contentHash());
        assertThat(List.of(c.contentHash(), d.contentHash())).doesNotContain(a.contentHash());
    }

    @Test
    void malformedBlueprintsAreClearErrors() {
        assertThatThrownBy(() -> PromptTemplate.parse("{\"prompt_template\": {", "p.json"))
                .hasMessageContaining("prompt p.json: not valid JSON at line 1");
        assertThatThrownBy(() -> PromptTemplate.parse("{\"messages\": []}", "p.json"))
                .hasMessageContaining("\"prompt_template\" object");
        assertThatThrownBy(() -> PromptTemplate.parse("{\"prompt_template\": {\"type\": \"chat\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"x\", \"template_format\": \"mustache\"}]}}", "p.json"))
                .hasMessageContaining("message 1 (user): template_format \"mustache\" is not supported");
        assertThatThrownBy(() -> PromptTemplate.read(Path.of("no/such/file.json")))
                .hasMessageContaining("prompt file no/such/file.json cannot be read");
    }

    /**
     * A placeholder message (openapi.json, PlaceholderMessage) filled from the row variable of its name, which holds
     * messages in the blueprint shape; the value is the example of PromptLayer's "Placeholder Messages" page
     * ({@code fill_in_message}: "My age is 29" / "What a wonderful age!").
     */
    static final String WITH_PLACEHOLDER = """
            {"prompt_template": {"type": "chat", "messages": [
               {"role": "system", "content": [{"type": "text", "text": "You are kind to {name}."}]},
               {"role": "placeholder", "name": "fill_in_message", "content": null},
               {"role": "user", "content": [{"type": "text", "text": "How old am I?"}]}]}}
            """;

    @Test
    void aPlaceholderIsFilledWithTheMessagesItsRowVariableHolds() {
        PromptTemplate template = PromptTemplate.parse(WITH_PLACEHOLDER, "age.json");
        String history = """
                [{"role": "user", "content": [{"type": "text", "text": "My age is 29"}]},
                 {"role": "assistant", "content": [{"type": "text", "text": "What a wonderful age!"}]}]
                """;

        RenderedPrompt prompt = template.render(Map.of("name", "Ada", "fill_in_message", history));

        assertThat(prompt.messages()).containsExactly(
                new ChatMessage("system", "You are kind to Ada."),
                new ChatMessage("user", "My age is 29"),
                new ChatMessage("assistant", "What a wonderful age!"),
                new ChatMessage("user", "How old am I?"));
        assertThat(template.variables()).containsExactly("name", "fill_in_message");
        assertThat(template.missingVariables(Map.of("name", "Ada"))).containsExactly("fill_in_message");
        // the placeholder's messages are sent as given, not as templates; plain-string content is accepted
        assertThat(template.render(Map.of("name", "Ada", "fill_in_message",
                "[{\"role\": \"user\", \"content\": \"{not a variable}\"}]")).messages().get(1))
                .isEqualTo(new ChatMessage("user", "{not a variable}"));
        assertThat(template.render(Map.of("name", "Ada", "fill_in_message", "")).messages()).hasSize(2);
        assertThat(template.unsendable()).isEmpty();
    }

    @Test
    void aPlaceholderVariableThatIsNotMessagesIsAClearError() {
        PromptTemplate template = PromptTemplate.parse(WITH_PLACEHOLDER, "age.json");

        assertThatThrownBy(() -> template.render(Map.of("name", "Ada", "fill_in_message", "I am 29")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("prompt age.json, message 2 (placeholder) \"fill_in_message\": variable"
                        + " fill_in_message is not JSON").hasMessageContaining("a JSON array of messages");
        assertThatThrownBy(() -> template.render(Map.of("name", "Ada", "fill_in_message", "[{\"content\": \"x\"}]")))
                .hasMessageContaining("variable fill_in_message message 1: needs a \"role\"");
        assertThatThrownBy(() -> template.render(Map.of("name", "Ada")))
                .hasMessageContaining("the row has no variable fill_in_message; give it a fill_in_message column");
        assertThatThrownBy(() -> PromptTemplate.parse("{\"prompt_template\": {\"type\": \"chat\", \"messages\":"
                + " [{\"role\": \"placeholder\"}]}}", "p.json"))
                .hasMessageContaining("message 1 (placeholder): a placeholder message needs a \"name\"");
    }

    @Test
    void imageUrlBlocksRenderAsImagesByUrlOrFromTheirVariable() {
        // ImageContent / ImageURL of openapi.json: a URL with a detail, and an image_variable naming the row's URL
        PromptTemplate template = PromptTemplate.parse("""
                {"prompt_template": {"type": "chat", "messages": [{"role": "user", "content": [
                   {"type": "text", "text": "Compare {product} "},
                   {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}},
                   {"type": "text", "text": "with the photo."},
                   {"type": "image_url", "image_url": {"url": ""}, "image_variable": "photo"}]}]}}
                """, "compare.json");

        RenderedPrompt prompt = template.render(Map.of("product", "mug", "photo", "https://example.com/b.jpg"));

        assertThat(prompt.messages()).containsExactly(new ChatMessage("user", "Compare mug with the photo.", List.of(
                new ChatMessage.ImageUrl("https://example.com/a.png", "low"),
                new ChatMessage.ImageUrl("https://example.com/b.jpg", null))));
        assertThat(template.variables()).containsExactly("product", "photo");
        assertThat(template.missingVariables(Map.of("product", "mug"))).containsExactly("photo");
        assertThat(template.shape()).singleElement().satisfies(m -> assertThat(m.images()).hasSize(2));
        assertThatThrownBy(() -> template.render(Map.of("product", "mug", "photo", " ")))
                .hasMessageContaining("prompt compare.json, message 1 (user), content block 4: image_variable photo"
                        + " has no value");
    }

    @Test
    void blocksNoModelIsSentAreKeptAndNamedBeforeAnyCall() throws Exception {
        // ThinkingContent and MediaVariable of openapi.json
        String json = """
                {"prompt_template": {"type": "chat", "messages": [
                   {"role": "user", "content": [{"type": "media_variable", "name": "attachment"}]},
                   {"role": "assistant", "content": [{"type": "thinking", "thinking": "hm", "signature": "sig"},
                     {"type": "text", "text": "Done."}]}]}}
                """;
        PromptTemplate template = PromptTemplate.parse(json, "mixed.json");

        assertThat(template.toJson()).isEqualTo(JSON.readTree(json));
        assertThat(template.unsendable()).containsExactly(
                "prompt mixed.json, message 1 (user), content block 1: a \"media_variable\" block is kept by pull and"
                        + " publish but cannot be sent to a model; remove it (or give its content as a text or"
                        + " image_url block) to evaluate this prompt",
                "prompt mixed.json, message 2 (assistant), content block 1: a \"thinking\" block is kept by pull and"
                        + " publish but cannot be sent to a model; remove it (or give its content as a text or"
                        + " image_url block) to evaluate this prompt");
        assertThatThrownBy(() -> template.render(Map.of())).isInstanceOf(TemplateException.class)
                .hasMessage(template.unsendable().get(0));
    }

    private static PromptTemplate completion(String text, String format) {
        var tree = JSON.createObjectNode();
        var template = tree.putObject("prompt_template").put("type", "completion");
        template.putArray("content").addObject().put("type", "text").put("text", text);
        if (format != null) template.put("template_format", format);
        return PromptTemplate.of(tree, "inline");
    }
}
