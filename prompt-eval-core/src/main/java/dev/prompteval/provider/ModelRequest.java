package dev.prompteval.provider;

import dev.prompteval.dataset.Row;
import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;

/**
 * One call to a model.
 *
 * @param prompt the rendered messages
 * @param model  the effective model (template metadata with suite overrides applied)
 * @param sample 0-based sample index; part of the cache key so that K repeats are K distinct calls
 * @param row    the dataset row the prompt was rendered from, or null; custom targets that call the team's own code
 *               may need its variables. Not part of the cache key: the rendered prompt already is
 */
public record ModelRequest(RenderedPrompt prompt, ModelSpec model, int sample, Row row) {

    /** A request with no row attached. */
    public ModelRequest(RenderedPrompt prompt, ModelSpec model, int sample) {
        this(prompt, model, sample, null);
    }
}
