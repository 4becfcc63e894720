package org.patinox.memory.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Computes the values of a loading cache: the {@link CacheConfig#loader() loader} that {@link
 * Cache#get(Object)}, {@link Cache#getAll(Iterable)} and refreshes ({@link
 * CacheConfig#refreshAfterWrite()}, {@link Cache#refresh}) call, as Caffeine's {@code CacheLoader}.
 *
 * <pre>{@code
 * Cache<Long, Customer> customers = memory.cache(CacheConfig.<Long, Customer>builder()
 *         .maximumSize(10_000).loader(repository::load).refreshAfterWrite(Duration.ofMinutes(5)).build());
 * Customer c = customers.get(42L);
 * }</pre>
 *
 * <p>A loader may run on any thread: the caller's for {@link Cache#get(Object)} and {@link
 * Cache#getAll(Iterable)}, a virtual thread of the owning {@code MemoryUtilities} for a refresh;
 * never on the instance's scheduler thread. It must be thread-safe. A method that returns {@code
 * null} (or leaves a key out of {@link #loadAll}'s map) means that the key has no value: nothing
 * is cached for it. What a method throws is a failed load: a {@link RuntimeException} or an {@link
 * Error} reaches the caller as thrown, a checked exception wrapped in a {@link
 * java.util.concurrent.CompletionException}, as in Caffeine (an {@link InterruptedException} also
 * sets the caller's interrupt status again); a failed refresh keeps the old value.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
@FunctionalInterface
public interface CacheLoader<K, V> {

    /**
     * @param key a key without a value in the cache
     * @return its value, or {@code null} when it has none
     * @throws Exception when the value cannot be computed; nothing is cached
     */
    V load(K key) throws Exception;

    /**
     * Loads the values of several absent keys in one call, for {@link Cache#getAll(Iterable)}.
     * By default loads them one by one with {@link #load}; override it when the source answers a
     * batch at once (one query for many rows). The map may hold entries for other keys than those
     * asked: they are cached too, as Caffeine does.
     *
     * @param keys the keys without a value, in the order they were asked; not empty
     * @return the values found, by key; a key left out (or mapped to {@code null}) has none
     * @throws Exception when the values cannot be computed; nothing is cached
     */
    default Map<? extends K, ? extends V> loadAll(Set<? extends K> keys) throws Exception {
        Map<K, V> values = new LinkedHashMap<>();
        for (K key : keys) {
            V value = load(key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    /**
     * Computes a new value for a key whose entry is due for a refresh, while the cache goes on
     * serving the old one. By default {@link #load}s the key afresh.
     *
     * @param key the key
     * @param oldValue the value cached now
     * @return the new value, or {@code null} to remove the entry
     * @throws Exception when the value cannot be computed; the old value stays
     */
    default V reload(K key, V oldValue) throws Exception {
        return load(key);
    }
}
