package org.patinox.memory.lockfree;

import org.patinox.memory.tck.MemoryProviderContract;

/** The {@code lockfree} implementation against the implementation contract. */
final class LockFreeProviderTest extends MemoryProviderContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
