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
 * slot the consumer reads) and a tail (next slot a producer claims), both ever-increasing counts.
 * A reader claims a slot of its stripe by compare-and-set on the tail and publishes the node into
 * it with a release store. When the ring is full, or another reader won the compare-and-set twice
 * (on the reader's stripe and on the next one), the read is dropped: recording is a sample, and a
 * reader never waits. A reader whose record fills its stripe is told so, and the cache asks for a
 * drain: see {@link LockFreeCache}.
 *
 * <p>A reader's stripe is a hash of its thread id (no {@code ThreadLocal}, so that virtual threads
 * spread too) plus an offset kept in a small table under that hash; a reader that loses the
 * compare-and-set moves the offset on, so that two threads that keep colliding part, as
 * Caffeine's readers rehash their probe.
 *
 * <p>The consumer is whoever holds the cache's eviction lock. It drains each stripe from head to
 * tail, stopping at a slot claimed but not yet published (the next drain takes it), clears each slot
 * it took, and publishes the new head with a release store, which the producers read with acquire
 * before they claim a slot.
 *
 * <p>Every offer is counted, recorded or dropped: the tails count the records and are never reset,
 * and each stripe counts its drops. The cache counts its hits from {@link #offered()}, so that a
 * hit costs the read path no counter of its own.
 *
 * <p>Layout: the heads, tails and drop counts live in one {@code long[]} sixteen longs (128 bytes)
 * apart, and the rings in one {@code Object[]} with a gap of {@value #GAP} references between two
 * stripes, so that readers on different stripes do not write to the same cache line, and the
 * consumer, which reads a tail and writes a head per drain, never touches the line of a drop count
 * that a dropping reader increments on every read.
 */
final class ReadBuffer {

    /** Slots per stripe; a power of two. */
    static final int RING = 128;

    /** The read was recorded. */
    static final int RECORDED = 0;
    /** The read was recorded, and filled its stripe: it is worth draining now. */
    static final int RECORDED_DRAIN = 1;
    /** The read was dropped: the stripe is full. */
    static final int FULL = 2;
    /** The read was dropped: other readers claimed the slots first. */
    static final int CONTENDED = 3;

    private static final int RING_MASK = RING - 1;
    private static final int GAP = 16;
    private static final int SLOT_STRIDE = RING + GAP;
    private static final int COUNTER_STRIDE = 16;
    /** Offsets kept per thread hash; a power of two. */
    private static final int HOMES = 64;
    private static final long PHI = 0x9E3779B97F4A7C15L;

    private static final VarHandle COUNTERS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    private final int stripes;
    private final int stripeMask;
    /**
     * Stripe {@code i}'s head at {@code (3i + 1) * 16}, its tail at {@code (3i + 2) * 16}, its drop
     * count at {@code (3i + 3) * 16}.
     */
    private final long[] counters;
    /** Stripe {@code i}'s ring from {@code i * SLOT_STRIDE + GAP}. */
    private final Object[] slots;
    /** Per thread hash, how far its threads moved from their first stripe; written racily, as a hint. */
    private final int[] offsets = new int[HOMES];

    /** Whether drops are counted, so that {@link #offered()} counts every offer. */
    private final boolean countDrops;

    /** @param stripes the number of stripes; a power of two, 1 or more */
    ReadBuffer(int stripes) {
        this(stripes, true);
    }

    /**
     * @param stripes the number of stripes; a power of two, 1 or more
     * @param countDrops whether to count the reads dropped; if not, a dropped read costs no write
     *     and {@link #offered()} counts the records only
     */
    ReadBuffer(int stripes, boolean countDrops) {
        if (stripes < 1 || Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, but was " + stripes);
        }
        this.stripes = stripes;
        this.countDrops = countDrops;
        this.stripeMask = stripes - 1;
        this.counters = new long[(3 * stripes + 2) * COUNTER_STRIDE];
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
        return (3 * stripe + 1) * COUNTER_STRIDE;
    }

    private static int tail(int stripe) {
        return (3 * stripe + 2) * COUNTER_STRIDE;
    }

    private static int dropped(int stripe) {
        return (3 * stripe + 3) * COUNTER_STRIDE;
    }

    private static long hash() {
        return Thread.currentThread().threadId() * PHI;
    }

    private static int home(long hash) {
        return (int) (hash >>> 58) & (HOMES - 1);
    }

    private int stripe(long hash) {
        return ((int) (hash >>> 52) + offsets[home(hash)]) & stripeMask;
    }

    /** @return the stripe of the calling thread */
    int stripe() {
        return stripe(hash());
    }

    /**
     * Records a read of the node, from any thread.
     *
     * @param node what was read
     * @return {@link #RECORDED}, {@link #RECORDED_DRAIN}, {@link #FULL} or {@link #CONTENDED}
     */
    int offer(Object node) {
        long hash = hash();
        int stripe = stripe(hash);
        int answer = offer(stripe, node);
        if (answer != CONTENDED) {
            return answer;
        }
        offsets[home(hash)]++; // keep away from whoever won this stripe; the neighbour takes this read
        answer = offer((stripe + 1) & stripeMask, node);
        if (answer == CONTENDED) {
            countDrop(stripe);
        }
        return answer;
    }

    private void countDrop(int stripe) {
        if (countDrops) {
            COUNTERS.getAndAdd(counters, dropped(stripe), 1L);
        }
    }

    private int offer(int stripe, Object node) {
        int tailAt = tail(stripe);
        long head = (long) COUNTERS.getAcquire(counters, head(stripe));
        long tail = (long) COUNTERS.getOpaque(counters, tailAt);
        long size = tail - head;
        if (size >= RING) {
            countDrop(stripe);
            return FULL;
        }
        if (!COUNTERS.compareAndSet(counters, tailAt, tail, tail + 1)) {
            return CONTENDED;
        }
        SLOTS.setRelease(slots, stripe * SLOT_STRIDE + GAP + ((int) tail & RING_MASK), node);
        return size + 1 < RING ? RECORDED : RECORDED_DRAIN;
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

    /** @return the offers since the buffer was made, recorded or (if counted) dropped */
    long offered() {
        long sum = 0;
        for (int stripe = 0; stripe < stripes; stripe++) {
            sum += (long) COUNTERS.getVolatile(counters, tail(stripe))
                    + (long) COUNTERS.getVolatile(counters, dropped(stripe));
        }
        return sum;
    }
}
