/**
 * Prompt versions in PromptLayer's blueprint shape: {@link dev.prompteval.template.PromptTemplate} reads and writes
 * them losslessly, renders {@code f-string} and {@code jinja2} messages into a
 * {@link dev.prompteval.template.RenderedPrompt}, and gives the content hash the gate and publishing rely on.
 */
package dev.prompteval.template;
