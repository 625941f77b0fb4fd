package dev.prompteval.sample.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelJsonTest {

    @Test
    void readsBareJson() {
        assertThat(ModelJson.parseObject("  {\"a\": 1}\n").path("a").asInt()).isEqualTo(1);
    }

    @Test
    void removesAJsonFence() {
        String fenced = "```json\n{\"category\": \"billing\"}\n```";
        assertThat(ModelJson.parseObject(fenced).path("category").asText()).isEqualTo("billing");
    }

    @Test
    void removesAFenceWithoutInfoString() {
        assertThat(ModelJson.parseObject("```\n{\"a\": \"b\"}```").path("a").asText()).isEqualTo("b");
    }

    @Test
    void rejectsProseAroundTheObject() {
        assertThatThrownBy(() -> ModelJson.parseObject("Sure! Here it is: {\"a\": 1}"))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageContaining("not JSON")
                .hasMessageContaining("Sure! Here it is");
    }

    @Test
    void rejectsTrailingText() {
        assertThatThrownBy(() -> ModelJson.parseObject("{\"a\": 1}\nHope this helps!"))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> ModelJson.parseObject("[\"billing\"]"))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageContaining("not an object");
    }

    @Test
    void rejectsAnEmptyReply() {
        assertThatThrownBy(() -> ModelJson.parseObject(" \n"))
                .isInstanceOf(UnreadableModelOutputException.class)
                .hasMessageContaining("empty reply");
    }

    @Test
    void quotesOnlyTheStartOfALongReply() {
        String longReply = "[" + "1,".repeat(250) + "1]";
        assertThatThrownBy(() -> ModelJson.parseObject(longReply))
                .hasMessageEndingWith("\"[" + "1,".repeat(99) + "1…\" (503 chars)");
    }
}
