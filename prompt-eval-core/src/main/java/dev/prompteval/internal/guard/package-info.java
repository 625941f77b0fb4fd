/**
 * Keeps a long evaluation stoppable: a JVM shutdown (SIGTERM, Ctrl-C) cancels it cleanly, and a heap too small for
 * it stops it with a message naming the heap, instead of a collector that crawls for ever.
 */
package dev.prompteval.internal.guard;
