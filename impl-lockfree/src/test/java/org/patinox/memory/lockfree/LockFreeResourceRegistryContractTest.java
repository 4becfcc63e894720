package org.patinox.memory.lockfree;

import org.patinox.memory.tck.ResourceRegistryContract;

final class LockFreeResourceRegistryContractTest extends ResourceRegistryContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
