/**
 * The entry point of Patinox Memory.
 *
 * <p>{@link org.patinox.memory.MemoryUtilities#open()} resolves an implementation, owns the shared
 * background work and creates every component. {@link org.patinox.memory.UtilityConfig} configures
 * it, from code or from {@code patinox.memory.*} properties, and
 * {@link org.patinox.memory.UtilityException} is the unchecked, sealed root of every exception the
 * library throws.
 */
package org.patinox.memory;
