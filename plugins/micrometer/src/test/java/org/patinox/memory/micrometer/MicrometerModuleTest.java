package org.patinox.memory.micrometer;

import java.util.Set;
import org.patinox.memory.micrometer.internal.MicrometerMonitorProvider;
import org.patinox.memory.tck.ProviderModuleContract;

/** The {@code org.patinox.memory.micrometer} module against the provider-module contract. */
final class MicrometerModuleTest extends ProviderModuleContract {

    @Override
    protected Class<?> classOfTheModule() {
        return MicrometerMonitorProvider.class;
    }

    @Override
    protected Set<String> exportedPackages() {
        return Set.of("org.patinox.memory.micrometer");
    }
}
