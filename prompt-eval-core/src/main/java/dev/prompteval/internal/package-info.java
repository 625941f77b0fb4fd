/**
 * Implementation, not API: everything under {@code dev.prompteval.internal} may change in any release. What users may
 * import is pinned in {@code prompt-eval-api-check/api/}.
 */
package dev.prompteval.internal;
