package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.patinox.memory.cache.CacheEntry;

/**
 * One entry of a {@link LockFreeCache}: the value of the {@link java.util.concurrent.ConcurrentHashMap}
 * the cache keeps, and the {@link CacheEntry} its strategy sees.
 *
 * <h2>Who writes what</h2>
 * <ul>
 *   <li>{@link #key} is final. {@link #value} and {@link #weight} are written by the writer that
 *       holds the key's bin lock (inside {@code ConcurrentHashMap.compute}); {@code value} is
 *       volatile for the readers, {@code weight} is read only by the maintainer, after the write
 *       buffer has handed it the node (a later writer's weight is seen then or at its own turn).
 *   <li>{@link #policyWeight}, the strategy's links, mark and state are the maintainer's alone (the
 *       thread holding the cache's eviction lock), so they are plain fields.
 *   <li>{@link #life} is the node's state word, changed only by atomic read-modify-write: a writer
 *       or the maintainer sets {@link #RETIRED} when it takes the node out of the map (under the
 *       bin lock, so the map and the word agree for anyone who takes that lock); the maintainer
 *       sets {@link #IN_POLICY} when it tells the strategy {@code onInsert} and {@link #DEAD} when
 *       it is done with the node. Every decision about a buffered write or read reads this word
 *       rather than trusting the order of the buffers.
 * </ul>
 *
 * <p>The node is abstract only so that a cache that keeps no timestamps ({@link Untimed}) does not
 * pay 16 bytes per entry for the two {@code long}s of {@link Timed}. With compressed references
 * an {@code Untimed} node is 48 bytes (12 of header, five references, four {@code int}s) and a
 * {@code Timed} one 64.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
abstract class Node<K, V> implements CacheEntry<K, V> {

    /** The strategy was told {@code onInsert} (and, unless {@link #DEAD}, not yet {@code onRemove}). */
    static final int IN_POLICY = 1;
    /** The node is out of the map. */
    static final int RETIRED = 2;
    /** The maintainer is done with the node: the strategy no longer holds it, or never will. */
    static final int DEAD = 4;

    private static final VarHandle LIFE;

    static {
        try {
            LIFE = MethodHandles.lookup().findVarHandle(Node.class, "life", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final K key;
    volatile V value;
    /** The weigher's weight of {@link #value}: the writer's view. */
    int weight;
    /** The weight the maintainer has counted for this node and the strategy sees: the policy's view. */
    int policyWeight;
    @SuppressWarnings("unused") // through LIFE
    private int life;
    private int mark;
    private CacheEntry<K, V> previous;
    private CacheEntry<K, V> next;
    private Object state;

    Node(K key, V value, int weight) {
        this.key = key;
        this.value = value;
        this.weight = weight;
        this.policyWeight = weight;
    }

    /** @return the state word: a combination of {@link #IN_POLICY}, {@link #RETIRED} and {@link #DEAD} */
    final int life() {
        return (int) LIFE.getAcquire(this);
    }

    /**
     * Marks the node out of the map; called by whoever removes it, under its bin lock.
     *
     * @return whether this call retired it
     */
    final boolean retire() {
        return ((int) LIFE.getAndBitwiseOr(this, RETIRED) & RETIRED) == 0;
    }

    /** @return whether the node, neither retired nor known to the strategy, now is known to it */
    final boolean enterPolicy() {
        return LIFE.compareAndSet(this, 0, IN_POLICY);
    }

    /** Marks the node as finished with: buffered writes and reads of it are ignored from now on. */
    final void die() {
        LIFE.getAndBitwiseOr(this, DEAD);
    }

    /** Replaces the value, under the key's bin lock. */
    final void write(V newValue, int newWeight, long now) {
        value = newValue;
        weight = newWeight;
        written(now);
    }

    /** Records a write at {@code now}, when the node keeps timestamps. */
    abstract void written(long now);

    /** Records a read at {@code now}, when the node keeps timestamps. */
    abstract void accessed(long now);

    @Override
    public final K key() {
        return key;
    }

    @Override
    public final V value() {
        return value;
    }

    /** @return the weight the strategy has been told of: it changes at {@code onInsert} and {@code onUpdate} */
    @Override
    public final int weight() {
        return policyWeight;
    }

    @Override
    public final CacheEntry<K, V> previous() {
        return previous;
    }

    @Override
    public final void previous(CacheEntry<K, V> entry) {
        previous = entry;
    }

    @Override
    public final CacheEntry<K, V> next() {
        return next;
    }

    @Override
    public final void next(CacheEntry<K, V> entry) {
        next = entry;
    }

    @Override
    public final int mark() {
        return mark;
    }

    @Override
    public final void mark(int value) {
        mark = value;
    }

    @Override
    public final Object state() {
        return state;
    }

    @Override
    public final void state(Object value) {
        state = value;
    }

    @Override
    public final String toString() {
        return "Node[" + key + ", weight " + policyWeight + ", life " + life() + "]";
    }

    /**
     * A node of a cache that keeps no timestamps: both read 0.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    static final class Untimed<K, V> extends Node<K, V> {

        Untimed(K key, V value, int weight) {
            super(key, value, weight);
        }

        @Override
        void written(long now) {
        }

        @Override
        void accessed(long now) {
        }

        @Override
        public long writeTime() {
            return 0;
        }

        @Override
        public long accessTime() {
            return 0;
        }
    }

    /**
     * A node with its write and access times, in ticker nanoseconds. Both are written and read
     * opaquely: a reader may race with a writer or another reader and see either time, never a torn
     * one, and every use tolerates a slightly stale time.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    static final class Timed<K, V> extends Node<K, V> {

        private static final VarHandle WRITE_TIME;
        private static final VarHandle ACCESS_TIME;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                WRITE_TIME = lookup.findVarHandle(Timed.class, "writeTime", long.class);
                ACCESS_TIME = lookup.findVarHandle(Timed.class, "accessTime", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused") // through WRITE_TIME
        private long writeTime;
        @SuppressWarnings("unused") // through ACCESS_TIME
        private long accessTime;

        Timed(K key, V value, int weight, long now) {
            super(key, value, weight);
            WRITE_TIME.set(this, now);
            ACCESS_TIME.set(this, now);
        }

        @Override
        void written(long now) {
            WRITE_TIME.setOpaque(this, now);
            ACCESS_TIME.setOpaque(this, now);
        }

        @Override
        void accessed(long now) {
            ACCESS_TIME.setOpaque(this, now);
        }

        @Override
        public long writeTime() {
            return (long) WRITE_TIME.getOpaque(this);
        }

        @Override
        public long accessTime() {
            return (long) ACCESS_TIME.getOpaque(this);
        }
    }
}
