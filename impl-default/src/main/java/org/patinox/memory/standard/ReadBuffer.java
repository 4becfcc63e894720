package org.patinox.memory.standard;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The reads of a {@link StandardCache}, and its puts in place, waiting to be told to its strategy:
 * a few stripes, each a fixed ring of {@value #RING} slots that readers fill without a lock and
 * the holder of the cache's lock empties, in the order each ring was filled. Lossy: a read offered
 * to a full ring, or beaten to its slot by another reader of the same stripe, is dropped, as in
 * Caffeine's read buffers, so that a reader never waits and never allocates.
 *
 * <p>A thread's stripe is the low bits of its {@linkplain Thread#threadId() id}: ids are handed out
 * in sequence, so threads started together land on different stripes, which a mixing hash would
 * not promise; no {@code ThreadLocal} is needed. One thread therefore always offers to the same
 * ring, and its reads come out in the order it made them.
 *
 * <p>Each stripe has a tail, advanced by readers with a compare-and-set, and a head, advanced only
 * by the drainer, which must hold the cache's lock; a slot is published with a release store after
 * its tail is claimed, and emptied before the head moves past it. The two counters of a stripe sit
 * in one 128-byte span of {@link #counters}, apart from every other stripe's, so that readers on
 * different stripes do not share a cache line.
 *
 * @param <E> the type of what is read
 */
final class ReadBuffer<E> {

    /**
     * Slots per stripe, a power of two. Measured against 16 and 32 (CacheAccess.read, 2 threads on
     * 2 cores): a drain at half of 64 hands the lock and the strategy's structures between cores
     * half as often as at 32, and the other thread's ring has room to take its reads meanwhile.
     */
    static final int RING = 64;
    /** A reader that leaves this many reads in its ring asks for a drain, while half the ring is still free. */
    static final int DRAIN_AT = RING / 2;
    /** What {@link #offer} answers when the ring is full: more than any count of reads it holds. */
    static final int FULL = RING + 1;
    /** At most this many stripes, so that a cache on a large machine costs at most 12 KiB of buffer. */
    static final int MAX_STRIPES = 32;
    private static final int MASK = RING - 1;
    /** Longs from one stripe's counters to the next: 128 bytes, two cache lines. */
    private static final int SPAN = 16;
    private static final int HEAD = 1;

    private final int stripeMask;
    private final AtomicReferenceArray<E> slots;
    /** Per stripe at {@code stripe * SPAN}: the tail, then the head. */
    private final AtomicLongArray counters;

    /** A buffer of the smallest power of two of stripes at least twice the available processors. */
    ReadBuffer() {
        this(Math.min(MAX_STRIPES, Integer.highestOneBit(Math.max(1, 2 * Runtime.getRuntime().availableProcessors() - 1)) << 1));
    }

    /** @param stripes the number of stripes, a power of two */
    ReadBuffer(int stripes) {
        if (stripes <= 0 || Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, not " + stripes);
        }
        this.stripeMask = stripes - 1;
        this.slots = new AtomicReferenceArray<>(stripes * RING);
        this.counters = new AtomicLongArray(stripes * SPAN);
    }

    int stripes() {
        return stripeMask + 1;
    }

    /**
     * Offers a read to the calling thread's stripe; never blocks.
     *
     * @return how many reads the stripe holds with this one (1 to {@link #RING}); {@link #FULL} when
     *     the read was dropped because the ring is full, so that a drain is due; {@code 0} when it
     *     was dropped because another reader of the stripe claimed the slot first
     */
    int offer(E read) {
        int stripe = (int) Thread.currentThread().threadId() & stripeMask;
        int at = stripe * SPAN;
        long head = counters.getAcquire(at + HEAD);
        long tail = counters.get(at);
        long size = tail - head;
        if (size >= RING) {
            return FULL;
        }
        if (!counters.compareAndSet(at, tail, tail + 1)) {
            return 0;
        }
        slots.setRelease(stripe * RING + (int) (tail & MASK), read);
        return (int) size + 1;
    }

    /**
     * Under the cache's lock: hands every published read to the consumer, stripe by stripe, each
     * stripe in the order it was filled. A slot claimed but not yet published ends its stripe's
     * drain; the next drain takes it.
     */
    void drainTo(Consumer<? super E> consumer) {
        for (int stripe = 0; stripe <= stripeMask; stripe++) {
            int at = stripe * SPAN;
            long head = counters.getPlain(at + HEAD);
            long tail = counters.getAcquire(at);
            if (head == tail) {
                continue;
            }
            int base = stripe * RING;
            try {
                while (head != tail) {
                    int slot = base + (int) (head & MASK);
                    E read = slots.getAcquire(slot);
                    if (read == null) {
                        break;
                    }
                    slots.setPlain(slot, null);
                    head++;
                    consumer.accept(read);
                }
            } finally {
                // Release: a reader that sees the new head also sees the slots emptied before it.
                counters.setRelease(at + HEAD, head);
            }
        }
    }
}
