package org.patinox.memory.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.micrometer.internal.MicrometerMonitorProvider;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.tck.LogCapture;
import org.patinox.memory.tck.TestConnection;
import org.patinox.memory.tck.TestConnectionManager;

/** {@link MicrometerMonitor}: each event counted under its name and tags, cleanups timed, nothing counted unheard. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"standard", "lockfree"})
final class MicrometerMonitorTest {

    /** The implementation the activity runs on: both run every test. */
    @Parameter
    String providerName;

    private String providerName() {
        return providerName;
    }

    private LogCapture log;
    private SimpleMeterRegistry registry;
    private MicrometerMonitor monitor;
    private MemoryUtilities memory;

    @BeforeEach
    void open() {
        log = LogCapture.library();
        registry = new SimpleMeterRegistry();
        monitor = new MicrometerMonitor(registry, Tags.of("app", "test"));
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).addMonitor(monitor).build());
    }

    @AfterEach
    void close() {
        try {
            memory.close();
            registry.close();
        } finally {
            log.close();
        }
    }

    private double count(String name, String... tags) {
        List<Meter> found = registry.find(name).tags(tags).meters().stream().toList();
        assertEquals(1, found.size(), () -> name + " " + List.of(tags) + " among " + registry.getMetersAsString());
        return ((Counter) found.getFirst()).count();
    }

    @Test
    void pool_events_count_per_pool_and_kind() throws Exception {
        Pool<TestConnection> pool = memory.pool(new TestConnectionManager(), PoolConfig.builder().name("db")
                .minSize(0).maxSize(1).build());
        try (PooledConnection<TestConnection> held = pool.acquire(Duration.ofSeconds(10))) {
            assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(30)));
            held.get();
        }
        pool.acquire(Duration.ofSeconds(10)).invalidate();
        pool.close();

        assertEquals(1, count("patinox.pool.events", "pool", "db", "kind", "pool_opened", "app", "test"));
        assertEquals(1, count("patinox.pool.events", "pool", "db", "kind", "acquire_timeout"));
        assertEquals(1, count("patinox.pool.events", "pool", "db", "kind", "connection_created"));
        assertEquals(1, count("patinox.pool.events", "pool", "db", "kind", "connection_destroyed"), "invalidated");
        assertEquals(1, count("patinox.pool.events", "pool", "db", "kind", "pool_closed"));
    }

    @Test
    void a_resource_cleanup_is_timed_by_registry_and_result() {
        ResourceRegistry resources = memory.resources(ResourceConfig.builder().name("temp")
                .cleanupTimeout(Duration.ofSeconds(10)).build());
        resources.register("slow", AsyncCleanup.blocking(r -> Thread.sleep(40))).close();
        resources.register("quick", AsyncCleanup.blocking(r -> { })).close();
        var failing = resources.register("fails", AsyncCleanup.blocking(r -> {
            throw new IllegalStateException("injected");
        }));
        assertThrows(RuntimeException.class, failing::close);

        Timer cleaned = registry.get("patinox.resources.cleanup")
                .tags("registry", "temp", "result", "cleaned", "app", "test").timer();
        assertEquals(2, cleaned.count());
        assertTrue(cleaned.totalTime(TimeUnit.MILLISECONDS) >= 40, () -> cleaned.totalTime(TimeUnit.MILLISECONDS) + "ms");
        assertTrue(cleaned.max(TimeUnit.MILLISECONDS) >= 40);
        assertEquals(1, registry.get("patinox.resources.cleanup").tags("registry", "temp", "result", "failed")
                .timer().count());
        assertEquals(0, registry.get("patinox.resources.cleanup").tags("registry", "temp", "result", "timed-out")
                .timer().count());
        assertEquals(2, count("patinox.resources.events", "registry", "temp", "kind", "resource_cleaned"));
        assertEquals(1, count("patinox.resources.events", "registry", "temp", "kind", "resource_cleanup_failed"));
        assertTrue(log.text().contains("failed: java.lang.IllegalStateException: injected"), log.text());
    }

    @Test
    void configuration_and_cache_events_count_under_their_components_tag() {
        ConfigData<Integer> config = memory.config(1, ShareConfig.builder().name("limits").build(),
                List.of(ConfigData.Validator.that("positive", v -> v > 0)));
        assertThrows(ConfigException.class, () -> config.update(-1));
        config.update(2);
        assertEquals(1, count("patinox.shared.events", "shared", "limits", "kind", "share_update_rejected"));
        assertTrue(registry.find("patinox.shared.events").tag("kind", "share_version_published").meters().isEmpty(),
                "published versions are not events of this monitor: the version gauge reads them");

        var cache = memory.cache(CacheConfig.<String, String>builder().name("small").maximumSize(1).build());
        cache.put("a", "1");
        cache.put("b", "2");
        cache.cleanUp();
        cache.close();
        assertEquals(1, count("patinox.cache.events", "cache", "small", "kind", "cache_opened"));
        assertEquals(1, count("patinox.cache.events", "cache", "small", "kind", "cache_closed"));
        assertTrue(registry.find("patinox.cache.events").tag("kind", "cache_eviction").meters().isEmpty(),
                "evictions are counted by the cache's stats, not built as events");
    }

    @Test
    void the_monitor_declares_every_kind_but_the_per_operation_ones_the_stats_count() {
        for (EventKind kind : EventKind.values()) {
            assertEquals(kind != EventKind.CACHE_EVICTION && kind != EventKind.SHARE_VERSION_PUBLISHED,
                    monitor.isEnabled(kind), kind::name);
        }
        // This instance's monitors (this one, the provider's) want no eviction: a cache builds none.
        assertFalse(memory.monitor().isEnabled(EventKind.CACHE_EVICTION), memory.monitors()::toString);
    }

    @Test
    void bind_to_moves_the_counting_to_another_registry_and_close_stops_it_and_removes_its_meters() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        monitor.bindTo(other);
        assertSame(other, monitor.registry());
        monitor.record(event("moved"));
        assertEquals(1, other.get("patinox.lifecycle.events").tags("memory", "moved").counter().count());
        assertTrue(registry.find("patinox.lifecycle.events").tags("memory", "moved").meters().isEmpty());
        monitor.close();
        monitor.record(event("moved"));
        assertTrue(other.find("patinox.lifecycle.events").meters().isEmpty(), other.getMeters()::toString);
        other.close();
    }

    /**
     * Each instance's monitor counts under the instance's unique name: an application that opens
     * and closes instances would keep a meter set for every one it ever opened, in every registry
     * the monitor counted in (200 instances left 600 in the global registry). The monitor the
     * instance made is closed with it, and takes its meters out of those registries.
     */
    @Test
    void the_instances_own_monitor_leaves_no_meter_in_any_registry_it_counted_in_once_the_instance_closes()
            throws Exception {
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        try (MemoryUtilities own = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).build())) {
            MicrometerMonitor made = own.monitor(MicrometerMonitor.class).orElseThrow();
            made.bindTo(first);
            Pool<TestConnection> pool = own.pool(new TestConnectionManager(), PoolConfig.builder().name("tenant").build());
            pool.acquire(Duration.ofSeconds(5)).close();
            own.resources().register("r", AsyncCleanup.blocking(r -> { })).close();
            made.bindTo(second);
            pool.close();
            assertFalse(first.find("patinox.pool.events").meters().isEmpty(), "counted in the first registry");
            assertFalse(second.find("patinox.pool.events").meters().isEmpty(), "then in the second");
        }
        assertEquals(List.of(), first.getMeters().stream().map(m -> m.getId().toString()).toList());
        assertEquals(List.of(), second.getMeters().stream().map(m -> m.getId().toString()).toList());
        first.close();
        second.close();
    }

    @Test
    void with_no_registry_listening_it_records_nothing_and_registers_no_meter() {
        CompositeMeterRegistry empty = new CompositeMeterRegistry();
        MicrometerMonitor unheard = new MicrometerMonitor(empty, Tags.empty());
        unheard.record(event("unheard"));
        assertTrue(empty.getMeters().isEmpty(), "no meter made for nobody");
        SimpleMeterRegistry late = new SimpleMeterRegistry();
        empty.add(late);
        unheard.record(event("unheard"));
        assertEquals(1, late.get("patinox.lifecycle.events").tags("memory", "unheard").counter().count());
        late.close();
    }

    @Test
    void the_provider_found_by_service_loader_counts_in_the_global_registry_unless_turned_off() {
        MicrometerMonitor found = memory.monitor(MicrometerMonitor.class).orElseThrow();
        assertSame(monitor, found, "the configuration's monitors come first");
        List<MicrometerMonitor> all = memory.monitors().stream().filter(MicrometerMonitor.class::isInstance)
                .map(MicrometerMonitor.class::cast).toList();
        assertEquals(2, all.size(), "the user's and the provider's: " + memory.monitors());
        assertSame(Metrics.globalRegistry, all.get(1).registry());

        MicrometerMonitorProvider provider = new MicrometerMonitorProvider();
        assertEquals("micrometer", provider.name());
        String before = System.getProperty(MicrometerMonitorProvider.ENABLED);
        try {
            System.setProperty(MicrometerMonitorProvider.ENABLED, "false");
            assertEquals(Optional.empty(), provider.create(null));
            // Off for an instance opened from the system properties, which refuse unknown patinox.memory.* keys.
            try (MemoryUtilities off = MemoryUtilities.open(UtilityConfig.fromSystemProperties().toBuilder()
                    .provider(providerName()).build())) {
                assertEquals(Optional.empty(), off.monitor(MicrometerMonitor.class), off.monitors()::toString);
            }
            System.setProperty(MicrometerMonitorProvider.ENABLED, "maybe");
            ConfigException bad = assertThrows(ConfigException.class, () -> provider.create(null));
            assertEquals("patinox.micrometer.enabled must be true or false, but was 'maybe'", bad.getMessage());
            System.setProperty(MicrometerMonitorProvider.ENABLED, "true");
            assertTrue(provider.create(null).orElseThrow() instanceof MicrometerMonitor);
        } finally {
            if (before == null) {
                System.clearProperty(MicrometerMonitorProvider.ENABLED);
            } else {
                System.setProperty(MicrometerMonitorProvider.ENABLED, before);
            }
        }
    }

    private static MonitorEvent event(String source) {
        return new MonitorEvent.Lifecycle(Instant.now(), source, EventKind.UTILITIES_OPENED, Map.of());
    }
}
