package dev.prompteval.internal.template;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts of literal text and bare names are substituted without Jinjava; these tests hold that substitution to
 * exactly what Jinjava renders, byte for byte, and check that everything it cannot promise goes to Jinjava.
 */
class Jinja2RendererTest {
    private static final String WHERE = "prompt p, message 1 (user)";
    private static final Jinja2Renderer RENDERER = new Jinja2Renderer();
    /** Ordinary names, some of them also names of Jinjava's globals, functions or loop helpers. */
    private static final List<String> NAMES = List.of("name", "a", "b", "_", "_x", "x1", "customer_name", "Name",
            "NAME", "loop", "range", "self", "caller", "super", "namespace", "items", "input", "nonex", "trueish",
            "iff", "isnt", "order_id", "__proto__", "filter", "exptest", "varargs", "kwargs");
    /** Names that are literals or keywords of Jinjava's expressions, not variables. */
    private static final List<String> KEYWORDS = List.of("true", "false", "none", "True", "False", "None", "null",
            "empty", "not", "and", "or", "if", "else", "in", "is", "div", "mod", "eq", "ne", "lt", "gt", "le", "ge",
            "instanceof");
    /** Jinjava's name for its interpreter, which prints as the interpreter object (differently on each render). */
    private static final String INTERPRETER = "____int3rpr3t3r____";
    /** Pieces of literal text and of values: unicode, every kind of line break, braces, escapes, dollars. */
    private static final List<String> PIECES = List.of("a", "Z", "0", "9", " ", "  ", "\t", "\n", "\r\n", "\r",
            "\u000B", "\f", "é", "中文", "😀", "e\u0301", "\u00A0", "\u200B", "\u2028", "{", "}", "%", "#", "-", "\\",
            "\\n", "$", "${x}", "$1", "'", "\"", "[", "]", ":", "|", ".", "()", "<b>&amp;</b>", "{ a }", "{a}",
            "% }", "{ %", "{ #", "-}", "{-");
    private static final List<String> EXPRESSIONS = List.of("{{%s}}", "{{ %s }}", "{{  %s}}", "{{%s }}",
            "{{\t%s\n}}", "{{\n%s\r\n}}", "{{\u000B%s\f}}");
    private static final List<String> TRIMMING = List.of("{{- %s }}", "{{ %s -}}", "{{-%s-}}", "{{- %s -}}");
    private static final List<String> UNRENDERED_VALUES = List.of("[1, 2]", " [\"a\",\"b\"] ", "{\"k\": 1}",
            "\n{}\n", "[not json]", "{not json}");
    /** Values quoting template syntax: data, printed as they are by both paths. */
    private static final List<String> TEMPLATE_SYNTAX_VALUES = List.of("Hi {{ name }}", "{% if x %}y{% endif %}",
            "{{", "{%", "{# c #}", "}} %}", "{{ unknown }}", "{{ a | upper }}");

    @Test
    void plainTextsRenderExactlyAsJinjavaRendersThem() {
        var random = new Random(20261201L);
        int substituted = 0;
        int interpreted = 0;
        for (int i = 0; i < 4_000; i++) {
            var variables = new HashMap<String, String>();
            String text = text(random, variables);
            String expected = outcome(() -> Jinja2Renderer.interpreted(text, variables, WHERE));
            String fast = Jinja2Renderer.substituted(text, variables);
            if (fast != null) {
                assertThat("output: " + fast).as("substituted %s with %s", show(text), show(variables.toString()))
                        .isEqualTo(expected);
                substituted++;
            } else {
                interpreted++;
            }
            assertThat(outcome(() -> RENDERER.render(text, variables, WHERE)))
                    .as("rendered %s with %s", show(text), show(variables.toString())).isEqualTo(expected);
        }
        // both paths are exercised, the fast one on most texts
        assertThat(substituted).isGreaterThan(2_000);
        assertThat(interpreted).isGreaterThan(400);
    }

