package org.patinox.memory.standard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.patinox.memory.pool.PooledConnection;

/**
 * One borrow of a connection. The only object the fast path allocates: the end-of-borrow flag is
 * a field flipped through a {@link VarHandle} rather than an {@code AtomicBoolean}.
 *
 * @param <C> the type of connection
 */
final class Handle<C> implements PooledConnection<C> {

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(Handle.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StandardPool<C> pool;
    private final Slot<C> slot;
    private volatile boolean ended;

    Handle(StandardPool<C> pool, Slot<C> slot) {
        this.pool = pool;
        this.slot = slot;
    }

    @Override
    public C get() {
        if (ended) {
            throw new IllegalStateException(org.patinox.memory.support.PoolTexts.handleEnded(pool.name()));
        }
        // Only a close past its grace period destroys a connection still borrowed.
        if (slot.state == Slot.DEAD) {
            throw new IllegalStateException(org.patinox.memory.support.PoolTexts.handleDestroyedAtClose(pool.name()));
        }
        return slot.connection;
    }

    @Override
    public void invalidate() {
        // The compare-and-set makes close and invalidate, from any threads, end the borrow exactly once.
        if (ENDED.compareAndSet(this, false, true)) {
            pool.invalidate(slot);
        }
    }

    @Override
    public void close() {
        if (ENDED.compareAndSet(this, false, true)) {
            pool.release(slot);
        }
    }

    @Override
    public String toString() {
        return "PooledConnection[pool=" + pool.name() + (ended ? ", ended]" : ", " + slot.connection + "]");
    }
}
