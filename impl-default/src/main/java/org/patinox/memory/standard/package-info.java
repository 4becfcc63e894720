/**
 * The {@code standard} implementation: locks, conditions and the concurrent collections of the
 * JDK, chosen for code that is easy to check. Not exported: only {@link
 * org.patinox.memory.standard.StandardMemoryProvider} is public, for {@link java.util.ServiceLoader}.
 */
package org.patinox.memory.standard;
