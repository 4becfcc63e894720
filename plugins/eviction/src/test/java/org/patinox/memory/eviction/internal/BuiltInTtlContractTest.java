package org.patinox.memory.eviction.internal;

import java.time.Duration;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.tck.EvictionStrategyProviderContract;

/**
 * The API's built-in {@code ttl} against the strategy contract (see {@link BuiltInLruContractTest}),
 * with a time to live of one minute, which the suite's random sequences pass now and then by
 * advancing its ticker. Expiry by age does not aim at hit ratio: its FIFO order is no better than
 * random eviction on a skewed workload, so that check is off.
 */
final class BuiltInTtlContractTest extends EvictionStrategyProviderContract {

    @Override
    protected String providerName() {
        return "ttl";
    }

    @Override
    protected <K, V> CacheConfig.Builder<K, V> configure(CacheConfig.Builder<K, V> builder) {
        return builder.expireAfterWrite(Duration.ofMinutes(1));
    }

    @Override
    protected boolean aimsAtHitRatio() {
        return false;
    }
}
