package org.patinox.memory.cache;

/**
 * One entry of a {@link Cache} as an {@link org.patinox.memory.spi.EvictionStrategy} sees it: its
 * key, value, weight and timestamps, and room for the strategy's own per-entry state, so that a
 * strategy needs no map or node of its own.
 *
 * <p>The state a strategy keeps in an entry is an intrusive doubly linked list position ({@link
 * #previous()}, {@link #next()}, used by {@link org.patinox.memory.spi.EntryList}), a small integer
 * ({@link #mark()}, for a queue number, a frequency or a visited bit) and one reference ({@link
 * #state()}). The cache never reads or writes them, except to reset them to {@code null} and 0
 * when it creates the entry. They are read and written only by the strategy, which the cache calls
 * from one thread at a time, so they need no synchronization.
 *
 * <p>Timestamps come from the cache's {@link CacheConfig#ticker()}, in nanoseconds. They are kept
 * only when the cache uses them: when it expires entries ({@link CacheConfig#expireAfterWrite()},
 * {@link CacheConfig#expireAfterAccess()}) or its strategy {@link
 * org.patinox.memory.spi.EvictionStrategy#usesTime() uses time}; otherwise both read 0.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface CacheEntry<K, V> {

    /** @return the key */
    K key();

    /** @return the current value; it may change under a concurrent write */
    V value();

    /** @return the weight the {@link Weigher} gave the current value, 1 without a weigher */
    int weight();

    /** @return when the current value was written, in ticker nanoseconds, or 0 when not kept */
    long writeTime();

    /** @return when the entry was last read or written, in ticker nanoseconds, or 0 when not kept */
    long accessTime();

    /** @return the entry before this one in the strategy's list, or {@code null} */
    CacheEntry<K, V> previous();

    /** @param entry the entry before this one in the strategy's list, or {@code null} */
    void previous(CacheEntry<K, V> entry);

    /** @return the entry after this one in the strategy's list, or {@code null} */
    CacheEntry<K, V> next();

    /** @param entry the entry after this one in the strategy's list, or {@code null} */
    void next(CacheEntry<K, V> entry);

    /** @return the strategy's small integer for this entry; 0 for a new entry */
    int mark();

    /** @param value the strategy's small integer for this entry */
    void mark(int value);

    /** @return the strategy's reference for this entry; {@code null} for a new entry */
    Object state();

    /** @param value the strategy's reference for this entry */
    void state(Object value);
}
