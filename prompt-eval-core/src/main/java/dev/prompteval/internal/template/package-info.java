/**
 * Prompt versions in PromptLayer's blueprint shape: {@link dev.prompteval.internal.template.PromptTemplate} reads and writes
 * them losslessly, whatever shape PromptLayer allows; renders {@code f-string} and {@code jinja2} messages, images
 * by URL and placeholder messages filled from a row into a {@link dev.prompteval.template.RenderedPrompt}; names the
 * blocks no model can be sent; and gives the content hash the gate and publishing rely on.
 */
package dev.prompteval.internal.template;
