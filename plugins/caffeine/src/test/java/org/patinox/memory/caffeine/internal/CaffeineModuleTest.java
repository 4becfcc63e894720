package org.patinox.memory.caffeine.internal;

import org.patinox.memory.tck.ProviderModuleContract;

/** The {@code org.patinox.memory.caffeine} module against the provider-module contract: it exports nothing. */
final class CaffeineModuleTest extends ProviderModuleContract {

    @Override
    protected Class<?> classOfTheModule() {
        return CaffeineBackendProvider.class;
    }
}
