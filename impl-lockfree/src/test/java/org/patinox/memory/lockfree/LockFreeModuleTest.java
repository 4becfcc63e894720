package org.patinox.memory.lockfree;

import org.patinox.memory.tck.ProviderModuleContract;

/** The {@code org.patinox.memory.lockfree} module against the provider-module contract. */
final class LockFreeModuleTest extends ProviderModuleContract {

    @Override
    protected Class<?> classOfTheModule() {
        return LockFreeMemoryProvider.class;
    }
}
