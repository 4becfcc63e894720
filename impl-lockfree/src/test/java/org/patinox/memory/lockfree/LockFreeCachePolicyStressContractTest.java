package org.patinox.memory.lockfree;

import org.patinox.memory.tck.CachePolicyStressContract;

/** The {@code lockfree} cache against the cache policy stress contract. */
final class LockFreeCachePolicyStressContractTest extends CachePolicyStressContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
