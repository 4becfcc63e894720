package org.patinox.memory.standard;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.support.PoolTexts;

/**
 * A caller waiting for a connection, asynchronous (with a {@link #future}) or blocking (parked on
 * its own {@link #ready} condition of the pool's lock). Both kinds wait in the same FIFO queue,
 * which is what makes the pool first come, first served for both. Mutable fields are guarded by
 * the pool's lock.
 *
 * @param <C> the type of connection
 */
final class Waiter<C> {

    /** In the queue. */
    static final int WAITING = 0;
    /** Holding {@link #slot} while it is validated; back to the head of the queue if it fails. */
    static final int VALIDATING = 1;
    /** {@link #slot} is this waiter's. */
    static final int SERVED = 2;
    /** The pool closed. */
    static final int FAILED = 3;
    /** Timed out, cancelled or interrupted; whatever arrives for it goes back to the pool. */
    static final int GONE = 4;

    /** The longest a waiter competes with barging acquirers before connections are kept for it. */
    static final long STARVATION_LIMIT = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    final long start;
    final long timeoutNanos;
    /**
     * When it has waited long enough for barging to be unfair to it: from then on, at the head of
     * the queue, it is handed a connection rather than woken to compete for one. A quarter of its
     * timeout, at most {@link #STARVATION_LIMIT}.
     */
    final long starvesAt;
    final PoolTexts.AcquireSite site;
    final CompletableFuture<PooledConnection<C>> future;
    final Condition ready;
    int state;
    Slot<C> slot;
    ScheduledFuture<?> timer;

    Waiter(long start, long timeoutNanos, PoolTexts.AcquireSite site, CompletableFuture<PooledConnection<C>> future,
           Condition ready) {
        this.start = start;
        this.timeoutNanos = timeoutNanos;
        this.starvesAt = start + Math.min(timeoutNanos / 4, STARVATION_LIMIT);
        this.site = site;
        this.future = future;
        this.ready = ready;
    }
}
