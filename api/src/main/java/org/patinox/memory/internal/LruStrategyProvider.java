package org.patinox.memory.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/** Finds {@link LruStrategy} as {@code lru}. */
public final class LruStrategyProvider implements EvictionStrategyProvider {

    /** For {@link java.util.ServiceLoader}. */
    public LruStrategyProvider() {
    }

    @Override
    public String name() {
        return "lru";
    }

    @Override
    public String description() {
        return "exact least-recently-used";
    }

    @Override
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
        return new LruStrategy<>();
    }
}
