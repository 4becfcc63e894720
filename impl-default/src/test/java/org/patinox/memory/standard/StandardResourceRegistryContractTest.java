package org.patinox.memory.standard;

import org.patinox.memory.tck.ResourceRegistryContract;

final class StandardResourceRegistryContractTest extends ResourceRegistryContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
