/**
 * CSV eval datasets: streaming rows, their assertions, and validation before any model is called.
 *
 * <h2>File format</h2>
 * A header row, then one row per test case. UTF-8, with or without a byte order mark; RFC 4180 quoting (cells
 * with commas, double quotes or line breaks are enclosed in {@code "}, and a {@code "} inside is written
 * {@code ""}); cells may span lines; blank lines are skipped. Header names are trimmed. Every ordinary column
 * is a template variable, passed to the prompt as written. Reserved columns, compatible with promptfoo:
 * <ul>
 *   <li>{@code __expected}, {@code __expected1} .. {@code __expectedN} (any column starting with
 *       {@code __expected}): one assertion each; a blank cell is no assertion. See {@link
 *       dev.prompteval.internal.dataset.AssertionSyntax} for the cell syntax.</li>
 *   <li>{@code __description}: shown with the row's id. {@code __metric}: a metric name for the row.</li>
 *   <li>{@code __threshold}: a number from 0 to 1; the row passes when its weighted score reaches it.</li>
 *   <li>{@code __metadata:key}: free-form metadata ({@code __metadata:key[]} is kept as its raw text under
 *       {@code key}); blank cells are left out.</li>
 *   <li>{@code __config:__expectedN:threshold}: a threshold (0..1) for the assertion in column
 *       {@code __expectedN}, overriding one written in the cell.</li>
 * </ul>
 * and ours: {@code __id} (stable row key pairing baseline and candidate results; default: the 1-based row
 * number; must be unique and not blank), {@code __tags} (comma-separated, trimmed; rows tagged {@code critical}
 * must pass), {@code __cluster} (rows sharing it are correlated). Any other column starting with {@code __} is an
 * error, including promptfoo's {@code __prefix}, {@code __suffix} and {@code __providerOutput}, which have no
 * counterpart here; so is a reserved name written with one underscore ({@code _expected}).
 *
 * <h2>Entry points</h2>
 * {@link dev.prompteval.internal.dataset.Dataset#open} a file, {@link dev.prompteval.internal.dataset.Dataset#validate} it against
 * the prompts, then stream {@link dev.prompteval.internal.dataset.Dataset#rows}.
 */
package dev.prompteval.internal.dataset;
