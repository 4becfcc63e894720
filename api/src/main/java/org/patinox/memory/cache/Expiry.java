package org.patinox.memory.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each entry of a cache lives: a duration per entry, given when it is created, updated and
 * read, as Caffeine's {@code Expiry}. Set with {@link CacheConfig.Builder#expiry(Expiry)}; it
 * excludes {@link CacheConfig#expireAfterWrite()} and {@link CacheConfig#expireAfterAccess()}.
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li>Every method returns a duration in nanoseconds, from {@code currentTime} (the cache's
 *       {@linkplain CacheConfig#ticker() ticker}), after which the entry expires: it counts as absent
 *       from that instant on, and is removed with {@link RemovalCause#EXPIRED}, reported once.
 *   <li>A duration of zero or less expires the entry at once: a put of it stores nothing visible,
 *       and is reported {@code EXPIRED} when the cache removes it.
 *   <li>A duration of {@link #LONGEST} (2<sup>62</sup> nanoseconds, about 146 years) or more, such
 *       as {@link Long#MAX_VALUE}, means never: the entry does not expire however long the cache
 *       runs, costs the cache's timers nothing, and no deadline overflows.
 *   <li>{@link #expireAfterUpdate} and {@link #expireAfterRead} receive the entry's remaining
 *       duration as {@code currentDuration} ({@link Long#MAX_VALUE} for an entry that never
 *       expires); returning it keeps the deadline unchanged.
 *   <li>The methods run on the thread that creates, updates or reads the entry, and may run while
 *       the cache holds a lock for the key or for its maintenance: they must be quick, must not call
 *       the cache (a write to it is refused with a {@link java.util.ConcurrentModificationException},
 *       see {@link Cache#asMap()}), and should not throw. What they throw fails the operation that called them, and
 *       is reported as a failed callback {@code expiry}; the entry is left as it was.
 * </ul>
 *
 * <p>Caches keep each entry's deadline and find the entries that expire through a hierarchical
 * timer wheel, so that their background work grows with the entries that expire, not with the
 * entries cached.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface Expiry<K, V> {

    /**
     * The duration from which on an entry never expires: 2<sup>62</sup> nanoseconds, about 146
     * years. Any shorter duration, added to a reading of the ticker, leaves the difference of two
     * deadlines within a {@code long}.
     */
    long LONGEST = 1L << 62;

    /**
     * @param key the key of the new entry
     * @param value its value
     * @param currentTime the ticker's time of the write, in nanoseconds
     * @return how long the entry lives from now, in nanoseconds
     */
    long expireAfterCreate(K key, V value, long currentTime);

    /**
     * @param key the key of the entry
     * @param value its new value
     * @param currentTime the ticker's time of the write, in nanoseconds
     * @param currentDuration the time the entry had left before this write, in nanoseconds
     * @return how long the entry lives from now, in nanoseconds; {@code currentDuration} to keep
     *     its deadline
     */
    long expireAfterUpdate(K key, V value, long currentTime, long currentDuration);

    /**
     * @param key the key of the entry
     * @param value its value
     * @param currentTime the ticker's time of the read, in nanoseconds
     * @param currentDuration the time the entry has left, in nanoseconds
     * @return how long the entry lives from now, in nanoseconds; {@code currentDuration} to keep
     *     its deadline
     */
    long expireAfterRead(K key, V value, long currentTime, long currentDuration);

    /**
     * An expiry that gives each entry a duration when it is created or updated, computed from the
     * key and value, and that reads leave unchanged.
     *
     * @param duration the entry's duration from its key and value; {@code null} or {@link
     *     Duration#ZERO} or less for expired at once
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return the expiry
     */
    static <K, V> Expiry<K, V> writing(java.util.function.BiFunction<? super K, ? super V, Duration> duration) {
        Objects.requireNonNull(duration, "duration");
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(K key, V value, long currentTime) {
                return nanos(duration.apply(key, value));
            }

            @Override
            public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
                return nanos(duration.apply(key, value));
            }

            @Override
            public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
                return currentDuration;
            }

            @Override
            public String toString() {
                return "Expiry.writing(" + duration + ")";
            }
        };
    }

    /**
     * An expiry that gives each entry a duration when it is created, updated or read, computed from
     * the key and value: an entry lives that long after its last access.
     *
     * @param duration the entry's duration from its key and value; {@code null} or {@link
     *     Duration#ZERO} or less for expired at once
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return the expiry
     */
    static <K, V> Expiry<K, V> accessing(java.util.function.BiFunction<? super K, ? super V, Duration> duration) {
        Objects.requireNonNull(duration, "duration");
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(K key, V value, long currentTime) {
                return nanos(duration.apply(key, value));
            }

            @Override
            public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
                return nanos(duration.apply(key, value));
            }

            @Override
            public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
                return nanos(duration.apply(key, value));
            }

            @Override
            public String toString() {
                return "Expiry.accessing(" + duration + ")";
            }
        };
    }

    /**
     * @param duration a duration, or {@code null}
     * @return it in nanoseconds, saturated to {@link #LONGEST} (never); 0 for {@code null} or a negative one
     */
    private static long nanos(Duration duration) {
        if (duration == null || duration.isNegative()) {
            return 0;
        }
        return duration.compareTo(Duration.ofNanos(LONGEST)) >= 0 ? LONGEST : duration.toNanos();
    }
}
