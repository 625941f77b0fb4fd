package dev.prompteval.internal.score.graded;

import dev.prompteval.dataset.Assertion;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.RecordingStore;
import dev.prompteval.internal.score.ScoringException;
import dev.prompteval.score.AssertionResult;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static dev.prompteval.internal.score.graded.GradedTests.KEY;
import static dev.prompteval.internal.score.graded.GradedTests.assertJsonBody;
import static dev.prompteval.internal.score.graded.GradedTests.assertion;
import static dev.prompteval.internal.score.graded.GradedTests.embeddings;
import static dev.prompteval.internal.score.graded.GradedTests.json;
import static dev.prompteval.internal.score.graded.GradedTests.negated;
import static dev.prompteval.internal.score.graded.GradedTests.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** similar against a loopback OpenAI-compatible embeddings endpoint, with hand-computed vectors. */
class SimilarScorerTest {
    private static final String REFERENCE = "Refunds are possible within 30 days.";
    private static final String OUTPUT = "You can get a refund in the first 30 days.";
    // Hand-picked vectors: OUTPUT_V·REFERENCE_V = 1*2 + 2*1 + 2*2 = 8, |OUTPUT_V| = |REFERENCE_V| = 3 -> 8/9.
    private static final double[] OUTPUT_V = {1, 2, 2};
    private static final double[] REFERENCE_V = {2, 1, 2};

    private final GradedTests t = new GradedTests();

    @TempDir
    Path dir;

