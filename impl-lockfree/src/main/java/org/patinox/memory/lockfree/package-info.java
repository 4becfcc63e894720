/**
 * The {@code lockfree} implementation: callers never wait on a lock; contended state is handed
 * through compare-and-set state words, lock-free queues and ring buffers. The one exception is the cache's
 * writer that finds the write buffer full: writes are never dropped, so it waits for the cache's
 * eviction lock and maintains before it writes (its readers never wait).
 *
 * <h2>Memory ordering</h2>
 * <ul>
 *   <li>A value handed from one thread to another goes through a lock-free queue: the pool's
 *       waiters through a {@link java.util.concurrent.ConcurrentLinkedQueue} (many producers,
 *       many consumers, and a waiter that gives up removes itself, which JCTools' queues do not
 *       offer), the logging monitor's events through a bounded JCTools {@code
 *       MpscVarHandleArrayQueue}. {@code offer} publishes with release semantics and {@code poll}
 *       reads with acquire semantics, so the consumer sees every write the producer made before
 *       offering.
 *   <li>The monitor's queue has one consumer ({@code Mpsc}): whoever holds its drain flag, taken
 *       by compare-and-set and released by a volatile write; no other thread polls. Only JCTools'
 *       {@code varhandle} (and {@code atomic}) queues are used: the rest of JCTools reaches
 *       {@code sun.misc.Unsafe}.
 *   <li>State flags that others only read ({@code closed}) are volatile; counters that are only
 *       summed for reports are {@link java.util.concurrent.atomic.LongAdder}s, read without a
 *       happens-before edge to the increments.
 *   <li>An object whose ownership moves between threads carries a state word changed only by
 *       compare-and-set through a {@link java.lang.invoke.VarHandle} (a pool's {@code Slot}: idle,
 *       borrowed, reserved, removed, with its count of borrows, which a {@code Handle} keeps as
 *       its stamp so that ending it is the slot's compare-and-set away from that word; a
 *       {@code LeakWatch}'s reported flag; the shared {@code org.patinox.memory.support.BoundedCall}'s pending, done, given up). Winning the CAS is taking ownership, with acquire semantics; the
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
 *   <li>No {@link java.lang.ThreadLocal} as a per-thread cache: a virtual thread may run on any
 *       carrier and lives for one task, so per-thread state is striped by hash instead. The one
 *       exception is {@code LeftRightState}'s reader, a thread's own announcement word (which also
 *       refuses a callback's call back into the instance), not a cache: a virtual thread keeps it as
 *       its own, and the readers of ended threads are pruned.
 *   <li>The only {@code synchronized} blocks are the cache's, each on one node, around a change of
 *       its value or its retirement (see {@code LockFreeCache}): a few field writes with nothing
 *       blocking inside, which since JDK 24 does not pin a virtual thread to its carrier.
 *   <li>{@code LeftRightState} (mutable shared data) keeps two copies; a reader announces itself with
 *       a volatile write of its own word and reads the live copy's index with a volatile read, the
 *       writer switches that index with a volatile write and then reads every reader's word (Dekker
 *       again, so all volatile); see its class description.
 * </ul>
 *
 * <h2>Memory ordering in the cache</h2>
 * The cache's buffers are ring arrays of its own, accessed through array {@link
 * java.lang.invoke.VarHandle}s, and its maintainer is whoever holds its eviction lock (a {@link
 * java.util.concurrent.locks.ReentrantLock}, whose lock and unlock order everything the maintainer
 * does: its counted weight, pending notifications, sweep cursor and the nodes' strategy fields are
 * plain fields).
 * <ul>
 *   <li><b>Read buffer</b> ({@code ReadBuffer}): a reader reads the stripe's head with acquire and
 *       its tail opaquely, claims a slot by compare-and-set on the tail, then publishes the node
 *       (or an update's marker) into the slot with a release store. The maintainer reads the tail with acquire and each slot
 *       with acquire (a {@code null} slot is claimed but not yet published: it stops there), clears
 *       the slots it took, and publishes the new head with a release store, so a reader that sees
 *       the head moved also sees the slots cleared. Lost races drop the read, never block it.
 *   <li><b>Write buffer</b> ({@code WriteBuffer}): a writer claims an index by compare-and-set on the
 *       producer index after reading the consumer index with acquire (a stale consumer index errs
 *       towards "full"), changes the map, and fills the slot with a volatile store; a write whose
 *       decision is pure claims inside its {@code compute}, under the bin lock, just before it
 *       changes anything. The maintainer
 *       peeks at the head slot with acquire, applies it, evicts, then clears the slot and publishes
 *       the consumer index with a release store, which frees the slot. A writer that filled and then
 *       failed {@code tryLock}, and a holder that released the lock and then reads the head slot, use
 *       volatile accesses on both sides (Dekker, as for the pool), so one of them always drains.
 *   <li><b>Nodes</b> ({@code Node}): {@code value} is volatile, for readers. {@code weight} and the
 *       timestamps are written under the key's {@code ConcurrentHashMap} bin lock; the maintainer
 *       reads the weight after taking the node from the write buffer, whose fill published it (a
 *       later writer's weight is seen then, or at its own turn); timestamps are opaque (never torn,
 *       possibly stale by a racing read, which expiry tolerates). The state word ({@code life}:
 *       in policy, retired, dead) changes only by atomic read-modify-write ({@code
 *       getAndBitwiseOr}, compare-and-set); {@code RETIRED} is set by whoever takes the node out of
 *       the map, under its bin lock, so the map and the word agree for anyone who takes that lock,
 *       as the maintainer does to evict. What a buffered write or read means is decided by reading
 *       the word when it is applied, never by the buffers' order.
 *   <li><b>Counts</b>: hits are the read buffer's tails (each a successful compare-and-set) plus a
 *       {@link java.util.concurrent.atomic.LongAdder} of the reads dropped; like the other adders,
 *       they are summed without a happens-before edge to the increments.
 * </ul>
 *
 * <p>Not exported: only {@link org.patinox.memory.lockfree.LockFreeMemoryProvider} is public, for
 * {@link java.util.ServiceLoader}.
 */
package org.patinox.memory.lockfree;
