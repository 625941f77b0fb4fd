package dev.prompteval.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @Test
    void parameterValuesBecomeTheNodesDatabindWouldMake() throws Exception {
        var nested = new LinkedHashMap<String, Object>();
        nested.put("type", "json_schema");
        nested.put("strict", true);
        List<Object> values = Arrays.asList("", "gpt", "é😀\n\"quoted\"", 0, -1, Integer.MAX_VALUE, 200L,
                Long.MIN_VALUE, 0.0, 0.7, -1.5e-9, Double.MAX_VALUE, true, false, null,
                new BigInteger("123456789012345678901234567890"), new BigDecimal("0.10"), List.of("\n", 1),
                nested, Map.of("a", List.of(Map.of("b", 2.5))));
        for (Object value : values) {
            JsonNode databind = Json.MAPPER.valueToTree(value);
            JsonNode made = Json.tree(value);
            assertThat(made).as("%s", value).isEqualTo(databind);
            if (databind != null) {
                assertThat(made.getClass()).as("%s", value).isEqualTo(databind.getClass());
                assertThat(Json.MAPPER.writeValueAsString(made)).isEqualTo(Json.MAPPER.writeValueAsString(databind));
            }
        }
    }

    @Test
    void reasoningModelsAreTheOSeriesAndGpt5WithOrWithoutAProviderPrefix() {
        for (String model : List.of("o1", "o3-mini", "o4-mini-2025-04-16", "openai/o3", "gpt-5", "gpt-5.1",
                "GPT-5-mini", "o1:latest")) {
            assertThat(OpenAiChatFormat.reasoningModel(model)).as(model).isTrue();
        }
        for (String model : List.of("gpt-4o-mini", "gpt-4.1", "llama3", "o", "gpt-50", "omni", "openai/gpt-4o")) {
            assertThat(OpenAiChatFormat.reasoningModel(model)).as(model).isFalse();
        }
    }
}
