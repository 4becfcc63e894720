package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.patinox.memory.pool.PooledConnection;

/**
 * A caller waiting in a {@link LockFreePool}'s queue, asynchronous or blocking alike.
 *
 * <p>Whoever ends the wait (a hand-off, the timeout, a cancellation, close) first wins {@link
 * #settle()}, one compare-and-set, and only then completes the future. Settling first lets the
 * winner count and report before the caller wakes (a caller that reads the stats after its
 * timeout finds it counted), and tells every loser at once that it lost: a hand-off that loses
 * keeps its connection for the next waiter.
 *
 * <p>An asynchronous waiter is served by hand-off: a returning thread completes its future. A
 * blocking one takes an idle connection itself when it is {@link #trySignal() woken}; its flag keeps
 * a return from waking it again before it has looked. A blocking one is handed a connection too
 * when it was just validated or created for the waiters, or once the waiter has waited long enough
 * to be starving; it then finds itself settled, and its future completed, when it wakes.
 */
final class Waiter<C> extends CompletableFuture<PooledConnection<C>> {

    private static final VarHandle SETTLED;
    private static final VarHandle SIGNALLED;
    private static final VarHandle INTRANSIT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SETTLED = lookup.findVarHandle(Waiter.class, "settled", boolean.class);
            SIGNALLED = lookup.findVarHandle(Waiter.class, "signalled", boolean.class);
            INTRANSIT = lookup.findVarHandle(Waiter.class, "inTransit", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long startNanos;
    final long deadlineNanos;
    /** Half-way from {@link #startNanos} to {@link #deadlineNanos}: see {@link #urgent}. */
    final long urgentAt;
    /**
     * Set by the blocking waiter itself once past {@link #urgentAt}: at the head of the queue, it is
     * then handed the next connection returned even while the bound on hand-offs in transit is
     * reached, so that a queue too long for their pace still drains before its waiters time out.
     */
    volatile boolean urgent;
    /** Where the caller acquired, when leak detection is on; otherwise {@code null}. */
    final Throwable site;
    private final AtomicInteger pending;
    /** The blocking caller, parked while it waits; {@code null} for an asynchronous acquire. */
    final Thread thread;
    /** The scheduled timeout of an asynchronous acquire; blocking callers time themselves out. */
    volatile ScheduledFuture<?> timeout;
    @SuppressWarnings("unused") // accessed through SETTLED
    private volatile boolean settled;
    @SuppressWarnings("unused") // accessed through SIGNALLED
    private volatile boolean signalled;
    /**
     * Set when a return found this waiter awake and woke no one: the connection it made idle may
     * be left for the next waiter, which this one wakes once served ({@link #passOn()}).
     */
    private volatile boolean missed;
    /** Set by a return that hands this starving waiter a connection it has yet to take; see {@link #endTransit()}. */
    volatile boolean inTransit;

    /**
     * @param pending the pool's count of waiters, which this waiter leaves when it is settled
     * @param thread the blocking caller, or {@code null} for an asynchronous acquire
     */
    Waiter(long startNanos, long deadlineNanos, Throwable site, AtomicInteger pending, Thread thread) {
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.urgentAt = startNanos + (deadlineNanos - startNanos) / 2;
        this.site = site;
        this.pending = pending;
        this.thread = thread;
    }

    boolean isSettled() {
        return settled;
    }

    /**
     * Wakes a blocking waiter to look for an idle connection, unless it was woken and has not
     * looked yet.
     *
     * @return whether this woke the waiter
     */
    boolean trySignal() {
        if (!(boolean) SIGNALLED.getVolatile(this) && SIGNALLED.compareAndSet(this, false, true)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** Asks this awake waiter to wake the next once it is served: a return woke no one. */
    void markMissed() {
        if (!missed) {
            missed = true;
        }
    }

    /** @return whether this waiter was woken since it last cleared the flag */
    boolean isSignalled() {
        return (boolean) SIGNALLED.getVolatile(this);
    }

    /** @return whether a return woke no one because this waiter was woken already */
    boolean passOn() {
        return missed;
    }

    /**
     * Called by the blocking waiter before each look: a volatile write, so that a return that
     * makes a connection idle after the look reads the flag clear and wakes it.
     */
    void clearSignal() {
        SIGNALLED.setVolatile(this, false);
    }

    /** Wakes a blocking waiter unconditionally, for close. */
    void wake() {
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** @return whether this call cleared {@link #inTransit}: the pool's count drops once per hand-off */
    boolean endTransit() {
        return INTRANSIT.compareAndSet(this, true, false);
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
