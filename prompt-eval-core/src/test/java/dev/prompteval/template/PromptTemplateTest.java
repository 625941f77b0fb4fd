package dev.prompteval.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static PromptTemplate completion(String text, String format) {
        var tree = JSON.createObjectNode();
        var template = tree.putObject("prompt_template").put("type", "completion");
        template.putArray("content").addObject().put("type", "text").put("text", text);
        if (format != null) template.put("template_format", format);
        return PromptTemplate.of(tree, "inline");
    }
}
