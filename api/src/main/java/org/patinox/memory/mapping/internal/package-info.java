/**
 * The implementation of memory mapping, one for every provider: the file's channel, arena and
 * segments ({@code FileMapping}), the slices specialised per built-in type, the record types and
 * their hidden accessor classes, and the layouts' canonical text and validation. Not exported:
 * users reach it through {@link org.patinox.memory.mapping} and {@code MemoryUtilities.map}.
 */
package org.patinox.memory.mapping.internal;
