/**
 * The {@code lockfree} implementation: callers never wait on a lock; contended state is handed
 * through JCTools queues and compare-and-set.
 *
 * <h2>Memory ordering</h2>
 * <ul>
 *   <li>A value handed from one thread to another goes through a JCTools queue: {@code offer}
 *       publishes it with release semantics and {@code poll} reads it with acquire semantics, so
 *       the consumer sees every write the producer made before offering.
 *   <li>Each queue has the number of consumers its name says ({@code Mpsc}: one). The single
 *       consumer is whoever holds the queue's drain flag, taken by compare-and-set and released by
 *       a volatile write; no other thread polls.
 *   <li>State flags that others only read ({@code closed}) are volatile; counters that are only
 *       summed for reports are {@link java.util.concurrent.atomic.LongAdder}s, read without a
 *       happens-before edge to the increments.
 *   <li>No {@code synchronized} block and no {@link java.lang.ThreadLocal}: a virtual thread may
 *       run on any carrier, so per-thread state is striped by hash instead.
 * </ul>
 *
 * <p>Not exported: only {@link org.patinox.memory.lockfree.LockFreeMemoryProvider} is public, for
 * {@link java.util.ServiceLoader}.
 */
package org.patinox.memory.lockfree;
