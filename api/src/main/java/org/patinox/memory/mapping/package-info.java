/**
 * Memory-mapped files on the Foreign Function and Memory API: typed, bounds-checked views of a
 * file's contents, unmapped deterministically on close, where access after close or to a truncated
 * file is an exception and never a crash of the JVM.
 */
package org.patinox.memory.mapping;
