package org.patinox.memory.eviction.internal;

import org.patinox.memory.tck.EvictionStrategyProviderContract;

/** {@code adaptive} against the strategy contract, as ServiceLoader finds it. */
final class AdaptiveContractTest extends EvictionStrategyProviderContract {

    @Override
    protected String providerName() {
        return "adaptive";
    }
}
