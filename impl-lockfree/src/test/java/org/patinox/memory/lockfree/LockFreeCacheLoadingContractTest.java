package org.patinox.memory.lockfree;

import org.patinox.memory.tck.CacheLoadingContract;

/** The {@code lockfree} cache against the loading cache contract. */
final class LockFreeCacheLoadingContractTest extends CacheLoadingContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