    @Test
    void handPickedEdgesRenderAsJinjavaRendersThem() {
        var values = Map.of("a", "A", "b", "", "nl", "\n", "sym", "$1 \\ {x} } { % #", "uni", "é😀中\u2028",
                "long", "x".repeat(20_000) + "\n");
        for (String text : List.of("", "{{ a }}", "[not json {{ a }}", "{{ a }} not json}", "{{a}}", "{{ a }}\n",
                "\n{{ a }}\n\n", "{{ a }}}", "}{{ a }}",
                "{{ a }}{{ b }}", "{{ a }}{", "{ {{ a }}", "} }{{ a }}{ {", "a { b } c", "100% #1 {x}",
                "{{ a }} -} {- x", "{{ nl }}{{ nl }}", "[{{ a }}]", "{\"k\": \"{{ a }}\"}", "{{ sym }}{{ uni }}",
                "{{ long }}{{ long }}", "$ {{ a }} \\{{ a }}\\", "'{{ a }}' \"{{ b }}\"", "\r\n{{ a }}\r\n")) {
            assertThat(Jinja2Renderer.substituted(text, values)).as(show(text))
                    .isNotNull()
                    .isEqualTo(Jinja2Renderer.interpreted(text, values, WHERE));
        }
    }

    @Test
    void whatSubstitutionCannotPromiseIsInterpreted() {
        var values = new HashMap<String, String>(Map.of("a", "A"));
        for (String keyword : KEYWORDS) values.put(keyword, "row value");
        values.put(INTERPRETER, "row value");
        // a keyword is a literal, not the row's column: {{ True }} renders "true"
        assertThat(RENDERER.render("{{ True }} {{ false }}", values, WHERE)).isEqualTo("true false");
        for (String keyword : KEYWORDS) {
            String text = "{{ " + keyword + " }}";
            assertThat(Jinja2Renderer.substituted(text, values)).as(keyword).isNull();
            assertThat(outcome(() -> RENDERER.render(text, values, WHERE))).as(keyword)
                    .isEqualTo(outcome(() -> Jinja2Renderer.interpreted(text, values, WHERE)));
        }
        assertThat(Jinja2Renderer.substituted("{{ " + INTERPRETER + " }}", values)).isNull();
        assertThat(RENDERER.render("{{ " + INTERPRETER + " }}", values, WHERE)).isNotEqualTo("row value");
        for (String trimming : TRIMMING) {
            assertThat(Jinja2Renderer.substituted("x \n" + trimming.formatted("a") + "\n y", values)).isNull();
        }
        // Jinjava reads "{{{ a }}" as one expression, so it is not a brace and a name
        assertThat(Jinja2Renderer.plainNames("{{{ a }}")).isNull();
        // a missing value is Jinjava's error, naming the variable
        assertThat(Jinja2Renderer.substituted("{{ a }} {{ b }}", values)).isNull();
        assertThat(outcome(() -> RENDERER.render("{{ a }} {{ b }}", values, WHERE)))
                .contains("variable b has no value");
        for (String value : UNRENDERED_VALUES) {
            var row = Map.of("a", value, "name", "Ada", "x", "yes");
            assertThat(Jinja2Renderer.substituted("<{{ a }}>", row)).as(value).isNull();
            assertThat(RENDERER.render("<{{ a }}>", row, WHERE))
                    .isEqualTo(Jinja2Renderer.interpreted("<{{ a }}>", row, WHERE));
        }
        // what Jinjava does with such values, which substitution would have got wrong
        assertThat(RENDERER.render("{{ a }}", Map.of("a", "[\"x\", 1]"), WHERE)).isEqualTo("[x, 1]");
    }

