package org.patinox.memory.lockfree;

import org.patinox.memory.tck.CacheContract;

/** The {@code lockfree} cache against the cache contract. */
final class LockFreeCacheContractTest extends CacheContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
