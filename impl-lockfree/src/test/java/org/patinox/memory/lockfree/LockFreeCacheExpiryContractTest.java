package org.patinox.memory.lockfree;

import org.patinox.memory.tck.CacheExpiryContract;

/** The {@code lockfree} cache against the per-entry expiry contract. */
final class LockFreeCacheExpiryContractTest extends CacheExpiryContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
