/**
 * Not exported: provider resolution, the implementation of {@link
 * org.patinox.memory.MemoryUtilities}, the combined monitor and the parsing of settings.
 */
package org.patinox.memory.internal;
