package org.patinox.memory.lockfree;

import org.patinox.memory.tck.PoolStressContract;

/** The {@code lockfree} pool against the pool stress contract. */
final class LockFreePoolStressTest extends PoolStressContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }
}
