package dev.prompteval.internal.score;

import dev.prompteval.score.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.prompteval.internal.score.Fixtures.negated;
import static dev.prompteval.internal.score.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonScorersTest {

    private static final String ORDER = """
            {"order": {"id": 42, "total": 19.5, "status": "shipped", "paid": true, "note": null,
              "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-2", "qty": 1}],
              "meta": {"first.name": "Ann", "it's": "quoted", "0": "zero"}}}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": 1}", "  [1, 2]\n", "\"text\"", "42", "true", "null"})
    void isJsonAcceptsAnyWholeJsonValue(String output) {
        assertThat(score("is-json", "", output).pass()).isTrue();
    }

    @Test
    void isJsonNamesTheKindOfValue() {
        assertThat(score("is-json", "", "{\"a\": 1}")).isEqualTo(Score.pass("output is JSON (an object)"));
    }

    @Test
    void isJsonRejectsTextAroundTheValueAndSaysWhere() {
        Score trailing = score("is-json", "", "{\"a\": 1} thanks!");
        assertThat(trailing.pass()).isFalse();
        assertThat(trailing.reason()).startsWith(
                "expected the output to be JSON: unexpected text after the end of the JSON value (line 1, column 9)");
        Score prose = score("is-json", "", "Sure: {\"a\": 1}");
        assertThat(prose.reason()).startsWith("expected the output to be JSON: Unrecognized token 'Sure'");
        assertThat(score("is-json", "", "{'a': 1}").pass()).isFalse();
        assertThat(score("is-json", "", "").reason()).startsWith("expected the output to be JSON: output is empty");
    }

    @Test
    void isJsonRejectsAFencedBlockAndPointsToContainsJson() {
        Score fenced = score("is-json", "", "```json\n{\"a\": 1}\n```");
        assertThat(fenced.pass()).isFalse();
        assertThat(fenced.reason()).contains("a ```json fence is not bare JSON (contains-json accepts it)");
        assertThat(score("contains-json", "", "```json\n{\"a\": 1}\n```").pass()).isTrue();
    }

    @Test
    void notIsJson() {
        assertThat(score(negated("is-json", ""), "plain words").pass()).isTrue();
        assertThat(score(negated("is-json", ""), "{}").pass()).isFalse();
    }

    @Test
    void jsonScorersRejectASchemaValueInsteadOfIgnoringIt() {
        assertThatThrownBy(() -> score("is-json", "{\"type\": \"object\"}", "{}"))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("is-json takes no value (JSON Schema validation is not supported)");
        assertThatThrownBy(() -> score("contains-json", "{\"type\": \"object\"}", "{}"))
                .hasMessageContaining("contains-json takes no value");
    }

    @Test
    void containsJsonFindsTheFirstObjectOrArrayInText() {
        assertThat(score("contains-json", "", "Here you go: {\"city\": \"Paris\"} — anything else?"))
                .isEqualTo(Score.pass("found an object at char 13: {\"city\":\"Paris\"}"));
        assertThat(score("contains-json", "", "colours: [\"red\", \"green\"].").reason())
                .isEqualTo("found an array at char 9: [\"red\",\"green\"]");
        // a broken outer object does not hide a valid inner one
        assertThat(score("contains-json", "", "{oops {\"a\": 1} }").reason())
                .isEqualTo("found an object at char 6: {\"a\":1}");
    }

    @Test
    void containsJsonFailsWithoutAnObjectOrArray() {
        assertThat(score("contains-json", "", "{not json} and [also not]"))
                .isEqualTo(Score.fail("expected a JSON object or array in the output, found none in "
                        + "\"{not json} and [also not]\""));
        // a bare scalar is JSON, but not an object or array inside text
        assertThat(score("contains-json", "", "42").pass()).isFalse();
        assertThat(score(negated("contains-json", ""), "no json here").pass()).isTrue();
    }

    @ParameterizedTest(name = "{0} passes")
    @CsvSource(delimiter = '|', textBlock = """
            $.order.id=42
            $.order.id = 42.0
            $.order.total=19.50
            $.order.status=shipped
            $.order.status="shipped"
            $.order.paid=true
            $.order.note=null
            $.order.items[1].sku=B-2
            $.order.items[0]={"qty": 2, "sku": "A-1"}
            $.order.meta['first.name']=Ann
            $.order.meta["it's"]=quoted
            $.order.meta['it\\'s']=quoted
            $.order.meta['0']=zero
            $.order.items[0].qty~=^[12]$
            $.order.status~=^ship
            $.order.items~="sku":"B-2"
            $.order.note
            $['order'].items
            $
            """)
    void jsonPathPasses(String value) {
        Score score = score("json-path", value, ORDER);
        assertThat(score.pass()).as(score.reason()).isTrue();
    }

    @ParameterizedTest(name = "{0} fails: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            $.order.id=43                | expected $.order.id=43, $.order.id is 42
            $.order.status=Shipped       | expected $.order.status=Shipped, $.order.status is "shipped"
            $.order.paid="true"          | expected $.order.paid="true", $.order.paid is true
            $.order.items[2].sku=C-3     | expected $.order.items[2].sku=C-3, but $.order.items[2] not found: $.order.items is an array of 2 elements
            $.order.missing              | expected $.order.missing, but $.order.missing not found: $.order is an object
            $.order.status.code=1        | expected $.order.status.code=1, but $.order.status.code not found: $.order.status is a string
            $.order.items.0.sku=A-1      | expected $.order.items.0.sku=A-1, but $.order.items.0 not found: $.order.items is an array of 2 elements
            $.order.meta[0]=zero         | expected $.order.meta[0]=zero, but $.order.meta[0] not found: $.order.meta is an object
            $.order.status~=^SHIP        | expected $.order.status~=^SHIP, $.order.status is "shipped"
            """)
    void jsonPathFails(String value, String reason) {
        assertThat(score("json-path", value, ORDER)).isEqualTo(Score.fail(reason));
    }

    @Test
    void jsonPathFailsWhenTheOutputIsNotWholeJson() {
        Score score = score("json-path", "$.a=1", "```json\n{\"a\": 1}\n```");
        assertThat(score.pass()).isFalse();
        assertThat(score.reason()).startsWith("expected JSON with $.a=1, but the output is not JSON (");
    }

    @Test
    void notJsonPath() {
        assertThat(score(negated("json-path", "$.order.id=43"), ORDER).pass()).isTrue();
        assertThat(score(negated("json-path", "$.order.id=42"), ORDER).pass()).isFalse();
        assertThat(score(negated("json-path", "$.order.absent"), ORDER).pass()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            order.id=42        | malformed JSONPath "order.id=42" at column 1: a JSONPath starts with $
            $.order..id        | malformed JSONPath "$.order..id" at column 9: recursive descent (..) is not supported
            $.order.*          | malformed JSONPath "$.order.*" at column 9: unexpected '*' in a field name
            $.items[*]         | malformed JSONPath "$.items[*]" at column 9: expected an array index or a quoted key after '['
            $.items[-1]        | malformed JSONPath "$.items[-1]" at column 9: expected an array index or a quoted key
            $.items[0          | malformed JSONPath "$.items[0" at column 10: expected ']'
            $['open=1          | malformed JSONPath "$['open=1" at column 2: unterminated quoted key
            $.a.=1             | malformed JSONPath "$.a.=1" at column 5: a field name must follow '.'
            $.a!=1             | malformed JSONPath "$.a!=1" at column 4: unexpected '!' in a field name
            $.a 1              | json-path "$.a 1": expected '=' or '~=' after the path $.a, got "1"
            $.a~=(             | json-path: "(" is not a valid Java regular expression
            $.a~=              | json-path: the regex after '~=' is empty
            """)
    void malformedJsonPathsAreErrors(String value, String message) {
        assertThatThrownBy(() -> score("json-path", value, ORDER))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining(message);
    }

    @Test
    void jsonPathNeedsAValue() {
        assertThatThrownBy(() -> score("json-path", "", ORDER))
                .hasMessageContaining("json-path needs a value, e.g. json-path:$.answer=42");
    }
}
