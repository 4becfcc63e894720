package org.patinox.memory.lockfree;

import org.patinox.memory.tck.PoolContract;

/** The {@code lockfree} pool against the pool contract. */
final class LockFreePoolTest extends PoolContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
