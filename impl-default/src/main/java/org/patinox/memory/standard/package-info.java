/**
 * The {@code standard} implementation: locks, conditions and the concurrent collections of the
 * JDK, chosen for code that is easy to check. The pool guards its state with a main lock and
 * lock-striped idle stacks; the cache keeps its entries in a {@code ConcurrentHashMap} and makes
 * every write under one lock, which also serializes the calls to its eviction strategy, while
 * reads go lock-free and tell the strategy only when that lock is free. Not exported: only {@link
 * org.patinox.memory.standard.StandardMemoryProvider} is public, for {@link java.util.ServiceLoader}.
 */
package org.patinox.memory.standard;
