package org.patinox.memory.eviction.internal;

import org.patinox.memory.tck.ProviderModuleContract;

/** The {@code org.patinox.memory.eviction} module against the provider-module contract: it exports nothing. */
final class EvictionModuleTest extends ProviderModuleContract {

    @Override
    protected Class<?> classOfTheModule() {
        return WTinyLfuProvider.class;
    }
}
