package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * Finds {@link SieveStrategy}, SIEVE, as {@code sieve}: {@code EvictionPolicy.named("sieve")}.
 * Every configuration suits it, with or without a bound or a weigher.
 */
public final class SieveProvider implements EvictionStrategyProvider {

    /** For {@link java.util.ServiceLoader}. */
    public SieveProvider() {
    }

    @Override
    public String name() {
        return "sieve";
    }

    @Override
    public String description() {
        return "SIEVE: a FIFO queue whose hand spares the entries read since it last passed; a hit costs one bit";
    }

    @Override
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
        return new SieveStrategy<>(config);
    }
}
