package org.patinox.memory.lockfree;

import org.patinox.memory.tck.CacheMapContract;

/** The {@code lockfree} cache's map view against guava-testlib's {@code ConcurrentMap} suite. */
final class LockFreeCacheMapContractTest extends CacheMapContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
