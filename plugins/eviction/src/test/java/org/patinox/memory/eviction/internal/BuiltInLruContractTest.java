package org.patinox.memory.eviction.internal;

import org.patinox.memory.tck.EvictionStrategyProviderContract;

/**
 * The API's built-in {@code lru} against the strategy contract. It runs here, beside the plugin's
 * strategies: the API's tests cannot depend on the TCK, which depends on the API, and the TCK's
 * own tests would run with JUnit's modules on the module path, out of reach of its launcher.
 */
final class BuiltInLruContractTest extends EvictionStrategyProviderContract {

    @Override
    protected String providerName() {
        return "lru";
    }
}
