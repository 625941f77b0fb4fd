package dev.prompteval.internal.registry.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.registry.EvalRunRecord.RowOutcome;
import dev.prompteval.internal.registry.EvalRunRecord;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.internal.template.PromptTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.prompteval.internal.registry.file.Blueprints.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileRegistryTest {
    private static final String NAME = "support/order-summary";

    @TempDir
    Path root;

    private FileRegistry registry() {
        return new FileRegistry(root);
    }

    @Test
    void publishWritesNumberedVersionsThatGetReadsBack() {
        FileRegistry registry = registry();

        assertThat(registry.publish(NAME, chat("Hi {name}"), "First", List.of(), 0)).isEqualTo(1);
        assertThat(registry.publish(NAME, chat("Hello {name}"), "Warmer", List.of("staging"), 1)).isEqualTo(2);

        assertThat(registry.listVersions(NAME)).containsExactly(1, 2);
        RegistryPrompt first = registry.get(NAME, PromptReference.parse("version:1"));
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.name()).isEqualTo(NAME);
        assertThat(first.template().contentHash()).isEqualTo(chat("Hi {name}").contentHash());
        assertThat(first.template().name()).isEqualTo(NAME + " version 1");
        RegistryPrompt latest = registry.get(NAME, PromptReference.parse("latest"));
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.labels()).containsExactly("staging");
        assertThat(latest.template().toJson().path("commit_message").asText()).isEqualTo("Warmer");
    }

    @Test
    void versionFilesArePrettyPrintedWithSortedKeysAndUnixNewlines() throws Exception {
        registry().publish(NAME, chat("Hi {name}"), "First", List.of("prod"), null);

        assertThat(Files.readString(root.resolve("support/order-summary/versions/1.json"))).isEqualTo("""
                {
                  "commit_message": "First",
                  "metadata": {
                    "model": {
                      "name": "gpt-4o-mini",
                      "parameters": {
                        "temperature": 0
                      },
                      "provider": "openai"
                    }
                  },
                  "prompt_name": "support/order-summary",
                  "prompt_template": {
                    "messages": [
                      {
                        "content": [
                          {
                            "text": "Hi {name}",
                            "type": "text"
                          }
                        ],
                        "role": "user"
                      }
                    ],
                    "type": "chat"
                  },
                  "version": 1
                }
                """);
        assertThat(Files.readString(root.resolve("support/order-summary/labels.json"))).isEqualTo("""
                {
                  "prod": 1
                }
                """);
    }

    @Test
    void publishingTheLatestContentAgainReturnsThatVersionAndMovesTheLabels() throws Exception {
        FileRegistry registry = registry();
        registry.publish(NAME, chat("Hi {name}"), "First", List.of(), null);
        registry.publish(NAME, chat("Hello {name}"), "Second", List.of(), null);
        PromptTemplate reformatted = PromptTemplate.parse("{\"metadata\": {\"model\": {\"name\": \"gpt-4o-mini\","
                + " \"provider\": \"openai\", \"parameters\": {\"temperature\": 0}}}, \"prompt_template\":"
                + " {\"messages\": [{\"content\": \"Hello {name}\", \"role\": \"user\"}], \"type\": \"chat\"}}", "x");

        int version = registry.publish(NAME, reformatted, "Same again", List.of("prod"), 1);

        assertThat(version).isEqualTo(2);
        assertThat(registry.listVersions(NAME)).containsExactly(1, 2);
        assertThat(registry.listLabels(NAME)).containsExactly(Map.entry("prod", 2));
        assertThat(registry.get(NAME, new PromptReference.Version(2)).template().toJson()
                .path("commit_message").asText()).isEqualTo("Second");
        // identical content to an older version is a new version: only the latest is deduplicated
        assertThat(registry.publish(NAME, chat("Hi {name}"), "Back", List.of(), null)).isEqualTo(3);
    }

    @Test
    void labelsAreCreatedMovedSortedAndResolved() throws Exception {
        FileRegistry registry = registry();
        registry.publish(NAME, chat("a"), null, List.of("staging", "prod"), null);
        registry.publish(NAME, chat("b"), null, List.of("staging"), null);

        registry.moveLabel(NAME, "prod", 2);
        registry.moveLabel(NAME, "canary", 1);

        assertThat(registry.listLabels(NAME)).containsExactly(Map.entry("canary", 1), Map.entry("prod", 2),
                Map.entry("staging", 2));
        assertThat(Files.readString(root.resolve(NAME).resolve("labels.json")))
                .isEqualTo("{\n  \"canary\": 1,\n  \"prod\": 2,\n  \"staging\": 2\n}\n");
        RegistryPrompt prod = registry.get(NAME, PromptReference.parse("label:prod"));
        assertThat(prod.version()).isEqualTo(2);
        assertThat(prod.labels()).containsExactly("prod", "staging");
        assertThatThrownBy(() -> registry.moveLabel(NAME, "prod", 9))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessage("prompt support/order-summary has no version 9 (versions: 1, 2); label \"prod\" cannot"
                        + " point at it");
    }

    @Test
    void missingPromptsVersionsAndLabelsAreClearErrors() {
        FileRegistry registry = registry();
        assertThatThrownBy(() -> registry.get(NAME, new PromptReference.Latest()))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessageContaining("prompt support/order-summary has no versions in " + root)
                .hasMessageContaining("publish a version first");
        registry.publish(NAME, chat("a"), null, List.of("prod"), null);
        assertThatThrownBy(() -> registry.get(NAME, new PromptReference.Version(4)))
                .hasMessage("prompt support/order-summary has no version 4 in " + root + " (versions: 1)");
        assertThatThrownBy(() -> registry.get(NAME, new PromptReference.Label("staging")))
                .hasMessageContaining("has no label \"staging\" in " + root + " (labels: prod)");
        assertThat(registry.listVersions("never/published")).isEmpty();
        assertThat(registry.listLabels("never/published")).isEmpty();
    }

    @Test
    void expectedVersionMismatchIsAConflictSayingWhoWonAndWhatToDo() {
        FileRegistry registry = registry();
        registry.publish(NAME, chat("a"), "First", List.of(), 0);
        registry.publish(NAME, chat("b"), "Theirs", List.of(), 1);

        assertThatThrownBy(() -> registry.publish(NAME, chat("c"), "Mine", List.of("prod"), 1))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessage("publish refused: expected version 1 to be the latest of prompt support/order-summary,"
                        + " but version 2 (\"Theirs\") was published first by another build ("
                        + root.resolve(NAME).resolve("versions/2.json") + "). Nothing was written. Evaluate your"
                        + " candidate against version 2 and publish again");
        assertThatThrownBy(() -> registry.publish(NAME, chat("c"), "Mine", List.of(), 0))
                .hasMessageContaining("expected to create prompt support/order-summary, but version 2");
        assertThat(registry.listVersions(NAME)).containsExactly(1, 2);
        assertThat(registry.listLabels(NAME)).isEmpty();
    }

    @Test
    void resultsAreStoredUnderTheVersionTheyEvaluated() throws Exception {
        FileRegistry registry = registry();
        PromptTemplate candidate = chat("Hi {name}");
        registry.publish(NAME, candidate, null, List.of(), null);
        var summary = new ObjectMapper().readTree("{\"pass_rate\": {\"delta\": -0.01}}");
        var run = new EvalRunRecord("orders", "run-7", "PASS", "sha256:d1", "abc123", candidate.contentHash(),
                List.of(new RowOutcome("r1", 0.75, true, "Hello Ann", Map.of("tone", 0.5, "accuracy", 1.0),
                                Map.of("name", "Ann"), null),
                        new RowOutcome("r2", 0, false, null, Map.of(), Map.of(), "timeout after 3 attempts")),
                summary);

        registry.pushResults(NAME, 1, run);

        assertThat(Files.readString(root.resolve(NAME).resolve("evals/1/run-7.json"))).isEqualTo("""
                {
                  "candidate_hash": "%s",
                  "dataset_hash": "sha256:d1",
                  "decision": "PASS",
                  "git_commit": "abc123",
                  "prompt": "support/order-summary",
                  "rows": [
                    {
                      "error": null,
                      "input_tokens": null,
                      "named_scores": {
                        "accuracy": 1.0,
                        "tone": 0.5
                      },
                      "output": "Hello Ann",
                      "output_tokens": null,
                      "pass": true,
                      "row_id": "r1",
                      "score": 0.75,
                      "variables": {
                        "name": "Ann"
                      }
                    },
                    {
                      "error": "timeout after 3 attempts",
                      "input_tokens": null,
                      "named_scores": {},
                      "output": null,
                      "output_tokens": null,
                      "pass": false,
                      "row_id": "r2",
                      "score": 0.0,
                      "variables": {}
                    }
                  ],
                  "run_id": "run-7",
                  "suite": "orders",
                  "summary": {
                    "pass_rate": {
                      "delta": -0.01
                    }
                  },
                  "version": 1
                }
                """.formatted(candidate.contentHash()));
    }

    @Test
    void resultsForOtherContentOrAMissingVersionAreRefused() {
        FileRegistry registry = registry();
        registry.publish(NAME, chat("a"), null, List.of(), null);
        var run = new EvalRunRecord("orders", "run-8", "PASS", "sha256:d1", null, chat("b").contentHash(),
                List.of(), null);

        assertThatThrownBy(() -> registry.pushResults(NAME, 1, run))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("evaluated content " + chat("b").contentHash() + ", but version 1 of prompt "
                        + NAME + " holds " + chat("a").contentHash());
        assertThatThrownBy(() -> registry.pushResults(NAME, 2, run))
                .hasMessageContaining("has no version 2 (versions: 1); results of run run-8 cannot be stored");
        assertThat(root.resolve(NAME).resolve("evals")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/../../b", "/etc/passwd", "a//b", "a/", "./a", ".hidden", "a\\b",
            "C:/x", "a/..", "a/.", "trailing.", "sp ace", "a/versions", "evals", "x/labels.json", ""})
    void namesThatCouldLeaveTheRootOrClashAreRejected(String name) {
        FileRegistry registry = registry();
        assertThatThrownBy(() -> registry.publish(name, chat("a"), null, List.of(), null))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("prompt name \"" + name + "\" cannot be used in the file registry")
                .hasMessageContaining("e.g. support/order-summary");
        assertThatThrownBy(() -> registry.get(name, new PromptReference.Latest())).isInstanceOf(RegistryException.class);
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void namesWithFoldersDotsAndDashesAreAccepted() {
        FileRegistry registry = registry();
        for (String name : List.of("a", "team_1/sub-folder/v2.prompt", "A.B-c_d")) {
            assertThat(registry.publish(name, chat("x"), null, List.of(), null)).isEqualTo(1);
        }
        assertThat(root.resolve("team_1/sub-folder/v2.prompt/versions/1.json")).isRegularFile();
    }

    @Test
    void brokenFilesAreNamedWithWhatToDo() throws Exception {
        FileRegistry registry = registry();
        registry.publish(NAME, chat("a"), null, List.of(), null);
        Path labels = root.resolve(NAME).resolve("labels.json");
        Files.writeString(labels, "{\"prod\": \"three\"}");
        assertThatThrownBy(() -> registry.listLabels(NAME))
                .hasMessage("labels file " + labels + " is broken: label \"prod\" must point at a version number,"
                        + " not \"three\"; restore it from Git");
        Files.delete(labels);
        Path version = root.resolve(NAME).resolve("versions/1.json");
        Files.writeString(version, "{\"prompt_template\": 3}");
        assertThatThrownBy(() -> registry.get(NAME, new PromptReference.Version(1)))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID))
                .hasMessageContaining("prompt registry file " + version + " is broken")
                .hasMessageContaining("restore it from Git");
    }

    @Test
    void invalidLabelsAreRejectedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> registry().publish(NAME, chat("a"), null, List.of(" prod"), null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("white space");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void fileReferencesAreReadFromTheWorkingTree() throws Exception {
        Path file = root.resolve("candidate.json");
        Files.writeString(file, chat("Hi {name}").toPrettyJson());

        RegistryPrompt prompt = registry().get(NAME, new PromptReference.File(file));

        assertThat(prompt.version()).isNull();
        assertThat(prompt.template().contentHash()).isEqualTo(chat("Hi {name}").contentHash());
    }
}
