package org.patinox.memory.lockfree;

import org.patinox.memory.tck.CachePolicyContract;

/** The {@code lockfree} cache against the cache policy contract. */
final class LockFreeCachePolicyContractTest extends CachePolicyContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
