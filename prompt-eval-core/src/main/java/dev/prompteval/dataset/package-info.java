/**
 * The dataset row as the public SPIs receive it: {@link dev.prompteval.dataset.Row} and its
 * {@link dev.prompteval.dataset.Assertion}s. Reading and validating CSV datasets is internal.
 */
package dev.prompteval.dataset;
