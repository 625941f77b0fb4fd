package dev.prompteval.provider;

import dev.prompteval.template.ModelSpec;
import dev.prompteval.template.RenderedPrompt;

/**
 * One call to a model.
 *
 * @param prompt the rendered messages
 * @param model  the effective model (template metadata with suite overrides applied)
 * @param sample 0-based sample index; part of the cache key so that K repeats are K distinct calls
 */
public record ModelRequest(RenderedPrompt prompt, ModelSpec model, int sample) {
}
