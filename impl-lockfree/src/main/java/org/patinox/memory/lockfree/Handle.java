package org.patinox.memory.lockfree;

import org.patinox.memory.pool.PooledConnection;

/**
 * One borrow of a {@link Slot}: a fresh handle per hand-out, so that a stale handle from an earlier
 * borrow can never return or use the connection a later holder has. The handle is live while its
 * slot's word is still the {@link #stamp} it was handed out with (see {@link Slot}); ending it
 * (close or invalidate) is the slot's compare-and-set away from that word, so it happens once
 * however many threads try, and costs no second atomic of its own.
 */
final class Handle<C> implements PooledConnection<C> {

    private final LockFreePool<C> pool;
    final Slot<C> slot;
    /** The slot's word when this borrow began: {@link Slot#BORROWED} and its count of borrows. */
    final long stamp;
    /** Where and when the borrow began, when leak detection is on; otherwise {@code null}. */
    final LeakWatch leak;
    /**
     * Whether the holder ended the borrow (close or invalidate), so that {@link #get()} can tell it
     * from the pool's close taking the connection away; read for that message only.
     */
    private boolean endedByHolder;

    Handle(LockFreePool<C> pool, Slot<C> slot, long stamp, LeakWatch leak) {
        this.pool = pool;
        this.slot = slot;
        this.stamp = stamp;
        this.leak = leak;
    }

    @Override
    public C get() {
        if (isEnded()) {
            throw new IllegalStateException(!endedByHolder && pool.isClosed()
                    ? org.patinox.memory.support.PoolTexts.handleDestroyedAtClose(pool.name())
                    : org.patinox.memory.support.PoolTexts.handleEnded(pool.name()));
        }
        return slot.connection;
    }

    @Override
    public void close() {
        endedByHolder = true;
        pool.returned(slot, stamp);
    }

    @Override
    public void invalidate() {
        endedByHolder = true;
        pool.invalidated(slot, stamp);
    }

    /** Gives the connection back without recycling it: the caller never used it. */
    void giveBackUnused() {
        pool.returnedUnused(slot, stamp);
    }

    boolean isEnded() {
        return slot.word() != stamp;
    }

    @Override
    public String toString() {
        return "PooledConnection[" + pool.name() + (isEnded() ? ", ended]" : ", " + slot.connection + "]");
    }
}
