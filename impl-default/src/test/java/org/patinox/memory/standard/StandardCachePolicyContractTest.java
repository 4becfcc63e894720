package org.patinox.memory.standard;

import org.patinox.memory.tck.CachePolicyContract;

/** The {@code standard} cache against the cache policy contract. */
final class StandardCachePolicyContractTest extends CachePolicyContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
