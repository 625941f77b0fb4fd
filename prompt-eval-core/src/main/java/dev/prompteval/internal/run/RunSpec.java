package dev.prompteval.internal.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prompteval.internal.json.CanonicalJson;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.template.ModelSpec;

import java.util.Objects;

/**
 * What to run: one prompt version over one suite's rows, {@code repeat} samples per row.
 *
 * @param suite       the suite name
 * @param promptName  the prompt's registry name
 * @param reference   what is evaluated, as written ({@code file:prompts/x.json}, {@code version:3}, {@code label:prod})
 * @param version     the registry version number, or null for a working-tree file
 * @param template    the prompt version
 * @param model       the model to call (template metadata with suite overrides applied)
 * @param datasetHash SHA-256 of the dataset files' bytes
 * @param repeat      samples per row (K), at least 1
 */
public record RunSpec(String suite, String promptName, String reference, Integer version, PromptTemplate template,
                      ModelSpec model, String datasetHash, int repeat) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RunSpec {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(datasetHash, "datasetHash");
        if (repeat < 1) {
            throw new IllegalArgumentException("suite " + suite + ": repeat must be at least 1, was " + repeat);
        }
    }

    /**
     * Identifies the results this spec produces: SHA-256 hex over the reference, the prompt's content hash, the
     * dataset hash, the model (provider, name, parameters) and {@code repeat}. Two runs with the same key may share a
     * run journal. The reference is in it so that a suite's candidate and baseline, run at once, never share one
     * when their content is the same (an unchanged prompt): each has its own samples.
     */
    public String journalKey() {
        ObjectNode identity = JSON.createObjectNode();
        identity.put("reference", reference);
        identity.put("contentHash", template.contentHash());
        identity.put("datasetHash", datasetHash);
        identity.set("model", JSON.valueToTree(model));
        identity.put("repeat", repeat);
        return CanonicalJson.sha256Hex(CanonicalJson.write(identity).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
