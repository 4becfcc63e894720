package org.patinox.memory.caffeine.internal;

import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.tck.CacheMapContract;

/**
 * The {@code caffeine} backend's map view against guava-testlib's {@code ConcurrentMap} suite,
 * through {@code MemoryUtilities} on the {@code standard} implementation.
 */
final class CaffeineCacheMapContractTest extends CacheMapContract {

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
