package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The reads a {@link LockFreeCache} records for its maintainer: striped, bounded and lossy, as
 * Caffeine's read buffer.
 *
 * <p>A record is the node read (or the cache's marker of an update that kept its weight, which it
 * replays in order with the reads). Each stripe is a ring of {@value #RING} slots with a head (next
 * slot the consumer reads) and a
 * tail (next slot a producer claims), both ever-increasing counts. A reader picks its stripe by a
 * hash of its thread id (no {@code ThreadLocal}, so virtual threads spread too), claims a slot by
 * compare-and-set on the tail and publishes the node into it with a release store. When the ring is
 * full, or another reader won the compare-and-set, the read is dropped: recording is a sample, and
 * a reader never waits or retries. A reader whose record brings its stripe to {@value #DRAIN_AT}
 * is told so (with its stripe), and the cache decides who drains: see {@link LockFreeCache}.
 *
 * <p>The consumer is whoever holds the cache's eviction lock. It drains each stripe from head to
 * tail, stopping at a slot claimed but not yet published (the next drain takes it), clears each slot
 * it took, and publishes the new head with a release store, which the producers read with acquire
 * before they claim a slot.
 *
 * <p>The tails count every record that won its slot, and are never reset: the cache counts its
 * hits as the sum of the tails plus the hits it dropped, so that a hit costs the read path no
 * counter of its own.
 *
 * <p>Layout: the heads and tails live in one {@code long[]} sixteen longs (128 bytes) apart, and
 * the rings in one {@code Object[]} with a gap of {@value #GAP} references between two stripes, so
 * that readers on different stripes do not write to the same cache line.
 */
final class ReadBuffer {

    /** Slots per stripe; a power of two. */
    static final int RING = 64;
    /** Records in a stripe at which its reader tries to drain. */
    static final int DRAIN_AT = RING / 2;

    /** The read was recorded. */
    static final int RECORDED = 0;
    /** The read was recorded, and its stripe is worth draining now. */
    static final int RECORDED_DRAIN = 1;
    /** The read was dropped: the stripe is full. */
    static final int FULL = 2;
    /** The read was dropped: another reader claimed the slot first. */
    static final int CONTENDED = 3;
    /** The bits of {@link #offer}'s answer that hold the outcome; the stripe is above them. */
    static final int OUTCOME_MASK = 3;
    /** The shift of the stripe in {@link #offer}'s answer. */
    static final int STRIPE_SHIFT = 2;

    private static final int RING_MASK = RING - 1;
    private static final int GAP = 16;
    private static final int SLOT_STRIDE = RING + GAP;
    private static final int COUNTER_STRIDE = 16;
    private static final long PHI = 0x9E3779B97F4A7C15L;

    private static final VarHandle COUNTERS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    private final int stripes;
    private final int stripeMask;
    /** Stripe {@code i}'s head at {@code (2i + 1) * 16}, its tail at {@code (2i + 2) * 16}. */
    private final long[] counters;
    /** Stripe {@code i}'s ring from {@code i * SLOT_STRIDE + GAP}. */
    private final Object[] slots;

    /** @param stripes the number of stripes; a power of two, 1 or more */
    ReadBuffer(int stripes) {
        if (stripes < 1 || Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, but was " + stripes);
        }
        this.stripes = stripes;
        this.stripeMask = stripes - 1;
        this.counters = new long[(2 * stripes + 2) * COUNTER_STRIDE];
        this.slots = new Object[stripes * SLOT_STRIDE + GAP];
    }

    /** @return four stripes per processor, rounded up to a power of two, at most 64 */
    static int defaultStripes() {
        int processors = Runtime.getRuntime().availableProcessors();
        return Math.min(64, Integer.highestOneBit(Math.max(1, processors * 4 - 1)) << 1);
    }

    /** @return the number of stripes */
    int stripes() {
        return stripes;
    }

    private static int head(int stripe) {
        return (2 * stripe + 1) * COUNTER_STRIDE;
    }

    private static int tail(int stripe) {
        return (2 * stripe + 2) * COUNTER_STRIDE;
    }

    /** @return the stripe of the calling thread */
    int stripe() {
        long id = Thread.currentThread().threadId();
        return (int) ((id * PHI) >>> 32) & stripeMask;
    }

    /**
     * Records a read of the node, from any thread.
     *
     * @param node what was read
     * @return {@link #RECORDED}, or, with the stripe's number shifted left by {@link #STRIPE_SHIFT},
     *     {@link #RECORDED_DRAIN}, {@link #FULL} or {@link #CONTENDED}
     */
    int offer(Object node) {
        int stripe = stripe();
        int tailAt = tail(stripe);
        long head = (long) COUNTERS.getAcquire(counters, head(stripe));
        long tail = (long) COUNTERS.getOpaque(counters, tailAt);
        long size = tail - head;
        if (size >= RING) {
            return stripe << STRIPE_SHIFT | FULL;
        }
        if (!COUNTERS.compareAndSet(counters, tailAt, tail, tail + 1)) {
            return stripe << STRIPE_SHIFT | CONTENDED;
        }
        SLOTS.setRelease(slots, stripe * SLOT_STRIDE + GAP + ((int) tail & RING_MASK), node);
        return size + 1 >= DRAIN_AT ? stripe << STRIPE_SHIFT | RECORDED_DRAIN : RECORDED;
    }

    /**
     * Hands every published record to the consumer, stripe by stripe, in each stripe in the order
     * recorded; only the holder of the cache's eviction lock calls this.
     *
     * @param consumer told of each node read
     */
    void drain(Consumer<Object> consumer) {
        for (int stripe = 0; stripe < stripes; stripe++) {
            drain(stripe, consumer);
        }
    }

    /**
     * Hands one stripe's published records to the consumer, in the order recorded; only the holder
     * of the cache's eviction lock calls this.
     *
     * @param stripe the stripe, as {@link #offer} answered it
     * @param consumer told of each node read
     */
    void drain(int stripe, Consumer<Object> consumer) {
        int headAt = head(stripe);
        long head = (long) COUNTERS.getOpaque(counters, headAt);
        long tail = (long) COUNTERS.getAcquire(counters, tail(stripe));
        if (head == tail) {
            return;
        }
        int base = stripe * SLOT_STRIDE + GAP;
        try {
            while (head != tail) {
                int at = base + ((int) head & RING_MASK);
                Object node = SLOTS.getAcquire(slots, at);
                if (node == null) {
                    break; // claimed, not yet published
                }
                SLOTS.setOpaque(slots, at, null);
                head++;
                consumer.accept(node);
            }
        } finally {
            COUNTERS.setRelease(counters, headAt, head);
        }
    }

    /** Forgets every record; only the holder of the eviction lock calls this. */
    void clear() {
        drain(node -> { });
    }

    /** @return the reads recorded since the buffer was made, dropped ones not included */
    long recorded() {
        long sum = 0;
        for (int stripe = 0; stripe < stripes; stripe++) {
            sum += (long) COUNTERS.getVolatile(counters, tail(stripe));
        }
        return sum;
    }
}
