package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.tck.EvictionStrategyContract;

/**
 * {@code adaptive} fixed in a shape that admits by recurrence (a 10% window whose candidates enter
 * the main space when hit in the window or back from the ghost queue) against the strategy
 * contract: the provider's strategy starts admitting by frequency, and small caches may not leave
 * that shape within the contract's sequences, so the listed order by recurrence is checked here.
 */
final class AdaptiveByRecurrenceContractTest extends EvictionStrategyContract {

    @Override
    protected <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config) {
        return new AdaptiveStrategy<>(config, 10, false, false);
    }
}