    /**
     * A value is data, never template code. Expected values from Python's Jinja2 3.1.6:
     * {@code Template('<{{ a }}>{% if x %}!{% endif %}').render(a='Hi {{ name }} {% if x %}y{% endif %}', name='Ada',
     * x='yes')} gives {@code '<Hi {{ name }} {% if x %}y{% endif %}>!'}.
     */
    @Test
    void rowValuesHoldingTemplateSyntaxArePrintedAsTheyAre() {
        String value = "Hi {{ name }} {% if x %}y{% endif %}";
        var row = Map.of("a", value, "name", "Ada", "x", "yes");
        assertThat(RENDERER.render("<{{ a }}>{% if x %}!{% endif %}", row, WHERE))
                .isEqualTo("<Hi {{ name }} {% if x %}y{% endif %}>!");
        assertThat(Jinja2Renderer.substituted("<{{ a }}>", row)).isEqualTo("<" + value + ">");
        assertThat(Jinja2Renderer.interpreted("<{{ a }}>", row, WHERE)).isEqualTo("<" + value + ">");
        // a name only the value mentions is not the template's: nothing is missing, and the row renders
        var quoting = Map.of("a", "What does {{ unknown }} mean?", "x", "");
        assertThat(RENDERER.missing("{% if x %}-{% endif %}{{ a }}", quoting, WHERE)).isEmpty();
        assertThat(RENDERER.render("{% if x %}-{% endif %}{{ a }}", quoting, WHERE))
                .isEqualTo("What does {{ unknown }} mean?");
    }

    @Test
    void aBuildWhosePromptsArePlainNeverStartsJinjava() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                PlainPromptsOnly.class.getName()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.waitFor()).as(output).isZero();
        assertThat(output).contains("rendered: [Order 7 for Ada]; missing: []")
                .doesNotContain("com.hubspot.jinjava.Jinjava ");
    }

    /** Validates and renders a plain jinja2 prompt in a JVM of its own, so that what it loads can be seen. */
    static final class PlainPromptsOnly {
        public static void main(String[] args) {
            PromptTemplate template = PromptTemplate.parse("""
                    {"prompt_template": {"type": "chat", "messages": [{"role": "user", "template_format": "jinja2",
                      "content": [{"type": "text", "text": "Order {{ order_id }} for {{customer}}"}]}]}}""", "p");
            var row = Map.of("order_id", "7", "customer", "Ada");
            System.out.println("rendered: " + template.render(row).messages().stream().map(m -> m.content()).toList()
                    + "; missing: " + template.missingVariables(row));
        }
    }

    /** A random text of literal pieces and expressions, its names given values in {@code variables}. */
    private static String text(Random random, Map<String, String> variables) {
        var text = new StringBuilder();
        int parts = random.nextInt(8);
        for (int p = 0; p < parts; p++) {
            text.append(literal(random));
            int kind = random.nextInt(40);
            String name = kind == 0 ? pick(random, KEYWORDS) : pick(random, NAMES);
            String form = kind == 1 ? pick(random, TRIMMING) : pick(random, EXPRESSIONS);
            text.append(form.formatted(name));
            if (random.nextInt(60) != 0) variables.putIfAbsent(name, value(random));
        }
        text.append(literal(random));
        if (random.nextBoolean()) text.append('\n');
        return text.toString();
    }

    private static String literal(Random random) {
        var literal = new StringBuilder();
        int pieces = random.nextInt(6);
        for (int i = 0; i < pieces; i++) literal.append(pick(random, PIECES));
        return literal.toString();
    }

    private static String value(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> "";
            case 1 -> pick(random, UNRENDERED_VALUES);
            case 2 -> "long ".repeat(1 + random.nextInt(2_000)) + "\n";
            case 3 -> pick(random, TEMPLATE_SYNTAX_VALUES);
            default -> {
                var value = new StringBuilder();
                int pieces = random.nextInt(12);
                for (int i = 0; i < pieces; i++) value.append(pick(random, PIECES));
                if (random.nextInt(4) == 0) value.append('\n');
                yield value.toString();
            }
        };
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** The output, or the error's message, so that both paths must agree on failures too. */
    private static String outcome(Supplier<String> render) {
        try {
            return "output: " + render.get();
        } catch (TemplateException e) {
            return "error: " + e.getMessage();
        }
    }

    private static String show(String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return shown.replace("\n", "\\n").replace("\r", "\\r");
    }
}
