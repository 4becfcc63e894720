package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One open connection of a {@link LockFreePool} and the state that says who owns it. The state
 * word is the only thing threads contend on: whoever moves it by compare-and-set owns the slot
 * until it moves it on.
 *
 * <ul>
 *   <li>{@link #IDLE}: free for anyone; the only state taken by compare-and-set from the pool.
 *   <li>{@link #BORROWED}: held through a {@link Handle}; left by the holder (return, invalidate)
 *       or, once the close grace period has passed, by {@link LockFreePool#close()}.
 *   <li>{@link #RESERVED}: owned by exactly one pool thread, which is returning, validating,
 *       handing off or destroying it; nobody else moves it.
 *   <li>{@link #REMOVED}: destroyed; never leaves this state.
 * </ul>
 *
 * <p>Kept small on purpose (about 40 bytes with compressed references): it is the whole per-idle
 * cost of the pool besides one reference in the slot array.
 */
final class Slot<C> {

    static final int IDLE = 0;
    static final int BORROWED = 1;
    static final int RESERVED = 2;
    static final int REMOVED = 3;

    private static final VarHandle STATE;
    private static final VarHandle LAST_USED;
    private static final VarHandle HOLDER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Slot.class, "state", int.class);
            LAST_USED = lookup.findVarHandle(Slot.class, "lastUsedNanos", long.class);
            HOLDER = lookup.findVarHandle(Slot.class, "holder", Handle.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final C connection;
    final long createdNanos;
    /** Index in the pool's slot array; written once before the slot is published there. */
    int index;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    // Written by the owner before a release of the state (IDLE), so whoever acquires the state sees
    // it; read opaquely before that acquire by the fast path, which only ever sees it too old
    // (a later write is a later use), and errs towards validating.
    @SuppressWarnings("unused") // accessed through LAST_USED
    private long lastUsedNanos;
    // The current borrower's handle, kept only when leak detection is on; read racily by the
    // maintenance task, which checks the handle's own state before believing it.
    @SuppressWarnings("unused") // accessed through HOLDER
    private Handle<C> holder;

    /** A new slot, owned ({@link #RESERVED}) by its creator. */
    Slot(C connection, long nowNanos) {
        this.connection = connection;
        this.createdNanos = nowNanos;
        this.lastUsedNanos = nowNanos;
        STATE.set(this, RESERVED);
    }

    int state() {
        // Volatile, not merely acquire: claimIdle() reads it as its half of the Dekker handshake.
        return (int) STATE.getVolatile(this);
    }

    boolean cas(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /**
     * Moves a slot its caller owns to a new state. A volatile write, not merely a release: {@link
     * LockFreePool#release} follows a write of {@link #IDLE} with a read of the waiter queue, and the
     * pair must not be reordered (the Dekker handshake with an enqueuing waiter).
     */
    void set(int next) {
        STATE.setVolatile(this, next);
    }

    long lastUsed() {
        return (long) LAST_USED.getOpaque(this);
    }

    void lastUsed(long nowNanos) {
        LAST_USED.setOpaque(this, nowNanos);
    }

    @SuppressWarnings("unchecked") // HOLDER only ever stores a Handle<C>
    Handle<C> holder() {
        return (Handle<C>) HOLDER.getOpaque(this);
    }

    void holder(Handle<C> handle) {
        HOLDER.setOpaque(this, handle);
    }
}
