package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * Finds {@link WTinyLfuStrategy}, Window TinyLFU as {@code w-tinylfu}: {@code EvictionPolicy.named("w-tinylfu")}. Every configuration suits it, with
 * or without a bound or a weigher.
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
        return "Window TinyLFU as in Caffeine: an LRU admission window, a segmented-LRU main space, and a frequency sketch that admits into the main space only what is used more often than what it replaces; the window adapts by hill climbing";
    }

    @Override
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
        return new WTinyLfuStrategy<>(config, true);
    }
}
