package org.patinox.memory.caffeine.internal;

import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.tck.CacheContract;

/**
 * The {@code caffeine} backend against the cache contract, through {@code MemoryUtilities} on the
 * {@code standard} implementation. Caffeine's W-TinyLFU is not LRU, and the backend takes no
 * strategy of the user's, so the tests of either are skipped.
 */
final class CaffeineCacheContractTest extends CacheContract {

    @Override
    protected String providerName() {
        return "standard";
    }

    @Override
    protected String backend() {
        return CaffeineBackendProvider.NAME;
    }

    @Override
    protected EvictionPolicy policy() {
        return EvictionPolicy.named("w-tinylfu");
    }

    @Override
    protected boolean exactLru() {
        return false;
    }

    @Override
    protected boolean takesStrategies() {
        return false;
    }
}
