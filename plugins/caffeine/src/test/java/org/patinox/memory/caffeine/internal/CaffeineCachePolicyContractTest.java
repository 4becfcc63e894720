package org.patinox.memory.caffeine.internal;

import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.tck.CachePolicyContract;

/**
 * The {@code caffeine} backend against the cache policy contract, through Caffeine's own {@code
 * policy().eviction()}. Its W-TinyLFU order is not LRU and it takes no other strategy, so the tests
 * of exact orders are skipped; the rest (every entry listed once, snapshots, expired entries left
 * out, the maximum, bad values, closing) hold for it.
 */
final class CaffeineCachePolicyContractTest extends CachePolicyContract {

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
