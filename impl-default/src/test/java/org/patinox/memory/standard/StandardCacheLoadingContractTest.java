package org.patinox.memory.standard;

import org.patinox.memory.tck.CacheLoadingContract;

/** The {@code standard} cache against the loading cache contract. */
final class StandardCacheLoadingContractTest extends CacheLoadingContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
