package org.patinox.memory.eviction.internal;

import org.patinox.memory.tck.EvictionStrategyProviderContract;

/** The API's built-in {@code lfu} against the strategy contract (see {@link BuiltInLruContractTest}). */
final class BuiltInLfuContractTest extends EvictionStrategyProviderContract {

    @Override
    protected String providerName() {
        return "lfu";
    }
}
