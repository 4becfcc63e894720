package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * Finds {@link AdaptiveStrategy}, Window TinyLFU whose shape miniature simulations choose, as
 * {@code adaptive}: {@code EvictionPolicy.named("adaptive")}. Every configuration suits it, with or
 * without a bound or a weigher; it adapts when entries are counted.
 */
public final class AdaptiveProvider implements EvictionStrategyProvider {

    /** For {@link java.util.ServiceLoader}. */
    public AdaptiveProvider() {
    }

    @Override
    public String name() {
        return "adaptive";
    }

    @Override
    public String description() {
        return "window TinyLFU whose window share (none to all) and admission (a contest of frequency, or recurrence)"
                + " follow the shape that hit most in miniature simulations of a sample of the keys; near the best of lru,"
                + " arc, s3-fifo and w-tinylfu on each workload";
    }

    @Override
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
        return new AdaptiveStrategy<>(config);
    }
}
