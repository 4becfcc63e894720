package org.patinox.memory.standard;

import org.patinox.memory.tck.MemoryProviderContract;

/** The {@code standard} implementation against the implementation contract. */
final class StandardProviderTest extends MemoryProviderContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
