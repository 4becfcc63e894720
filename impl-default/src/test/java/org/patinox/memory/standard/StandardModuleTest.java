package org.patinox.memory.standard;

import org.patinox.memory.tck.ProviderModuleContract;

/** The {@code org.patinox.memory.standard} module against the provider-module contract. */
final class StandardModuleTest extends ProviderModuleContract {

    @Override
    protected Class<?> classOfTheModule() {
        return StandardMemoryProvider.class;
    }
}
