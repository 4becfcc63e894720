package org.patinox.memory.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * A {@link Cache} for tests of the runtime: it keeps what it was made with and stores entries in a
 * map without bound, eviction or stats, which those tests do not look at.
 */
final class FakeCache<K, V> implements Cache<K, V> {

    final CacheConfig<K, V> config;
    final EvictionStrategy<K, V> strategy;
    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private volatile boolean closed;

    FakeCache(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy) {
        this.config = config;
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public CacheConfig<K, V> config() {
        return config;
    }

    @Override
    public V getIfPresent(K key) {
        return map.get(key);
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> loader) {
        return map.computeIfAbsent(key, loader);
    }

    @Override
    public CompletableFuture<V> getAsync(K key, Function<? super K, ? extends V> loader) {
        return CompletableFuture.completedFuture(get(key, loader));
    }

    @Override
    public void put(K key, V value) {
        map.put(key, value);
    }

    @Override
    public V remove(K key) {
        return map.remove(key);
    }

    @Override
    public void invalidateAll() {
        map.clear();
    }

    @Override
    public long size() {
        return map.size();
    }

    @Override
    public CacheStats stats() {
        return new CacheStats(name(), 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void cleanUp() {
    }

    @Override
    public ConcurrentMap<K, V> asMap() {
        return map;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        map.clear();
    }

    @Override
    public V get(K key) {
        return get(key, k -> {
            try {
                return config.loader().load(k);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Override
    public java.util.Map<K, V> getAll(Iterable<? extends K> keys, Function<? super java.util.Set<? extends K>,
            ? extends java.util.Map<? extends K, ? extends V>> bulkLoader) {
        java.util.Set<K> absent = new java.util.LinkedHashSet<>();
        keys.forEach(k -> {
            if (!map.containsKey(k)) {
                absent.add(k);
            }
        });
        if (!absent.isEmpty()) {
            map.putAll(bulkLoader.apply(absent));
        }
        java.util.Map<K, V> result = new java.util.LinkedHashMap<>();
        keys.forEach(k -> {
            if (map.containsKey(k)) {
                result.put(k, map.get(k));
            }
        });
        return result;
    }

    @Override
    public java.util.Map<K, V> getAll(Iterable<? extends K> keys) {
        return getAll(keys, absent -> {
            try {
                return config.loader().loadAll(absent);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Override
    public CompletableFuture<V> refresh(K key) {
        try {
            V value = config.loader().load(key);
            map.put(key, value);
            return CompletableFuture.completedFuture(value);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
