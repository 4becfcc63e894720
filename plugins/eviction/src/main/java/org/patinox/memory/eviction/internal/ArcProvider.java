package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * Finds {@link ArcStrategy}, the Adaptive Replacement Cache, as {@code arc}: {@code EvictionPolicy.named("arc")}.
 * Every configuration suits it, with or without a bound or a weigher.
 */
public final class ArcProvider implements EvictionStrategyProvider {

    /** For {@link java.util.ServiceLoader}. */
    public ArcProvider() {
    }

    @Override
    public String name() {
        return "arc";
    }

    @Override
    public String description() {
        return "adaptive replacement cache: recency and frequency lists, balanced by ghost lists of the keys"
                + " evicted last";
    }

    @Override
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
        return new ArcStrategy<>(config);
    }
}
