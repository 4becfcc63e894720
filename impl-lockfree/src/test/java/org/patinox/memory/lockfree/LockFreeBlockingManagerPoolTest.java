package org.patinox.memory.lockfree;

import org.patinox.memory.tck.PoolContract;

/** The {@code lockfree} pool against the pool contract, its manager in the blocking form. */
final class LockFreeBlockingManagerPoolTest extends PoolContract {

    @Override
    protected String providerName() {
        return LockFreeMemoryProvider.NAME;
    }

    @Override
    protected boolean blockingForm() {
        return true;
    }
}
