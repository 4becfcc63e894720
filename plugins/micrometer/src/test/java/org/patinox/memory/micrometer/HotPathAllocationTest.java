package org.patinox.memory.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;

/**
 * With the plugin installed and no registry listening, the hot paths allocate nothing for it: a
 * cache lookup builds no event, and the monitor drops an event without making a meter. Measured
 * with the JVM's per-thread allocation counter over many calls, against a generous bound.
 */
final class HotPathAllocationTest {

    private static final int CALLS = 200_000;
    /** Far below one byte a call: what the measuring itself and a stray JIT allocation may cost. */
    private static final long BOUND = 64 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void cache_lookups_allocate_nothing_with_the_plugin_installed_and_no_registry(String provider) throws Exception {
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build())) {
            MicrometerMonitor found = memory.monitor(MicrometerMonitor.class).orElseThrow();
            assertSame(Metrics.globalRegistry, found.registry(), "the provider's monitor, on the global registry");
            assertFalse(memory.monitor().isEnabled(EventKind.CACHE_EVICTION), "no eviction event is ever built");
            Cache<Integer, String> cache = memory.cache(CacheConfig.<Integer, String>builder().name("hot")
                    .maximumSize(1_000).recordStats(true).build());
            Integer[] keys = new Integer[2_000];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = i;
                if (i < 500) {
                    cache.put(keys[i], "v" + i);
                }
            }
            Runnable lookups = () -> {
                for (int i = 0; i < CALLS; i++) {
                    // Hits on keys below 500, misses above: both paths.
                    cache.getIfPresent(keys[i % 1_000]);
                }
            };
            long allocated = measure(lookups);
            assertTrue(allocated < BOUND, () -> allocated + " bytes allocated by " + CALLS + " lookups");
            assertEquals(2L * CALLS, cache.stats().requestCount(), "the warm-up and the measured run");
        }
    }

    @Test
    void the_monitor_drops_events_without_allocating_while_no_registry_listens() throws Exception {
        CompositeMeterRegistry empty = new CompositeMeterRegistry();
        MicrometerMonitor monitor = new MicrometerMonitor(empty, Tags.empty());
        MonitorEvent event = new MonitorEvent.Lifecycle(Instant.now(), "quiet", EventKind.UTILITIES_OPENED, Map.of());
        long allocated = measure(() -> {
            for (int i = 0; i < CALLS; i++) {
                monitor.record(event);
            }
        });
        assertTrue(allocated < BOUND, () -> allocated + " bytes allocated by " + CALLS + " events");
        assertTrue(empty.getMeters().isEmpty());
    }

    /** @return the bytes the current thread allocated in the second of two runs, the first warming up */
    private static long measure(Runnable work) throws Exception {
        // Reflection: this module does not read java.management, and needs it for this test only.
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getCurrentThreadAllocatedBytes");
        work.run();
        long before = (Long) allocatedBytes.invoke(threads);
        work.run();
        long after = (Long) allocatedBytes.invoke(threads);
        return after - before;
    }
}
