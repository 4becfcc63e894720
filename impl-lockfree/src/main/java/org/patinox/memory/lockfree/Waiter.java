package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.patinox.memory.pool.PooledConnection;

/**
 * A caller waiting in a {@link LockFreePool}'s queue, asynchronous or blocking alike.
 *
 * <p>Whoever ends the wait (a hand-off, the timeout, a cancellation, close) first wins {@link
 * #settle()}, one compare-and-set, and only then completes the future. Settling first lets the
 * winner count and report before the caller wakes (a caller that reads the stats after its
 * timeout finds it counted), and tells every loser at once that it lost: a hand-off that loses
 * keeps its connection for the next waiter.
 */
final class Waiter<C> extends CompletableFuture<PooledConnection<C>> {

    private static final VarHandle SETTLED;

    static {
        try {
            SETTLED = MethodHandles.lookup().findVarHandle(Waiter.class, "settled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long startNanos;
    final long deadlineNanos;
    /** Where the caller acquired, when leak detection is on; otherwise {@code null}. */
    final Throwable site;
    private final AtomicInteger pending;
    /** The scheduled timeout of an asynchronous acquire; blocking callers time themselves out. */
    volatile ScheduledFuture<?> timeout;
    @SuppressWarnings("unused") // accessed through SETTLED
    private volatile boolean settled;

    /**
     * @param pending the pool's count of waiters, which this waiter leaves when it is settled
     */
    Waiter(long startNanos, long deadlineNanos, Throwable site, AtomicInteger pending) {
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.site = site;
        this.pending = pending;
    }

    /** @return {@code true} for the one caller that ends this wait */
    boolean settle() {
        if (SETTLED.compareAndSet(this, false, true)) {
            pending.decrementAndGet();
            return true;
        }
        return false;
    }

    /** Cancels the wait, unless something else already ended it: a hand-off in progress wins. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return settle() && super.cancel(mayInterruptIfRunning);
    }
}
