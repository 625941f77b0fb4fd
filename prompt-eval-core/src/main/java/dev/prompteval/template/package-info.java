/**
 * A prompt rendered for one row, as a custom target receives it: {@link dev.prompteval.template.RenderedPrompt},
 * its {@link dev.prompteval.template.ChatMessage}s and {@link dev.prompteval.template.ModelSpec}. Parsing and
 * rendering templates is internal.
 */
package dev.prompteval.template;
