package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.support.TimerWheel;

/**
 * One entry of a {@link LockFreeCache}: the value of the {@link java.util.concurrent.ConcurrentHashMap}
 * the cache keeps, and the {@link CacheEntry} its strategy sees.
 *
 * <h2>Who writes what</h2>
 * <ul>
 *   <li>{@link #key} is final. {@link #value} and the {@linkplain #writtenWeight() written weight}
 *       are written by the writer that holds the key's bin lock (inside {@code
 *       ConcurrentHashMap.compute}) and the node's monitor, or, for a put that replaces the value
 *       of a present node in place, the monitor alone; {@code value} is volatile for the readers, the written weight
 *       is read only by the maintainer, after the write buffer has handed it the node (a later
 *       writer's weight is seen then or at its own turn).
 *   <li>The {@linkplain #policyWeight() policy weight}, the strategy's links, mark and state are the
 *       maintainer's alone (the thread holding the cache's eviction lock), so they are plain
 *       fields.
 *   <li>{@link #life} is the node's state word, changed only by atomic read-modify-write: a writer
 *       or the maintainer sets {@link #RETIRED} when it takes the node out of the map (under the
 *       bin lock and the node's monitor, so the map and the word agree for anyone who takes either); the maintainer
 *       sets {@link #IN_POLICY} when it tells the strategy {@code onInsert} and {@link #DEAD} when
 *       it is done with the node. Every decision about a buffered write or read reads this word
 *       rather than trusting the order of the buffers.
 * </ul>
 *
 * <p>The node has four shapes, so that no entry pays for what its cache does not use: the two
 * {@code int} weights only with a weigher ({@link Weighed}, {@link TimedWeighed}; with the unit
 * weigher both are 1), the two {@code long} timestamps only when the cache keeps time ({@link
 * TimedUnit}, {@link TimedWeighed}), which also hold the entry's deadline and its two links in the
 * cache's {@link TimerWheel} (the maintainer's). With compressed references: 40 bytes (12 of
 * header, five references, two {@code int}s), 48 with weights, 72 with timestamps, 80 with both;
 * Caffeine's nodes for the same features are 32, 40, 40 to 56, and 48 to 64.
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
    private static final VarHandle WRITE_TIME;
    private static final VarHandle ACCESS_TIME;
    private static final VarHandle TIMED_WRITE_TIME;
    private static final VarHandle TIMED_ACCESS_TIME;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LIFE = lookup.findVarHandle(Node.class, "life", int.class);
            WRITE_TIME = lookup.findVarHandle(TimedUnit.class, "writeTime", long.class);
            ACCESS_TIME = lookup.findVarHandle(TimedUnit.class, "accessTime", long.class);
            TIMED_WRITE_TIME = lookup.findVarHandle(TimedWeighed.class, "writeTime", long.class);
            TIMED_ACCESS_TIME = lookup.findVarHandle(TimedWeighed.class, "accessTime", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final K key;
    volatile V value;
    @SuppressWarnings("unused") // through LIFE
    private int life;
    private int mark;
    private CacheEntry<K, V> previous;
    private CacheEntry<K, V> next;
    private Object state;

    Node(K key, V value) {
        this.key = key;
        this.value = value;
    }

    /**
     * @param weighed whether the cache has a weigher (else every weight is 1)
     * @param timed whether the cache keeps timestamps
     * @return a new node of the shape the cache needs
     */
    static <K, V> Node<K, V> of(K key, V value, int weight, long now, boolean weighed, boolean timed) {
        if (weighed) {
            return timed ? new TimedWeighed<>(key, value, weight, now) : new Weighed<>(key, value, weight);
        }
        return timed ? new TimedUnit<>(key, value, now) : new Unit<>(key, value);
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

    /**
     * Replaces the value, under the key's bin lock; the deadline first, so that a reader who sees
     * the new value sees its deadline.
     */
    final void write(V newValue, int newWeight, long now, long newDeadline) {
        deadline(newDeadline);
        value = newValue;
        writtenWeight(newWeight);
        written(now);
    }

    /** @return the entry's deadline in ticker nanoseconds, when it expires; 0 for nodes without timestamps */
    abstract long deadline();

    /** @param deadline the entry's new deadline; ignored by nodes without timestamps */
    abstract void deadline(long deadline);

    /** @return the weigher's weight of {@link #value}: the writers' view */
    abstract int writtenWeight();

    /** @param weight the weigher's weight of a new value; written under the key's bin lock */
    abstract void writtenWeight(int weight);

    /** @return the weight the maintainer has counted for this node and the strategy sees */
    abstract int policyWeight();

    /** @param weight the weight the maintainer now counts; maintainer only */
    abstract void policyWeight(int weight);

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
        return policyWeight();
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
        return getClass().getSimpleName() + "[" + key + ", weight " + policyWeight() + ", life " + life() + "]";
    }

    /**
     * A node of a cache without a weigher or timestamps: every weight is 1, both times read 0.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    static final class Unit<K, V> extends Node<K, V> {

        Unit(K key, V value) {
            super(key, value);
        }

        @Override
        int writtenWeight() {
            return 1;
        }

        @Override
        void writtenWeight(int weight) {
        }

        @Override
        int policyWeight() {
            return 1;
        }

        @Override
        void policyWeight(int weight) {
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

        @Override
        long deadline() {
            return 0;
        }

        @Override
        void deadline(long deadline) {
        }
    }

    /**
     * A node of a cache with a weigher and no timestamps.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    static final class Weighed<K, V> extends Node<K, V> {
        private int writtenWeight;
        private int policyWeight;

        Weighed(K key, V value, int weight) {
            super(key, value);
            this.writtenWeight = weight;
            this.policyWeight = weight;
        }

        @Override
        int writtenWeight() {
            return writtenWeight;
        }

        @Override
        void writtenWeight(int weight) {
            writtenWeight = weight;
        }

        @Override
        int policyWeight() {
            return policyWeight;
        }

        @Override
        void policyWeight(int weight) {
            policyWeight = weight;
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

        @Override
        long deadline() {
            return 0;
        }

        @Override
        void deadline(long deadline) {
        }
    }

    /**
     * A node of a cache that keeps time, without a weigher. The times are written and read
     * opaquely: a reader may race with a writer or another reader and see either time, never a
     * torn one, and every use tolerates a slightly stale time.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    static final class TimedUnit<K, V> extends Node<K, V> implements TimerWheel.Timer {
        @SuppressWarnings("unused") // through WRITE_TIME
        private long writeTime;
        @SuppressWarnings("unused") // through ACCESS_TIME
        private long accessTime;
        private volatile long deadline;
        private TimerWheel.Timer previousTimer;
        private TimerWheel.Timer nextTimer;

        TimedUnit(K key, V value, long now) {
            super(key, value);
            WRITE_TIME.set(this, now);
            ACCESS_TIME.set(this, now);
        }

        @Override
        int writtenWeight() {
            return 1;
        }

        @Override
        void writtenWeight(int weight) {
        }

        @Override
        int policyWeight() {
            return 1;
        }

        @Override
        void policyWeight(int weight) {
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

    /**
     * A node of a cache that keeps time and has a weigher; times as in {@link TimedUnit}.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    static final class TimedWeighed<K, V> extends Node<K, V> implements TimerWheel.Timer {
        private int writtenWeight;
        private int policyWeight;
        private volatile long deadline;
        private TimerWheel.Timer previousTimer;
        private TimerWheel.Timer nextTimer;
        @SuppressWarnings("unused") // through TIMED_WRITE_TIME
        private long writeTime;
        @SuppressWarnings("unused") // through TIMED_ACCESS_TIME
        private long accessTime;

        TimedWeighed(K key, V value, int weight, long now) {
            super(key, value);
            this.writtenWeight = weight;
            this.policyWeight = weight;
            TIMED_WRITE_TIME.set(this, now);
            TIMED_ACCESS_TIME.set(this, now);
        }

        @Override
        int writtenWeight() {
            return writtenWeight;
        }

        @Override
        void writtenWeight(int weight) {
            writtenWeight = weight;
        }

        @Override
        int policyWeight() {
            return policyWeight;
        }

        @Override
        void policyWeight(int weight) {
            policyWeight = weight;
        }

        @Override
        void written(long now) {
            TIMED_WRITE_TIME.setOpaque(this, now);
            TIMED_ACCESS_TIME.setOpaque(this, now);
        }

        @Override
        void accessed(long now) {
            TIMED_ACCESS_TIME.setOpaque(this, now);
        }

        @Override
        public long writeTime() {
            return (long) TIMED_WRITE_TIME.getOpaque(this);
        }

        @Override
        public long accessTime() {
            return (long) TIMED_ACCESS_TIME.getOpaque(this);
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
