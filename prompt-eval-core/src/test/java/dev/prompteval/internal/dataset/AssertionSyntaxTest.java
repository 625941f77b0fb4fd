package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Assertion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.prompteval.internal.dataset.Fixtures.TYPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssertionSyntaxTest {

    private static Assertion parse(String cell) {
        return AssertionSyntax.parse(cell, "__expected", TYPES);
    }

    private static Assertion assertion(String type, boolean negated, Double threshold, String value) {
        return new Assertion(type, negated, threshold, value, 1.0, "__expected");
    }

    @Test
    void typeColonValue() {
        assertThat(parse("contains:Paris")).isEqualTo(assertion("contains", false, null, "Paris"));
        assertThat(parse("regex:^\\d+:\\d+$")).isEqualTo(assertion("regex", false, null, "^\\d+:\\d+$"));
    }

    @Test
    void notPrefixNegates() {
        assertThat(parse("not-icontains:london")).isEqualTo(assertion("icontains", true, null, "london"));
        assertThat(parse("not-is-json")).isEqualTo(assertion("is-json", true, null, ""));
    }

    @Test
    void thresholdInParentheses() {
        assertThat(parse("levenshtein(0.8):hello")).isEqualTo(assertion("levenshtein", false, 0.8, "hello"));
        assertThat(parse("not-rouge-l(.5):a b c")).isEqualTo(assertion("rouge-l", true, 0.5, "a b c"));
        assertThat(parse("levenshtein(1):x").threshold()).isEqualTo(1.0);
    }

    @Test
    void bareKnownTypeHasAnEmptyValue() {
        assertThat(parse("is-json")).isEqualTo(assertion("is-json", false, null, ""));
    }

    @Test
    void valueIsTrimmedExceptForJsonTypesAsInPromptfoo() {
        assertThat(parse("  contains:  Paris  ")).isEqualTo(assertion("contains", false, null, "Paris"));
        assertThat(parse("contains-json: {\"a\": 1}")).isEqualTo(assertion("contains-json", false, null,
                " {\"a\": 1}"));
    }

    @Test
    void valueKeepsLineBreaksAndLaterColons() {
        assertThat(parse("contains:line one\nline two: more"))
                .isEqualTo(assertion("contains", false, null, "line one\nline two: more"));
    }

    @Test
    void customJavaScorer() {
        assertThat(parse("java:com.acme.ToneScorer:polite"))
                .isEqualTo(assertion("java:com.acme.ToneScorer", false, null, "polite"));
        assertThat(parse("not-java:com.acme.ToneScorer(0.7):rude"))
                .isEqualTo(assertion("java:com.acme.ToneScorer", true, 0.7, "rude"));
        assertThat(parse("java:com.acme.ToneScorer")).isEqualTo(assertion("java:com.acme.ToneScorer", false, null,
                ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Paris", "Paris is the capital", "positive", "Answer: 42", "10:30",
            "https://example.com/a?b=c", "f(x) = 2", "Contains:Paris", "not-yes"})
    void textThatDoesNotStartLikeAnAssertionIsAnExactMatch(String cell) {
        assertThat(parse(cell)).isEqualTo(assertion("equals", false, null, cell));
    }

    @Test
    void explicitEqualsKeepsTextThatLooksLikeAnAssertion() {
        assertThat(parse("equals:note: be brief")).isEqualTo(assertion("equals", false, null, "note: be brief"));
    }

    @Test
    void blankCellIsNoAssertion() {
        assertThat(parse("   ")).isNull();
        assertThat(parse("")).isNull();
    }

    @Test
    void promptfooAliasesMapToTheirTypes() {
        var types = AssertionTypes.of(List.of("llm-rubric", "javascript"));
        assertThat(AssertionSyntax.parse("grade:is polite", "__expected", types))
                .isEqualTo(assertion("llm-rubric", false, null, "is polite"));
        assertThat(AssertionSyntax.parse("fn:output.length < 10", "__expected", types))
                .isEqualTo(assertion("javascript", false, null, "output.length < 10"));
        assertThat(AssertionSyntax.parse("eval:true", "__expected", types).type()).isEqualTo("javascript");
    }

    @Test
    void unknownTypeIsAnErrorNamingTypeColumnValidTypesAndTheLiteralSpelling() {
        assertThatThrownBy(() -> parse("containz:Paris"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("__expected: unknown assertion type \"containz\" in column __expected; valid types: "
                        + String.join(", ", Fixtures.NAMES) + " (each may start with not-), or java:<class> for"
                        + " a custom scorer; to expect the text literally, write \"equals:containz:Paris\"");
        assertThatThrownBy(() -> parse("not-containz(0.5):Paris"))
                .hasMessageContaining("unknown assertion type \"containz\"");
    }

    @Test
    void scriptAssertionsPointToJavaScorers() {
        assertThatThrownBy(() -> parse("javascript:output.length < 10"))
                .hasMessage("__expected: javascript assertions are promptfoo features that prompt-eval cannot run, "
                        + "in column __expected: \"javascript:...\"; write the check as a Java class implementing "
                        + "dev.prompteval.score.Scorer and name it as java:com.acme.MyScorer:value");
        assertThatThrownBy(() -> parse("fn:x")).hasMessageContaining("javascript assertions are promptfoo");
        assertThatThrownBy(() -> parse("python:len(output) < 10")).hasMessageContaining("python assertions");
        assertThatThrownBy(() -> parse("file://checks/length.py"))
                .hasMessageContaining("file:// assertions (promptfoo's JavaScript and Python files) are not "
                        + "supported, in column __expected: \"file://checks/length.py\"");
    }

    @Test
    void unknownJavaScorerNamesTheClass() {
        assertThatThrownBy(() -> parse("java:com.acme.Missing:x"))
                .hasMessage("__expected: unknown assertion type \"java:com.acme.Missing\" in column __expected: no "
                        + "scorer class com.acme.Missing; put the class on the test class path, make it implement "
                        + "dev.prompteval.score.Scorer with a public no-argument constructor, and check the spelling");
        assertThatThrownBy(() -> parse("java:com..Bad:x"))
                .hasMessageContaining("malformed custom scorer \"java:com..Bad:x\" in column __expected");
    }

    @Test
    void malformedThresholdIsAnErrorWithTheOffendingValue() {
        assertThatThrownBy(() -> parse("levenshtein(abc):x"))
                .hasMessage("__expected: malformed threshold in \"levenshtein(abc):x\" (column __expected): \"abc\" "
                        + "is not a number; write a number from 0 to 1, e.g. \"levenshtein(0.8):x\"");
        assertThatThrownBy(() -> parse("levenshtein(80):x"))
                .hasMessage("__expected: threshold in \"levenshtein(80):x\" (column __expected) 80 is outside 0..1;"
                        + " scores are on the 0..1 scale, so write e.g. \"levenshtein(0.8):x\" for 80%");
        assertThatThrownBy(() -> parse("levenshtein():x")).hasMessageContaining("\"\" is not a number");
        assertThatThrownBy(() -> parse("levenshtein(-0.5):x")).hasMessageContaining("\"-0.5\" is not a number");
    }

    @Test
    void unclosedThresholdOfAKnownTypeIsAnError() {
        assertThatThrownBy(() -> parse("levenshtein(0.8 hello"))
                .hasMessage("__expected: malformed assertion \"levenshtein(0.8 hello\" in column __expected: the "
                        + "threshold needs a closing parenthesis and then \":\", e.g. levenshtein(0.8):expected text");
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String cell = "containz:" + "x".repeat(100);
        assertThatThrownBy(() -> parse(cell))
                .hasMessageEndingWith("write \"equals:containz:" + "x".repeat(44) + "...\"");
    }
}
