package org.patinox.memory.jdbc;

import java.util.Set;
import org.patinox.memory.jdbc.internal.JdbcConnectionManagerProvider;
import org.patinox.memory.tck.ProviderModuleContract;

/** The {@code org.patinox.memory.jdbc} module against the provider-module contract. */
final class JdbcModuleTest extends ProviderModuleContract {

    @Override
    protected Class<?> classOfTheModule() {
        return JdbcConnectionManagerProvider.class;
    }

    @Override
    protected Set<String> exportedPackages() {
        return Set.of("org.patinox.memory.jdbc");
    }
}
