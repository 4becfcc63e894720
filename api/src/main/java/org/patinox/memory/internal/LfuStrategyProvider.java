package org.patinox.memory.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/** Finds {@link LfuStrategy} as {@code lfu}. */
public final class LfuStrategyProvider implements EvictionStrategyProvider {

    /** For {@link java.util.ServiceLoader}. */
    public LfuStrategyProvider() {
    }

    @Override
    public String name() {
        return "lfu";
    }

    @Override
    public String description() {
        return "least-frequently-used, counting accesses only while cached; ties to the least recent";
    }

    @Override
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
        return new LfuStrategy<>();
    }
}
