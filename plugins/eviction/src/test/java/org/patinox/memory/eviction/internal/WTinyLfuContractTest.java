package org.patinox.memory.eviction.internal;

import org.patinox.memory.tck.EvictionStrategyProviderContract;

/** {@code w-tinylfu} against the strategy contract, as ServiceLoader finds it. */
final class WTinyLfuContractTest extends EvictionStrategyProviderContract {

    @Override
    protected String providerName() {
        return "w-tinylfu";
    }
}
