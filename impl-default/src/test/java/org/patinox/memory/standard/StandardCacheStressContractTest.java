package org.patinox.memory.standard;

import org.patinox.memory.tck.CacheStressContract;

/** The {@code standard} cache against the cache stress contract. */
final class StandardCacheStressContractTest extends CacheStressContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
