package org.patinox.memory.classpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.spi.Monitor;

/**
 * A monitor made by a {@link org.patinox.memory.spi.MonitorProvider} that {@link java.util.ServiceLoader}
 * found is reached from the application through {@code monitor(Class)} and {@code monitors()}.
 */
final class MonitorProviderReachTest {

    @Test
    void the_monitor_a_discovered_provider_made_is_reached_by_its_type() {
        Monitor mine = event -> { };
        MemoryUtilities memory = CountingMonitorProvider.providing(
                () -> MemoryUtilities.open(UtilityConfig.builder().provider("standard").addMonitor(mine).build()));
        CountingMonitorProvider.CountingMonitor provided;
        try (memory) {
            provided = memory.monitor(CountingMonitorProvider.CountingMonitor.class).orElseThrow(
                    () -> new AssertionError("the provider's monitor is not among " + memory.monitors()));
            assertEquals(memory.name(), provided.instance, "made for this instance");
            assertTrue(provided.events.stream().anyMatch(e -> e.kind() == EventKind.UTILITIES_OPENED),
                    provided.events::toString);
            assertSame(mine, memory.monitors().getFirst(), "the configuration's monitors come first");
            assertTrue(memory.monitors().contains(provided), memory.monitors()::toString);
        }
        assertEquals(1, provided.closes.get(), "the instance closes the monitor a provider made for it");
        try (MemoryUtilities other = MemoryUtilities.open(UtilityConfig.builder().provider("standard").build())) {
            assertEquals(Optional.empty(), other.monitor(CountingMonitorProvider.CountingMonitor.class));
        }
    }
}
