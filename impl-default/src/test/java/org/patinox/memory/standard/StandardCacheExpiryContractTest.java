package org.patinox.memory.standard;

import org.patinox.memory.tck.CacheExpiryContract;

/** The {@code standard} cache against the per-entry expiry contract. */
final class StandardCacheExpiryContractTest extends CacheExpiryContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
