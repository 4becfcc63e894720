package org.patinox.memory.lockfree;

import org.patinox.memory.tck.CacheStressContract;

/** The {@code lockfree} cache against the cache stress contract. */
final class LockFreeCacheStressContractTest extends CacheStressContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
