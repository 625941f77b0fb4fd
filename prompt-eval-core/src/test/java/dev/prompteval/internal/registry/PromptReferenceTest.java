package dev.prompteval.internal.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptReferenceTest {

    @Test
    void parsesEveryFormAndWritesItBackCanonically() {
        assertThat(PromptReference.parse("version:3")).isEqualTo(new PromptReference.Version(3));
        assertThat(PromptReference.parse(" label:prod ")).isEqualTo(new PromptReference.Label("prod"));
        assertThat(PromptReference.parse("latest")).isEqualTo(new PromptReference.Latest());
        assertThat(PromptReference.parse("file:prompts/a b.json"))
                .isEqualTo(new PromptReference.File(Path.of("prompts/a b.json")));
        assertThat(PromptReference.parse("prompts/order-summary.json"))
                .isEqualTo(new PromptReference.File(Path.of("prompts/order-summary.json")));
        assertThat(PromptReference.parse("version:007")).hasToString("version:7");
        for (String text : new String[]{"version:12", "label:staging", "latest", "file:p/x.json"}) {
            assertThat(PromptReference.parse(text)).hasToString(text);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "version:x           | version must be a positive whole number",
            "version:0           | version must be a positive whole number",
            "version:-2          | version must be a positive whole number",
            "version:99999999999 | version must be a positive whole number",
            "version:            | version must be a positive whole number",
            "label:              | the label name is empty",
            "file:               | the file path is empty",
            "3                   | did you mean version:3?",
            "prod                | did you mean label:prod?",
            "tag:prod            | it is not a known form. Use version:N, label:L, latest, or file:path",
    })
    void badReferencesSayWhatIsWrongAndWhatIsAccepted(String text, String expected) {
        assertThatThrownBy(() -> PromptReference.parse(text))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.INVALID))
                .hasMessageContaining("prompt reference \"" + text + "\" is invalid")
                .hasMessageContaining(expected);
    }

    @Test
    void emptyAndControlCharacterReferencesAreRejected() {
        assertThatThrownBy(() -> PromptReference.parse("  ")).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> PromptReference.parse(null)).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> new PromptReference.Label("pr\tod"))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> new PromptReference.Label(" prod")).hasMessageContaining("white space");
    }

    @Test
    void fileReferenceLoadsTheWorkingTreeBlueprintWithoutVersionOrLabels(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.json"), "{\"prompt_template\": {\"type\": \"completion\","
                + " \"content\": \"Say {x}\"}}");
        var ref = ((PromptReference.File) PromptReference.parse("file:p.json")).resolveAgainst(dir);

        RegistryPrompt prompt = ref.load("greeting");

        assertThat(prompt.name()).isEqualTo("greeting");
        assertThat(prompt.version()).isNull();
        assertThat(prompt.labels()).isEmpty();
        assertThat(prompt.template().variables()).containsExactly("x");
    }

    @Test
    void fileReferenceToAMissingOrBrokenFileIsAClearError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> new PromptReference.File(dir.resolve("nope.json")).load("greeting"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND))
                .hasMessageContaining("prompt greeting: file " + dir.resolve("nope.json"))
                .hasMessageContaining("does not exist");
        Files.writeString(dir.resolve("bad.json"), "{\"prompt_template\": ");
        assertThatThrownBy(() -> new PromptReference.File(dir.resolve("bad.json")).load("greeting"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.INVALID))
                .hasMessageContaining(dir.resolve("bad.json").toString())
                .hasMessageContaining("not valid JSON at line 1");
    }
}