    SimilarScorerTest() throws IOException {
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static Assertion similar(Double threshold) {
        return assertion("similar", threshold, REFERENCE);
    }

    @Test
    void embedsOutputAndReferenceInOneDocumentedRequest() throws Exception {
        t.server.enqueue(embeddings(true, OUTPUT_V, REFERENCE_V));

        AssertionResult result = t.score(similar(null), OUTPUT);

        RecordedRequest sent = t.take();
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
        assertJsonBody(sent, """
                {"model": "text-embedding-3-small",
                 "input": ["You can get a refund in the first 30 days.", "Refunds are possible within 30 days."]}
                """);
        // 8/9 = 0.88888..., above the default threshold 0.75
        assertThat(result.score().score()).isCloseTo(8.0 / 9, within(1e-12));
        assertThat(result.score().pass()).isTrue();
        assertThat(result.score().reason()).isEqualTo("cosine similarity 0.8889 >= threshold 0.75 "
                + "(text-embedding-3-small) to \"" + REFERENCE + "\", output \"" + OUTPUT + "\"");
        // 20 prompt tokens at $0.02 per 1M
        assertThat(t.graders.usage().calls()).isEqualTo(1);
        assertThat(t.graders.usage().usage().costUsd()).isCloseTo(4e-7, within(1e-15));
    }

    @Test
    void aReferenceSeenBeforeIsNotEmbeddedAgainAndKeepsItsOwnVector() throws Exception {
        // The first answer lists the reference (index 1) first: read by index, the remembered reference vector is
        // (2,1,2). The second output (3,0,0): (3,0,0)·(2,1,2) = 6, norms 3 and 3 -> 6/9 = 0.6667. Had the vectors
        // been taken in list order, the remembered one would be (1,2,2), giving 3/9 = 0.3333.
        t.server.enqueue(embeddings(true, OUTPUT_V, REFERENCE_V));
        t.server.enqueue(embeddings(false, new double[] {3, 0, 0}));

        t.score(similar(0.6), OUTPUT);
        AssertionResult second = t.score(similar(0.6), "Refunds: 30 days.");

        t.take();
        assertJsonBody(t.take(), """
                {"model": "text-embedding-3-small", "input": ["Refunds: 30 days."]}
                """);
        assertThat(second.score().score()).isCloseTo(6.0 / 9, within(1e-12));
        assertThat(second.score().pass()).isTrue();
    }

    @Test
    void anOutputEqualToItsReferenceIsEmbeddedOnce() throws Exception {
        t.server.enqueue(embeddings(false, REFERENCE_V));

        AssertionResult result = t.score(similar(null), REFERENCE);

        assertJsonBody(t.take(), """
                {"model": "text-embedding-3-small", "input": ["Refunds are possible within 30 days."]}
                """);
        assertThat(result.score().score()).isCloseTo(1.0, within(1e-12));
        assertThat(result.score().pass()).isTrue();
    }

    /** (1,0) and (0.6,0.8): dot 0.6, norms 1 and sqrt(0.36 + 0.64) = 1, so the similarity is 0.6. */
    @ParameterizedTest(name = "similarity 0.6, threshold {0} -> pass {1}")
    @CsvSource({"0.6, true", "0.5999, true", "0.6001, false", "0, true", "1, false"})
    void aSimilarityExactlyAtTheThresholdPasses(double threshold, boolean pass) {
        t.server.enqueue(embeddings(false, new double[] {1, 0}, new double[] {0.6, 0.8}));

        AssertionResult result = t.score(similar(threshold), OUTPUT);

        assertThat(result.score().score()).isCloseTo(0.6, within(1e-12));
        assertThat(result.score().pass()).isEqualTo(pass);
    }

    @Test
    void theDefaultThresholdIsThreeQuarters() {
        // (3,4) and (4,3): 24 / 25 = 0.96 passes; (1,0) and (0.7,0.7): 0.7 / 0.98995 = 0.7071 fails at 0.75
        t.server.enqueue(embeddings(false, new double[] {3, 4}, new double[] {4, 3}));
        t.server.enqueue(embeddings(false, new double[] {1, 0}, new double[] {0.7, 0.7}));

        assertThat(t.score(assertion("similar", null, "one"), OUTPUT).score().pass()).isTrue();
        AssertionResult below = t.score(assertion("similar", null, "two"), OUTPUT);

        assertThat(below.score().score()).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(below.score().pass()).isFalse();
        assertThat(below.score().reason()).startsWith("cosine similarity 0.7071 < threshold 0.75 ");
    }

    @Test
    void aNegativeCosineCountsAsZeroAndNotSimilarInverts() {
        // (1,0) and (-1,0) point opposite ways: cosine -1, score max(0, -1) = 0
        t.server.enqueue(embeddings(false, new double[] {1, 0}, new double[] {-1, 0}));
        t.server.enqueue(embeddings(false, new double[] {1, 0}, new double[] {-1, 0}));

        AssertionResult similar = t.score(assertion("similar", null, "opposite"), OUTPUT);
        AssertionResult notSimilar = t.score(negated("similar", null, "also opposite"), OUTPUT);

        assertThat(similar.score().score()).isZero();
        assertThat(similar.score().pass()).isFalse();
        assertThat(similar.score().reason()).contains("(text-embedding-3-small, cosine -1 counted as 0)");
        assertThat(notSimilar.score().score()).isEqualTo(1.0);
        assertThat(notSimilar.score().pass()).isTrue();
        assertThat(notSimilar.score().reason()).startsWith("negated: cosine similarity 0 < threshold 0.75 ");
    }

    @Test
    void notSimilarFailsASimilarOutput() {
        t.server.enqueue(embeddings(false, OUTPUT_V, REFERENCE_V));

        AssertionResult result = t.score(negated("similar", 0.8, REFERENCE), OUTPUT);

        assertThat(result.score().pass()).isFalse();
        assertThat(result.score().score()).isCloseTo(1 - 8.0 / 9, within(1e-12));
    }

    @Test
    void anEmptyOutputIsNotSentAndHasSimilarityZero() {
        AssertionResult similar = t.score(similar(null), "");
        AssertionResult notSimilar = t.score(negated("similar", null, REFERENCE), "");

        assertThat(t.server.getRequestCount()).isZero();
        assertThat(similar.score().score()).isZero();
        assertThat(similar.score().pass()).isFalse();
        assertThat(similar.score().reason()).isEqualTo("output is empty: similarity 0 to \"" + REFERENCE + "\"");
        assertThat(notSimilar.score().pass()).isTrue();
    }

    @Test
    void failingCallsAreRetriedThenTheRowIsAnError() {
        for (int i = 0; i < 3; i++) {
            t.server.enqueue(json(500, "{\"error\": {\"message\": \"internal error\", \"type\": \"server_error\"}}"));
        }

        ScoringException e = catchThrowableOfType(ScoringException.class, () -> t.score(similar(null), OUTPUT));

        assertThat(t.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(e.getMessage()).isEqualTo("row [refund-7] polite refusal (line 9), assertion __expected "
                + "\"similar:" + REFERENCE + "\": embedding model text-embedding-3-small failed after 3 attempts: "
                + "OpenAI-compatible embeddings at " + t.server.url("/v1") + " returned HTTP 500: internal error "
                + "[server_error]");
    }

    @Test
    void vectorsOfDifferentLengthsAreAnError() {
        t.server.enqueue(embeddings(false, new double[] {1, 2, 3}, new double[] {1, 2}));

        ScoringException e = catchThrowableOfType(ScoringException.class, () -> t.score(similar(null), OUTPUT));

        assertThat(e.getMessage()).endsWith(": embedding model text-embedding-3-small returned unusable vectors: the "
                + "vectors have different lengths, 3 and 2");
    }

    @Test
    void badAssertionsAreRejectedBeforeAnyCall() {
        assertThat(catchThrowableOfType(ScoringException.class,
                () -> t.rowScorer.validate(row(assertion("similar", null, "")))))
                .hasMessageEndingWith("similar needs a reference text, e.g. similar(0.8):The capital of France is "
                        + "Paris.");
        assertThat(catchThrowableOfType(ScoringException.class,
                () -> t.rowScorer.validate(row(assertion("similar", 80.0, REFERENCE)))))
                .hasMessageEndingWith("similar threshold must be between 0 and 1, was 80.0");
        assertThat(t.server.getRequestCount()).isZero();
    }

    @Test
    void recordedEmbeddingsReplayWithTheServerStopped() {
        Path file = dir.resolve("recordings/support.jsonl");
        // Recorded embeddings are stored one text per call: output first, then the reference.
        t.server.enqueue(embeddings(false, OUTPUT_V));
        t.server.enqueue(embeddings(false, REFERENCE_V));
        AssertionResult recorded;
        try (RecordingStore recordings = RecordingStore.open(file)) {
            recorded = t.scorerIn(EvaluationMode.RECORD, recordings).score(similar(null), OUTPUT,
                    row(similar(null)));
        }
        t.server.close();

        try (RecordingStore recordings = RecordingStore.open(file)) {
            AssertionResult replayed = t.scorerIn(EvaluationMode.REPLAY, recordings).score(similar(null), OUTPUT,
                    row(similar(null)));
            assertThat(replayed).isEqualTo(recorded);
            assertThat(replayed.score().score()).isCloseTo(8.0 / 9, within(1e-12));
        }
    }
}
