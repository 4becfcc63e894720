package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.tck.EvictionStrategyContract;

/**
 * {@code adaptive} starting in a shape with a 50% window admitting by frequency, and left to adapt,
 * against the strategy contract: many contests of frequency wait in a wide window, so the listed
 * order simulates long runs of them.
 */
final class AdaptiveWideWindowContractTest extends EvictionStrategyContract {

    @Override
    protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
        return new AdaptiveStrategy<>(config, 50, true, true);
    }
}
