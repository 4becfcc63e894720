package org.patinox.memory.caffeine.internal;

import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.tck.CachePolicyStressContract;

/** The {@code caffeine} backend against the cache policy stress contract, through {@code MemoryUtilities}. */
final class CaffeineCachePolicyStressContractTest extends CachePolicyStressContract {

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
