/**
 * Memory-mapped files on the Foreign Function and Memory API: typed, bounds-checked views of a
 * file's contents, unmapped deterministically on close, where access after close or to a truncated
 * file is an exception and never a crash of the JVM.
 *
 * <p>{@link org.patinox.memory.MemoryUtilities#map} opens a {@link org.patinox.memory.mapping.MappedFile}
 * as its {@link org.patinox.memory.mapping.MappingConfig} says; {@link
 * org.patinox.memory.mapping.MappedFile#slice} views it as {@link
 * org.patinox.memory.mapping.MappedSlice}s of a {@link org.patinox.memory.mapping.MappableType}
 * (primitives in an explicit byte order, or records of primitives laid out as C structs), and
 * {@link org.patinox.memory.mapping.MappedFile#createTyped} / {@link
 * org.patinox.memory.mapping.MappedFile#openTyped} write and check a header that names the
 * element type. No raw address appears in this package: a slice is the only way to the memory.
 *
 * <p>This is the only package of the library that touches {@code java.lang.foreign}; an ArchUnit
 * rule keeps it so.
 */
package org.patinox.memory.mapping;
