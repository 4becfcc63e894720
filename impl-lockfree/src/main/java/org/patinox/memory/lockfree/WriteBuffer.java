package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The writes a {@link LockFreeCache} owes its maintainer: a bounded multi-producer, single-consumer
 * ring in which a writer reserves its slot <em>before</em> it changes the map and fills it after.
 * Writes are never dropped.
 *
 * <p>A writer {@linkplain #claim claims} the next index by compare-and-set on the producer index,
 * provided that fewer than {@code capacity - 1} claims are outstanding (claimed and not yet
 * consumed); the holder of the cache's eviction lock may take the last one, so its claim always
 * succeeds once the ring has been drained, and a writer that finds the ring full takes the lock and
 * writes as the holder. Having its index, the writer changes the map and then {@linkplain #fill
 * fills} the slot with the node it touched, or with a marker when it changed nothing. Because the
 * slot is reserved first, a change to the map is always covered by a slot that is outstanding until
 * the maintainer has applied it and evicted for it: at most {@link #capacity()} writes are ever
 * unaccounted for, which is the cache's overshoot bound.
 *
 * <p>The consumer (the lock holder) {@linkplain #peek peeks} at the head, applies it, and only then
 * {@linkplain #advance advances}, which frees the slot: it clears the slot and publishes the new
 * consumer index with a release store, read with acquire by claimers. A claimed slot that is not yet
 * filled holds {@code null}; the consumer sees {@link #UNFILLED} and either stops there or waits.
 *
 * <p>The fill is a volatile store and {@link #headFilled()} a volatile read, so that a writer that
 * fills and then fails to take the lock, and a holder that releases the lock and then looks at the
 * head, cannot both miss each other: one of them drains.
 */
final class WriteBuffer {

    /** What {@link #peek()} answers for a slot claimed and not yet filled. */
    static final Object UNFILLED = new Object();

    private static final int PRODUCER = 16;
    private static final int CONSUMER = 32;
    private static final VarHandle INDICES = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /** The producer and consumer indices, 128 bytes apart and from anything else. */
    private final long[] indices = new long[48];
    private final Object[] slots;
    private final int mask;

    /** @param capacity the number of slots: a power of two, 2 or more */
    WriteBuffer(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, 2 or more, but was " + capacity);
        }
        this.slots = new Object[capacity];
        this.mask = capacity - 1;
    }

    /** @return 128 slots per processor, the processors rounded up to a power of two, at most 1024 */
    static int defaultCapacity() {
        int processors = Runtime.getRuntime().availableProcessors();
        int rounded = processors <= 1 ? 1 : Integer.highestOneBit(processors - 1) << 1;
        return Math.min(1024, 128 * rounded);
    }

    /** @return the number of slots: at most this many writes are outstanding at once */
    int capacity() {
        return slots.length;
    }

    /**
     * Reserves the next slot.
     *
     * @param holder whether the caller holds the eviction lock, and may take the last slot
     * @return the slot's index, or -1 when the ring is full for this caller
     */
    long claim(boolean holder) {
        long limit = holder ? slots.length : slots.length - 1;
        for (;;) {
            // The producer index first: read the other way round, a consumer index read before
            // other claims and advances could make the ring look full when it never was.
            long producer = (long) INDICES.getVolatile(indices, PRODUCER);
            long consumer = (long) INDICES.getAcquire(indices, CONSUMER);
            if (producer - consumer >= limit) {
                return -1;
            }
            if (INDICES.compareAndSet(indices, PRODUCER, producer, producer + 1)) {
                return producer;
            }
        }
    }

    /**
     * Fills a claimed slot.
     *
     * @param index an index {@link #claim} returned
     * @param item the node written, or a marker of no change; not {@code null}
     */
    void fill(long index, Object item) {
        SLOTS.setVolatile(slots, (int) index & mask, item);
    }

    /** @return the item at the head, {@link #UNFILLED}, or {@code null} when nothing is claimed; consumer only */
    Object peek() {
        long consumer = (long) INDICES.getOpaque(indices, CONSUMER);
        if (consumer == (long) INDICES.getAcquire(indices, PRODUCER)) {
            return null;
        }
        Object item = SLOTS.getAcquire(slots, (int) consumer & mask);
        return item == null ? UNFILLED : item;
    }

    /** Frees the head slot, after its item has been applied; consumer only. */
    void advance() {
        long consumer = (long) INDICES.getOpaque(indices, CONSUMER);
        SLOTS.setOpaque(slots, (int) consumer & mask, null);
        INDICES.setRelease(indices, CONSUMER, consumer + 1);
    }

    /** @return whether the head slot is filled: whether a drain could make progress now */
    boolean headFilled() {
        long consumer = (long) INDICES.getVolatile(indices, CONSUMER);
        if (consumer == (long) INDICES.getVolatile(indices, PRODUCER)) {
            return false;
        }
        return SLOTS.getVolatile(slots, (int) consumer & mask) != null;
    }

    /** @return the claims outstanding and filled; racy, for tests of a quiet buffer */
    int filled() {
        long consumer = (long) INDICES.getVolatile(indices, CONSUMER);
        long producer = (long) INDICES.getVolatile(indices, PRODUCER);
        int filled = 0;
        for (long index = consumer; index < producer; index++) {
            if (SLOTS.getVolatile(slots, (int) index & mask) != null) {
                filled++;
            }
        }
        return filled;
    }

    /** @return the claims outstanding: filled or not, not yet consumed */
    int outstanding() {
        long consumer = (long) INDICES.getVolatile(indices, CONSUMER);
        return (int) ((long) INDICES.getVolatile(indices, PRODUCER) - consumer);
    }
}
