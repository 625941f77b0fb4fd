/** File writes that readers never see torn, shared by the registry, the response cache and recordings. */
package dev.prompteval.internal.io;
