package org.patinox.memory.standard;

import org.patinox.memory.tck.CacheContract;

/** The {@code standard} cache against the cache contract. */
final class StandardCacheContractTest extends CacheContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
