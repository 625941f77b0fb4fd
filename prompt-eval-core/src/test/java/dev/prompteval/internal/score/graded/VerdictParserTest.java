package dev.prompteval.internal.score.graded;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The ways grader models word a verdict, and the answers that are not one. */
class VerdictParserTest {

    static Stream<Arguments> verdicts() {
        return Stream.of(
                arguments("as asked", """
                        {"reason": "Polite and complete.", "score": 0.8, "pass": true}""", true, 0.8,
                        "Polite and complete."),
                arguments("in a ```json fence", """
                        ```json
                        {"pass": false, "score": 0.1, "reason": "rude"}
                        ```""", false, 0.1, "rude"),
                arguments("after and before prose", """
                        Here is my verdict:
                        {"pass": true, "score": 1.0, "reason": "fine"}
                        Hope that helps.""", true, 1.0, "fine"),
                arguments("a brace in the prose before it", """
                        The rubric {polite tone} is met. {"pass": true}""", true, null, null),
                arguments("inside another object", """
                        {"verdict": {"pass": true, "score": 0.75}}""", true, 0.75, null),
                arguments("keys in other case and blanks", """
                        {"Pass": true, " SCORE ": 0.7, "Reason": "ok"}""", true, 0.7, "ok"),
                arguments("passed and reasoning", """
                        {"passed": false, "reasoning": "misses the window"}""", false, null, "misses the window"),
                arguments("explanation", """
                        {"score": 0.3, "explanation": "partly"}""", null, 0.3, "partly"),
                arguments("single quotes, bare keys, trailing comma", """
                        {pass: true, 'score': 0.9, reason: 'fine',}""", true, 0.9, "fine"),
                arguments("a comment", """
                        {"pass": true, // sure
                         "score": 1}""", true, 1.0, null),
                arguments("pass as \"true\"", """
                        {"pass": "true", "score": 0.9}""", true, 0.9, null),
                arguments("pass as \"FAIL\"", """
                        {"pass": "FAIL", "score": 0.2}""", false, 0.2, null),
                arguments("pass as \"Yes\"", """
                        {"pass": " Yes "}""", true, null, null),
                arguments("pass as \"no\"", """
                        {"pass": "no"}""", false, null, null),
                arguments("pass as 1", """
                        {"pass": 1}""", true, null, null),
                arguments("pass as 0", """
                        {"pass": 0}""", false, null, null),
                arguments("score missing", """
                        {"pass": true, "reason": "fine"}""", true, null, "fine"),
                arguments("pass missing", """
                        {"score": 0.3}""", null, 0.3, null),
                arguments("pass null", """
                        {"pass": null, "score": 0.6}""", null, 0.6, null),
                arguments("score 1 on the 0..1 scale", """
                        {"score": 1}""", null, 1.0, null),
                arguments("score 0", """
                        {"score": 0}""", null, 0.0, null),
                arguments("score 8 of 10", """
                        {"score": 8}""", null, 0.8, null),
                arguments("score 10 of 10", """
                        {"score": 10}""", null, 1.0, null),
                arguments("score 85 of 100", """
                        {"score": 85}""", null, 0.85, null),
                arguments("score 100 of 100", """
                        {"score": 100}""", null, 1.0, null),
                arguments("score as a string", """
                        {"score": "0.6"}""", null, 0.6, null),
                arguments("score as a string on 0..10", """
                        {"score": "7"}""", null, 0.7, null),
                arguments("score as a percentage", """
                        {"score": "85%"}""", null, 0.85, null),
                arguments("score as a fraction", """
                        {"score": "7/10"}""", null, 0.7, null),
                arguments("score as a spaced fraction", """
                        {"score": "4 / 5"}""", null, 0.8, null),
                arguments("score null beside a pass", """
                        {"pass": false, "score": null}""", false, null, null),
                arguments("reason that is not text", """
                        {"pass": true, "reason": ["short", "polite"]}""", true, null, "[\"short\",\"polite\"]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void readsTheVerdict(String variation, String answer, Boolean pass, Double score, String reason) {
        assertThat(VerdictParser.parse(answer)).isEqualTo(new Verdict(pass, score, reason));
    }

    private static final String SCALES = "; expected a number from 0 to 1 (0-10, 0-100, a percentage or a fraction "
            + "such as 8/10 are also read)";

    static Stream<Arguments> notVerdicts() {
        return Stream.of(
                arguments("prose only", "The output passes the rubric.",
                        "it holds no JSON object with a \"pass\" or \"score\" key"),
                arguments("an object without pass or score", "{\"verdict\": \"pass\", \"reason\": \"ok\"}",
                        "it holds no JSON object with a \"pass\" or \"score\" key"),
                arguments("an unclosed object", "{\"pass\": true, \"score\": 0.8",
                        "it holds no JSON object with a \"pass\" or \"score\" key"),
                arguments("neither set", "{\"pass\": null, \"score\": null}",
                        "its JSON object sets neither \"pass\" nor \"score\""),
                arguments("pass maybe", "{\"pass\": \"maybe\", \"score\": 0.5}",
                        "\"pass\" is \"maybe\"; expected true or false"),
                arguments("pass 2", "{\"pass\": 2}", "\"pass\" is 2; expected true or false"),
                arguments("score above 100", "{\"score\": 250}", "\"score\" is 250" + SCALES),
                arguments("negative score", "{\"score\": -0.2}", "\"score\" is -0.2" + SCALES),
                arguments("score in words", "{\"score\": \"high\"}", "\"score\" is \"high\"" + SCALES),
                arguments("percentage above 100", "{\"score\": \"120%\"}", "\"score\" is \"120%\"" + SCALES),
                arguments("fraction above 1", "{\"score\": \"9/5\"}", "\"score\" is \"9/5\"" + SCALES),
                arguments("fraction over 0", "{\"score\": \"1/0\"}", "\"score\" is \"1/0\"" + SCALES),
                arguments("score true", "{\"score\": true}", "\"score\" is true" + SCALES),
                arguments("NaN", "{\"score\": \"NaN\"}", "\"score\" is \"NaN\"" + SCALES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notVerdicts")
    void rejectsWhatIsNotAVerdict(String variation, String answer, String problem) {
        assertThatThrownBy(() -> VerdictParser.parse(answer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(problem);
    }
}
