package org.patinox.memory.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheStats;

/** A cache as its {@code MemoryUtilities} hands it out: closing it closes it through its guard in the instance's registry. */
final class OwnedCache<K, V> implements Cache<K, V> {

    private final Cache<K, V> cache;
    private final Consumer<Cache<?, ?>> onClose;

    OwnedCache(Cache<K, V> cache, Consumer<Cache<?, ?>> onClose) {
        this.cache = cache;
        this.onClose = onClose;
    }

    @Override
    public String name() {
        return cache.name();
    }

    @Override
    public CacheConfig<K, V> config() {
        return cache.config();
    }

    @Override
    public V getIfPresent(K key) {
        return cache.getIfPresent(key);
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> loader) {
        return cache.get(key, loader);
    }

    @Override
    public CompletableFuture<V> getAsync(K key, Function<? super K, ? extends V> loader) {
        return cache.getAsync(key, loader);
    }

    @Override
    public void put(K key, V value) {
        cache.put(key, value);
    }

    @Override
    public V remove(K key) {
        return cache.remove(key);
    }

    @Override
    public void invalidateAll() {
        cache.invalidateAll();
    }

    @Override
    public long size() {
        return cache.size();
    }

    @Override
    public CacheStats stats() {
        return cache.stats();
    }

    @Override
    public void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public ConcurrentMap<K, V> asMap() {
        return cache.asMap();
    }

    @Override
    public boolean isClosed() {
        return cache.isClosed();
    }

    @Override
    public void close() {
        // The guard's cleanup closes the cache, once, whoever asks first.
        onClose.accept(this);
    }

    /** @return the implementation's cache, for tests */
    Cache<K, V> unwrap() {
        return cache;
    }

    @Override
    public String toString() {
        return cache.toString();
    }

    @Override
    public V get(K key) {
        return cache.get(key);
    }

    @Override
    public java.util.Map<K, V> getAll(Iterable<? extends K> keys, Function<? super java.util.Set<? extends K>,
            ? extends java.util.Map<? extends K, ? extends V>> bulkLoader) {
        return cache.getAll(keys, bulkLoader);
    }

    @Override
    public java.util.Map<K, V> getAll(Iterable<? extends K> keys) {
        return cache.getAll(keys);
    }

    @Override
    public CompletableFuture<V> refresh(K key) {
        return cache.refresh(key);
    }

    @Override
    public java.util.Optional<org.patinox.memory.cache.CachePolicy<K, V>> policy() {
        return cache.policy();
    }
}
