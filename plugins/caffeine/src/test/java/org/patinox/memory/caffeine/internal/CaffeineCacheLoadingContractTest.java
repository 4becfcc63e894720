package org.patinox.memory.caffeine.internal;

import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.tck.CacheLoadingContract;

/** The {@code caffeine} backend against the loading cache contract, through {@code MemoryUtilities}. */
final class CaffeineCacheLoadingContractTest extends CacheLoadingContract {

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
}
