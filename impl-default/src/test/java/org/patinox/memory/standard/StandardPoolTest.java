package org.patinox.memory.standard;

import org.patinox.memory.tck.PoolContract;

/** The {@code standard} pool against the pool contract. */
final class StandardPoolTest extends PoolContract {

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
