package org.patinox.memory.standard;

import org.patinox.memory.tck.CachePolicyStressContract;

/** The {@code standard} cache against the cache policy stress contract. */
final class StandardCachePolicyStressContractTest extends CachePolicyStressContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
