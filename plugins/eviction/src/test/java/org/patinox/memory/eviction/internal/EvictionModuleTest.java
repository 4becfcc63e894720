package org.patinox.memory.eviction.internal;

import org.patinox.memory.tck.ProviderModuleContract;

/**
 * The {@code org.patinox.memory.eviction} module against the provider-module contract: it exports
 * nothing. Its tests register a JUnit extension of their own ({@link TestOnlyExtension}), which the
 * contract must tell apart from the module's registrations.
 */
final class EvictionModuleTest extends ProviderModuleContract {

    @Override
    protected Class<?> classOfTheModule() {
        return WTinyLfuProvider.class;
    }
}
