package org.patinox.memory.standard;

import org.patinox.memory.tck.ResourceStressContract;

final class StandardResourceStressContractTest extends ResourceStressContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
