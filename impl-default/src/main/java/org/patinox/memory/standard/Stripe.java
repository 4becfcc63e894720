package org.patinox.memory.standard;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One idle stripe of a {@link StandardPool}: a LIFO of idle connections behind a lock of its own,
 * so that threads borrowing from and returning to different stripes never meet on a lock. The
 * stack's top is its last element (the most recently returned, the likeliest to be warm); its
 * bottom is the longest idle, which housekeeping looks at first. Every field is guarded by
 * {@link #lock}; the pool takes it either alone (the borrow-and-return path) or while holding its
 * main lock, never the other way round.
 *
 * @param <C> the type of connection
 */
final class Stripe<C> {

    final ReentrantLock lock = new ReentrantLock();
    final ArrayDeque<Slot<C>> idle;
    /** Connections borrowed straight from this stripe, for {@code PoolStats.acquired}. */
    long acquired;

    /**
     * @param share the stripe's even share of the pool. Returns may pile more onto one stripe; its
     *     stack then grows under the stripe's lock, a copy that happens a few times in a pool's
     *     life, where sizing every stripe for the whole pool would cost each connection a
     *     reference per stripe for good.
     */
    Stripe(int share) {
        this.idle = new ArrayDeque<>(share);
    }
}
