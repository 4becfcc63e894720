package org.patinox.memory.standard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.patinox.memory.support.PoolTexts;

/**
 * One open connection of a {@link StandardPool} and what the pool knows about it. Every field but
 * the final ones is guarded by the lock of whoever owns the slot: the lock of its stripe while it is
 * idle or being taken from one, else the pool's main lock (a borrowed slot's holder writes it on
 * return under its stripe's lock; nobody else writes it meanwhile). {@link #state} is also volatile
 * so that a returning holder can see, without a lock, that a closing pool has already destroyed the
 * connection, and so that housekeeping sees a borrow's fields. It is written with a release store
 * ({@link #setState}) rather than a volatile one: on the borrow-and-return path a volatile store
 * would be a full fence inside the lock, stalling the holder, and every thread queued behind it.
 *
 * @param <C> the type of connection
 */
final class Slot<C> {

    /** In a stripe of idle connections, free to hand out. */
    static final int IDLE = 0;
    /** Held by exactly one handle. */
    static final int BORROWED = 1;
    /** Out of the stripes while it is validated, for an acquirer or by the health check. */
    static final int CHECKING = 2;
    /** Destroyed or being destroyed; never handed out again. */
    static final int DEAD = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Slot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final C connection;
    final long createdAt;
    /**
     * The index of its own stripe, which it returns to: given at creation to the stripe with the
     * fewest open connections, so that connections spread over the stripes and a thread whose home
     * follows its connection gets that connection back.
     */
    final int stripe;
    volatile int state;
    /** When it last became idle: the clock of the idle timeout. */
    long idleSince;
    /** When it was last known good (created, returned or validated): the clock of validation on acquire. */
    long checkedAt;
    /** When the current holder took it: the clock of leak detection. */
    long borrowedAt;
    /**
     * The stack that took it, recorded only when leak detection is on, and kept until the borrow
     * ends: it marks itself once reported as a suspected leak, rather than costing the slot a flag.
     */
    PoolTexts.AcquireSite acquiredAt;
    /**
     * The thread inside the manager's {@code recycle} of it, else {@code null}: a close made from
     * there must not wait for it (see {@code StandardPool.close}). Written and read only by that
     * thread, so a plain field: the return path pays two stores, no fence and no allocation.
     */
    Thread recycler;
    /** The stripe whose idle stack holds it, or {@code null}; with the links, guarded by that stripe's lock. */
    IdleStack<C> idleIn;
    /** Its neighbours in that stack, towards the bottom (longer idle) and the top. */
    Slot<C> below;
    Slot<C> above;

    Slot(C connection, long now, int stripe) {
        this.connection = connection;
        this.createdAt = now;
        this.stripe = stripe;
        this.idleSince = now;
        this.checkedAt = now;
        this.state = CHECKING;
    }

    /** Called under the slot's owning lock, which orders the writes; see the class comment. */
    void setState(int next) {
        STATE.setRelease(this, next);
    }
}
