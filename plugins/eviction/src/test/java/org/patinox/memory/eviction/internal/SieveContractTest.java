package org.patinox.memory.eviction.internal;

import org.patinox.memory.tck.EvictionStrategyProviderContract;

/** {@code sieve} against the strategy contract, as ServiceLoader finds it. */
final class SieveContractTest extends EvictionStrategyProviderContract {

    @Override
    protected String providerName() {
        return "sieve";
    }
}
