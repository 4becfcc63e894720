package org.patinox.memory.standard;

import org.patinox.memory.tck.CacheMapContract;

/** The {@code standard} cache's map view against guava-testlib's {@code ConcurrentMap} suite. */
final class StandardCacheMapContractTest extends CacheMapContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
