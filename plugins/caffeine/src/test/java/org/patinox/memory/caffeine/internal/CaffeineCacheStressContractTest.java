package org.patinox.memory.caffeine.internal;

import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.tck.CacheStressContract;

/** The {@code caffeine} backend against the cache stress contract, through {@code MemoryUtilities}. */
final class CaffeineCacheStressContractTest extends CacheStressContract {

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
    protected boolean takesStrategies() {
        return false;
    }
}
