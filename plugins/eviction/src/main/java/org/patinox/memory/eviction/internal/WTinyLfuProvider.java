package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * Finds {@link WTinyLfuStrategy}, Window TinyLFU, as {@code w-tinylfu}: {@code EvictionPolicy.named("w-tinylfu")}.
 * Every configuration suits it, with or without a bound or a weigher.
 */
public final class WTinyLfuProvider implements EvictionStrategyProvider {

    /** For {@link java.util.ServiceLoader}. */
    public WTinyLfuProvider() {
    }

    @Override
    public String name() {
        return "w-tinylfu";
    }

    @Override
    public String description() {
        return "window TinyLFU as in Caffeine: an LRU window, then admission by frequency to a segmented-LRU"
                + " main space; favours what is used often, the window adapting by hill climbing";
    }

    @Override
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
        return new WTinyLfuStrategy<>(config, true);
    }
}
