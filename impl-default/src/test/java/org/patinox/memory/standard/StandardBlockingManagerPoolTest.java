package org.patinox.memory.standard;

import org.patinox.memory.tck.PoolContract;

/** The {@code standard} pool against the pool contract, its manager in the blocking form. */
final class StandardBlockingManagerPoolTest extends PoolContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }

    @Override
    protected boolean blockingForm() {
        return true;
    }
}
