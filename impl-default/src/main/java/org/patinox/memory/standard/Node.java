package org.patinox.memory.standard;

import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.support.TimerWheel;

/**
 * One entry of a {@link StandardCache}: the map's value and, through its links, mark and state, the
 * strategy's node too, so that an entry costs one object besides the map's own.
 *
 * <p>Everything but {@link #value} is read and written under the cache's lock. The value is
 * volatile because reads take it without the lock; the cache replaces it in place on update. The
 * value and the weight are also written under the node's own monitor, where a {@code put} that
 * replaces the value without the cache's lock reads the weight's sign ({@link #alive()}).
 * Whether the entry is still in the cache is kept in the sign of {@link #weight}: a negative weight
 * is the complement of the weight of an entry that left, so that the flag costs no field: with the
 * key, the value and the strategy's four fields the node is seven 4-byte slots, 40 bytes with
 * compressed references, where a separate flag would round it up to 48. With the map's own node of
 * 32 bytes an entry costs 72 bytes, 8 more than in Caffeine's cache of the same kind ({@code
 * PSMS}); a {@link Timed} node costs 72: its timestamps, its deadline and its two links in the
 * cache's {@link TimerWheel}, where Caffeine's nodes with variable expiry
 * hold a time and the same two links.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
abstract sealed class Node<K, V> implements CacheEntry<K, V> permits Node.Plain, Node.Timed {

    final K key;
    volatile V value;
    /** The weight, or its complement ({@code ~weight}, negative) once the entry has left the cache. */
    private int weight;
    private CacheEntry<K, V> previous;
    private CacheEntry<K, V> next;
    private int mark;
    private Object state;

    Node(K key, V value, int weight) {
        this.key = key;
        this.value = value;
        this.weight = weight;
    }

    /** @return a node without timestamps, for caches that neither expire nor serve a strategy using time */
    static <K, V> Node<K, V> plain(K key, V value, int weight) {
        return new Plain<>(key, value, weight);
    }

    /** @return a node keeping its write and access times, both {@code now} */
    static <K, V> Node<K, V> timed(K key, V value, int weight, long now) {
        return new Timed<>(key, value, weight, now);
    }

    @Override
    public final K key() {
        return key;
    }

    @Override
    public final V value() {
        return value;
    }

    @Override
    public final int weight() {
        int w = weight;
        return w >= 0 ? w : ~w;
    }

    /** @return whether the entry is still in the cache; read under the cache's lock or the node's monitor */
    final boolean alive() {
        return weight >= 0;
    }

    /** Under the lock and the node's monitor: marks the entry as gone from the cache, keeping its weight readable. */
    final void retire() {
        if (weight >= 0) {
            weight = ~weight;
        }
    }

    /** Under the lock: the weight of a new value. */
    final void weight(int newWeight) {
        weight = newWeight;
    }

    /** Under the lock: the times of a write; nodes without timestamps ignore it. */
    abstract void written(long now);

    /** A read at {@code now}, from any thread; nodes without timestamps ignore it. */
    abstract void read(long now);

    /** @return the deadline of an expiring entry, in ticker nanoseconds; 0 for nodes without timestamps */
    abstract long deadline();

    /** @param deadline the entry's new deadline; nodes without timestamps ignore it */
    abstract void deadline(long deadline);

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
        return "entry " + key + " (weight " + weight() + (alive() ? ")" : ", removed)");
    }

    /** The entry of a cache that keeps no time: both timestamps read 0. */
    static final class Plain<K, V> extends Node<K, V> {

        Plain(K key, V value, int weight) {
            super(key, value, weight);
        }

        @Override
        public long writeTime() {
            return 0;
        }

        @Override
        public long accessTime() {
            return 0;
        }

        @Override
        void written(long now) {
        }

        @Override
        void read(long now) {
        }

        @Override
        long deadline() {
            return 0;
        }

        @Override
        void deadline(long deadline) {
        }
    }

    /**
     * The entry of a cache that expires entries or whose strategy uses time. Both times and the
     * deadline are volatile: reads set them without the lock, and expiry is judged on the deadline
     * from any thread. The timer links are the cache's {@link TimerWheel}'s, under the lock.
     */
    static final class Timed<K, V> extends Node<K, V> implements TimerWheel.Timer {

        private volatile long writeTime;
        private volatile long accessTime;
        private volatile long deadline;
        private TimerWheel.Timer previousTimer;
        private TimerWheel.Timer nextTimer;

        Timed(K key, V value, int weight, long now) {
            super(key, value, weight);
            this.writeTime = now;
            this.accessTime = now;
        }

        @Override
        public long writeTime() {
            return writeTime;
        }

        @Override
        public long accessTime() {
            return accessTime;
        }

        @Override
        void written(long now) {
            writeTime = now;
            accessTime = now;
        }

        @Override
        void read(long now) {
            // Skip the volatile write when the time has not moved, as under a coarse or fake ticker.
            if (accessTime != now) {
                accessTime = now;
            }
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        void deadline(long value) {
            if (deadline != value) {
                deadline = value;
            }
        }

        @Override
        public TimerWheel.Timer previousTimer() {
            return previousTimer;
        }

        @Override
        public void previousTimer(TimerWheel.Timer timer) {
            previousTimer = timer;
        }

        @Override
        public TimerWheel.Timer nextTimer() {
            return nextTimer;
        }

        @Override
        public void nextTimer(TimerWheel.Timer timer) {
            nextTimer = timer;
        }
    }
}
