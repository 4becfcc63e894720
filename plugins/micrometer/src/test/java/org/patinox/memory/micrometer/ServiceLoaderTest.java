package org.patinox.memory.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.spi.Monitor;

/**
 * The plugin's monitor provider is found by {@link java.util.ServiceLoader} on the module path
 * (module-info's {@code provides}) and, in the build's second run of this class, on the class path
 * ({@code META-INF/services}).
 */
final class ServiceLoaderTest {

    @Test
    void every_instance_gets_one_monitor_from_the_plugin_counting_in_the_global_registry() {
        boolean classPath = "class-path".equals(System.getProperty("patinox.test.path"));
        assertEquals(!classPath, MicrometerMonitor.class.getModule().isNamed(),
                "the run is on the " + (classPath ? "class" : "module") + " path");
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider("standard").build())) {
            List<Monitor> found = memory.monitors().stream().filter(MicrometerMonitor.class::isInstance).toList();
            assertEquals(1, found.size(), memory.monitors()::toString);
            assertSame(Metrics.globalRegistry, ((MicrometerMonitor) found.getFirst()).registry());
        }
    }
}
