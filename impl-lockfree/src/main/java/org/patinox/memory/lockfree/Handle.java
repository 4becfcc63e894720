package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.patinox.memory.pool.PooledConnection;

/**
 * One borrow of a {@link Slot}: a fresh handle per hand-out, so that a stale handle from an earlier
 * borrow can never return or use the connection a later holder has. Ending it (close or
 * invalidate) is a compare-and-set, so it happens once however many threads try.
 */
final class Handle<C> implements PooledConnection<C> {

    private static final VarHandle ENDED;
    private static final VarHandle LEAK_REPORTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENDED = lookup.findVarHandle(Handle.class, "ended", boolean.class);
            LEAK_REPORTED = lookup.findVarHandle(Handle.class, "leakReported", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LockFreePool<C> pool;
    final Slot<C> slot;
    /** Where the connection was acquired, when leak detection is on; otherwise {@code null}. */
    final Throwable site;
    /** When the handle was handed out, when leak detection is on; otherwise 0. */
    final long borrowedNanos;
    private volatile boolean ended;
    @SuppressWarnings("unused") // accessed through LEAK_REPORTED
    private volatile boolean leakReported;

    Handle(LockFreePool<C> pool, Slot<C> slot, Throwable site, long borrowedNanos) {
        this.pool = pool;
        this.slot = slot;
        this.site = site;
        this.borrowedNanos = borrowedNanos;
    }

    @Override
    public C get() {
        if (ended) {
            throw new IllegalStateException("This connection of pool " + pool.name()
                    + " has been returned or invalidated; acquire another");
        }
        return slot.connection;
    }

    @Override
    public void close() {
        if (ENDED.compareAndSet(this, false, true)) {
            pool.returned(slot);
        }
    }

    @Override
    public void invalidate() {
        if (ENDED.compareAndSet(this, false, true)) {
            pool.invalidated(slot);
        }
    }

    /** Gives the connection back without recycling it: the caller never used it. */
    void giveBackUnused() {
        if (ENDED.compareAndSet(this, false, true)) {
            pool.returnedUnused(slot);
        }
    }

    boolean isEnded() {
        return ended;
    }

    /** @return {@code true} the first time only, so that a leak is reported once per borrow */
    boolean markLeakReported() {
        return LEAK_REPORTED.compareAndSet(this, false, true);
    }

    @Override
    public String toString() {
        return "PooledConnection[" + pool.name() + (ended ? ", ended]" : ", " + slot.connection + "]");
    }
}
