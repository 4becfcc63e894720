package org.patinox.memory.lockfree;

import org.patinox.memory.tck.ResourceStressContract;

final class LockFreeResourceStressContractTest extends ResourceStressContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
