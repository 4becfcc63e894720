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
 *   <li>An object whose ownership moves between threads carries a state word changed only by
 *       compare-and-set through a {@link java.lang.invoke.VarHandle} (a pool's {@code Slot}: idle,
 *       borrowed, reserved, removed, with its count of borrows, which a {@code Handle} keeps as
 *       its stamp so that ending it is the slot's compare-and-set away from that word; a
 *       {@code LeakWatch}'s reported flag; a {@code BoundedCall}'s pending, done, given up). Winning the CAS is taking ownership, with acquire semantics; the
 *       owner's plain or opaque writes to the object's other fields precede its next write of the
 *       state, which releases them to the next owner. Fields read without owning (a slot's last
 *       use, its holder) are opaque: never torn, possibly stale, and every such reader tolerates a
 *       stale value (it errs towards validating, or checks the handle's own state).
 *   <li>Where a thread publishes one thing and then looks for another while a second thread does
 *       the opposite (a pool's returning thread writes {@code IDLE} then reads the waiter queue; a
 *       waiter enqueues then scans for idle slots; {@code close} writes {@code closed} then scans),
 *       both sides use volatile writes and reads, never release/acquire alone, because only
 *       sequential consistency guarantees that at least one side sees the other (Dekker).
 *   <li>A future is completed once: {@link java.util.concurrent.CompletableFuture#complete} is the
 *       compare-and-set that decides between a hand-off, a timeout, a cancellation and close; the
 *       loser of a hand-off takes its connection back.
 *   <li>No {@code synchronized} block and no {@link java.lang.ThreadLocal}: a virtual thread may
 *       run on any carrier, so per-thread state is striped by hash instead.
 * </ul>
 *
 * <p>Not exported: only {@link org.patinox.memory.lockfree.LockFreeMemoryProvider} is public, for
 * {@link java.util.ServiceLoader}.
 */
package org.patinox.memory.lockfree;
