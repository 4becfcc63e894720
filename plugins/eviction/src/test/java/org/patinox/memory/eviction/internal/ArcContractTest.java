package org.patinox.memory.eviction.internal;

import org.patinox.memory.tck.EvictionStrategyProviderContract;

/** {@code arc} against the strategy contract, as ServiceLoader finds it. */
final class ArcContractTest extends EvictionStrategyProviderContract {

    @Override
    protected String providerName() {
        return "arc";
    }
}
