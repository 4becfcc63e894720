package org.patinox.memory.standard;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.support.PoolTexts;

/**
 * A caller waiting for a connection, asynchronous (with a {@link #future}) or blocking (its
 * {@link #thread} parked, and unparked when it is served, woken, or the pool closes). Both kinds
 * wait in the same FIFO queue, which is what makes the pool first come, first served for both.
 * Mutable fields are written under the pool's lock; {@link #state} is volatile, so that a blocking
 * waiter sees that it was served, and takes {@link #slot}, without that lock.
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
    /**
     * When it is half-way to its timeout: from then on, at the head of the queue, it is handed the
     * next connection returned even while another starving waiter has yet to pick up the one kept
     * for it (see {@code StandardPool.wakeHeadLocked}), so that a long queue drains before it times out.
     */
    final long urgentAt;
    final PoolTexts.AcquireSite site;
    final CompletableFuture<PooledConnection<C>> future;
    /** The blocking caller's thread; {@code null} for an asynchronous one. */
    final Thread thread;
    volatile int state;
    /**
     * Set before this blocking waiter's thread is unparked (served, woken to look, or failed by
     * close), and cleared by the waiter under the pool's lock before it looks at its state: checked
     * just before it parks, since whatever it ran in between may have parked on a lock and so used
     * up the unpark.
     */
    volatile boolean signalled;
    /** Written before {@link #state} becomes {@link #SERVED}, so that it is read after. */
    Slot<C> slot;
    /**
     * Whether this blocking waiter, starving, was handed {@link #slot} as one of the pool's bounded
     * hand-offs in transit: written before {@link #state}, read and cleared by the waiter's own thread.
     */
    boolean inTransit;
    /** Whether this blocking waiter, half-way to its timeout, has told the returners ({@code StandardPool.await}). */
    boolean urgentTold;
    ScheduledFuture<?> timer;

    Waiter(long start, long timeoutNanos, PoolTexts.AcquireSite site, CompletableFuture<PooledConnection<C>> future,
           Thread thread) {
        this.start = start;
        this.timeoutNanos = timeoutNanos;
        this.starvesAt = start + Math.min(timeoutNanos / 4, STARVATION_LIMIT);
        this.urgentAt = start + timeoutNanos / 2;
        this.site = site;
        this.future = future;
        this.thread = thread;
    }
}
