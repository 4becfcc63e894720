package org.patinox.memory.standard;

import org.patinox.memory.tck.PoolStressContract;

/** The {@code standard} pool against the pool stress contract. */
final class StandardPoolStressTest extends PoolStressContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
