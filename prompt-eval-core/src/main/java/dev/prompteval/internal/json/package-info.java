/** Canonical JSON and SHA-256 over it: the one definition of every content hash and cache key. */
package dev.prompteval.internal.json;
