package org.patinox.memory.support;

import java.util.Iterator;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a cache gives its {@link CacheMapView}: the map operations, each as the cache does it. The
 * contract every implementation keeps: reads count nothing in the stats (they may be offered to the
 * strategy), writes are the cache's own (bounded, told to the strategy, reported to the listener),
 * expired entries are absent, and every operation of a closed cache throws its {@code
 * IllegalStateException}. Keys and values are never {@code null}: a {@code null} argument throws
 * {@link NullPointerException}, as {@link java.util.concurrent.ConcurrentHashMap}'s.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface CacheMapOperations<K, V> {

    /** Throws the cache's {@code IllegalStateException} when it is closed. */
    void requireOpen();

    /**
     * Called by the view before a write does anything, the loads and refreshes in flight told of
     * it included: throws what the cache throws for a write from one of its own mapping functions,
     * expiry or weigher ({@link CallbackWrites#check}), so that such a write changes nothing.
     *
     * @param key the key written, or {@code null} for a write of every key
     */
    void checkWrite(Object key);

    /** @return the number of live entries */
    long viewSize();

    /**
     * @param key a key
     * @return whether it has a live entry; nothing is counted
     */
    boolean viewContainsKey(Object key);

    /**
     * @param key a key
     * @return its live value or {@code null}; nothing is counted
     */
    V viewGet(Object key);

    /** @see java.util.Map#put */
    V viewPut(K key, V value);

    /** @see java.util.concurrent.ConcurrentMap#putIfAbsent */
    V viewPutIfAbsent(K key, V value);

    /** @see java.util.Map#remove(Object) */
    V viewRemove(Object key);

    /** @see java.util.concurrent.ConcurrentMap#remove(Object, Object) */
    boolean viewRemove(Object key, Object value);

    /** @see java.util.concurrent.ConcurrentMap#replace(Object, Object) */
    V viewReplace(K key, V value);

    /** @see java.util.concurrent.ConcurrentMap#replace(Object, Object, Object) */
    boolean viewReplace(K key, V oldValue, V newValue);

    /** @see java.util.Map#compute */
    V viewCompute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction);

    /** @see java.util.Map#computeIfAbsent */
    V viewComputeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction);

    /** @see java.util.Map#computeIfPresent */
    V viewComputeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction);

    /** @see java.util.Map#merge */
    V viewMerge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction);

    /** Removes every entry, as the cache's {@code invalidateAll}. */
    void viewClear();

    /**
     * @return the live entries, weakly consistent: each a snapshot of its key and value when
     *     reached; its {@code setValue} need not be supported (the view writes through {@link #viewPut})
     */
    Iterator<Map.Entry<K, V>> viewEntries();
}
