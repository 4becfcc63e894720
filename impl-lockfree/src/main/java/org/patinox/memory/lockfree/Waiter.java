package org.patinox.memory.lockfree;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.patinox.memory.pool.PooledConnection;

/**
 * A caller waiting in a {@link LockFreePool}'s queue, asynchronous or blocking alike. The future
 * is the waiter's whole state: completing it is the one compare-and-set that decides between a
 * hand-off, a timeout, a cancellation and the pool closing, so whoever loses that race knows at
 * once and takes its connection back (hand-off) or does nothing (the others).
 */
final class Waiter<C> extends CompletableFuture<PooledConnection<C>> {

    final long startNanos;
    final long deadlineNanos;
    /** Where the caller acquired, when leak detection is on; otherwise {@code null}. */
    final Throwable site;
    /** The scheduled timeout of an asynchronous acquire; blocking callers time themselves out. */
    volatile ScheduledFuture<?> timeout;

    Waiter(long startNanos, long deadlineNanos, Throwable site) {
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.site = site;
    }
}
