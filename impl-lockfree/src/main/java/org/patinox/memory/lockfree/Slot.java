package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One open connection of a {@link LockFreePool} and the state that says who owns it. The state
 * word is the only thing threads contend on: whoever moves it by compare-and-set owns the slot
 * until it moves it on.
 *
 * <p>The word's two low bits are the state, the rest the number of borrows so far, counted on
 * every move to {@link #BORROWED}. A {@link Handle} keeps the word its borrow began with as its
 * stamp: it is the holder's for as long as the word is unchanged, so ending it is one
 * compare-and-set from the stamp, which fails for a second close and for a stale handle of an
 * earlier borrow alike. At one borrow a nanosecond the count would last three centuries.
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
 * <p>Kept small on purpose, and exactly 64 bytes with compressed references (a 12-byte header, two
 * references of 4, three longs and two of padding): with its 4-byte reference in the slot array it
 * is the whole per-idle cost of the pool, about 68 bytes. The padding is there for the hot path: two
 * slots side by side in memory (as a collection copies them) then have their words 64 bytes apart,
 * never on one cache line, so that threads cycling different connections on different processors
 * do not invalidate each other's line at every compare-and-set (false sharing).
 */
final class Slot<C> {

    static final int IDLE = 0;
    static final int BORROWED = 1;
    static final int RESERVED = 2;
    static final int REMOVED = 3;
    private static final long KIND = 3L;
    private static final long ONE_BORROW = 4L;

    private static final VarHandle WORD;
    private static final VarHandle LAST_USED;
    private static final VarHandle HOLDER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WORD = lookup.findVarHandle(Slot.class, "word", long.class);
            LAST_USED = lookup.findVarHandle(Slot.class, "lastUsedNanos", long.class);
            HOLDER = lookup.findVarHandle(Slot.class, "holder", Handle.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final C connection;
    final long createdNanos;
    @SuppressWarnings("unused") // accessed through WORD
    private volatile long word;
    // Written by the owner before a release of the state (IDLE), so whoever acquires the state sees
    // it; read opaquely before that acquire by the fast path, which only ever sees it too old
    // (a later write is a later use), and errs towards validating.
    @SuppressWarnings("unused") // accessed through LAST_USED
    private long lastUsedNanos;
    // The current borrower's handle, kept only when leak detection is on; read racily by the
    // maintenance task, which checks the handle's own state before believing it.
    @SuppressWarnings("unused") // accessed through HOLDER
    private Handle<C> holder;
    /**
     * The thread inside the manager's {@code recycle} of it, else {@code null}: a close made from
     * there must not wait for it (see {@code LockFreePool.close}). Written and read only by that
     * thread, so a plain field: the return path pays two stores, no fence and no allocation.
     */
    Thread recycler;
    // Padding to 64 bytes (with compressed references); see the class comment.
    @SuppressWarnings("unused")
    private long pad1;
    @SuppressWarnings("unused")
    private long pad2;

    /** A new slot, owned ({@link #RESERVED}) by its creator. */
    Slot(C connection, long nowNanos) {
        this.connection = connection;
        this.createdNanos = nowNanos;
        this.lastUsedNanos = nowNanos;
        WORD.set(this, (long) RESERVED);
    }

    /** @return the state of a word: {@link #IDLE}, {@link #BORROWED}, {@link #RESERVED} or {@link #REMOVED} */
    static int kind(long word) {
        return (int) (word & KIND);
    }

    /** @return the word after a move to {@code kind}, with one more borrow if that is {@link #BORROWED} */
    static long next(long word, int kind) {
        return (word & ~KIND) + (kind == BORROWED ? ONE_BORROW : 0) | kind;
    }

    /** @return how many times a slot with this word has been borrowed */
    static long borrows(long word) {
        return word >>> 2;
    }

    long word() {
        // Volatile, not merely acquire: claimIdle() reads it as its half of the Dekker handshake.
        return (long) WORD.getVolatile(this);
    }

    int state() {
        return kind(word());
    }

    boolean cas(long expected, long next) {
        return WORD.compareAndSet(this, expected, next);
    }

    /**
     * Takes the slot from {@code kind} to {@code next} if it is there.
     *
     * @return the new word, or -1 if the slot was not in state {@code kind}
     */
    long move(int kind, int next) {
        long w = word();
        if (kind(w) == kind) {
            long n = next(w, next);
            if (WORD.compareAndSet(this, w, n)) {
                return n;
            }
        }
        return -1L;
    }

    /**
     * Moves a slot its caller owns to a new state. A volatile write, not merely a release: {@link
     * LockFreePool#release} follows a write of {@link #IDLE} with a read of the waiter queue, and the
     * pair must not be reordered (the Dekker handshake with an enqueuing waiter).
     *
     * @return the new word
     */
    long set(int next) {
        // Nobody else moves an owned slot, so the word read is the owner's own last one.
        long n = next(word(), next);
        WORD.setVolatile(this, n);
        return n;
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
