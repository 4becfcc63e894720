package org.patinox.memory.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharedData;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.tck.LogCapture;
import org.patinox.memory.tck.TestConnection;
import org.patinox.memory.tck.TestConnectionManager;

/** Every meter of {@link PatinoxMetrics}, by name, tags and value, after known activity on each provider. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"standard", "lockfree"})
final class PatinoxMetricsTest {

    /** The implementation the activity runs on: both run every test. */
    @Parameter
    String providerName;

    private String providerName() {
        return providerName;
    }

    private static final Tags APP = Tags.of("app", "test");

    private LogCapture log;
    private MemoryUtilities memory;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void open() {
        log = LogCapture.library();
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).build());
        registry = new SimpleMeterRegistry();
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

    private Meter meter(String name, String... tags) {
        List<Meter> found = registry.find(name).tags(tags).meters().stream().toList();
        assertEquals(1, found.size(), () -> name + " " + List.of(tags) + " among " + registry.getMetersAsString());
        return found.getFirst();
    }

    private double gauge(String name, String... tags) {
        return ((Gauge) meter(name, tags)).value();
    }

    private double counter(String name, String... tags) {
        return ((FunctionCounter) meter(name, tags)).count();
    }

    /** @return the names of the meters whose tags are exactly {@code tags} plus {@code extra} keys */
    private Set<String> names(Tag component) {
        return registry.getMeters().stream().filter(m -> m.getId().getTags().contains(component))
                .map(m -> m.getId().getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void a_pools_meters_read_its_counts() throws Exception {
        TestConnectionManager manager = new TestConnectionManager();
        Pool<TestConnection> pool = memory.pool(manager, PoolConfig.builder().name("orders-db").minSize(0).maxSize(2)
                .acquireTimeout(Duration.ofSeconds(10)).build());
        assertTrue(PatinoxMetrics.bind(pool, registry, APP) == pool, "bind returns the pool");

        PooledConnection<TestConnection> first = pool.acquire(Duration.ofSeconds(10));
        PooledConnection<TestConnection> second = pool.acquire(Duration.ofSeconds(10));
        first.close();
        PoolException timeout = assertThrows(PoolException.class, () -> {
            try (PooledConnection<TestConnection> third = pool.acquire(Duration.ofSeconds(10));
                 PooledConnection<TestConnection> fourth = pool.acquire(Duration.ofMillis(50))) {
                fourth.get();
                third.get();
            }
        });
        assertEquals(PoolException.Kind.TIMEOUT, timeout.kind());
        second.invalidate();

        String[] pooled = {"pool", "orders-db", "app", "test"};
        assertEquals(0, gauge("patinox.pool.connections", "pool", "orders-db", "app", "test", "state", "active"));
        assertEquals(1, gauge("patinox.pool.connections", "pool", "orders-db", "app", "test", "state", "idle"));
        assertEquals(0, gauge("patinox.pool.connections", "pool", "orders-db", "app", "test", "state", "creating"));
        assertEquals(0, gauge("patinox.pool.pending", pooled));
        assertEquals(0, gauge("patinox.pool.connections.min", pooled));
        assertEquals(2, gauge("patinox.pool.connections.max", pooled));
        assertEquals(2, counter("patinox.pool.connections.created", pooled));
        assertEquals(1, counter("patinox.pool.connections.destroyed", pooled), "the invalidated one");
        assertEquals(0, counter("patinox.pool.connections.creation.failures", pooled));
        assertEquals(0, counter("patinox.pool.connections.validation.failures", pooled));
        assertEquals(0, counter("patinox.pool.connections.leaks", pooled));
        assertEquals(1, counter("patinox.pool.acquire.timeouts", pooled));
        FunctionTimer acquire = (FunctionTimer) meter("patinox.pool.acquire", pooled);
        assertEquals(3, acquire.count(), "three acquires succeeded");
        assertEquals(pool.stats().totalAcquireWait().toNanos(), acquire.totalTime(TimeUnit.NANOSECONDS), 1.0);
        TimeGauge max = (TimeGauge) meter("patinox.pool.acquire.max", pooled);
        assertEquals(pool.stats().maxAcquireWait().toNanos(), max.value(TimeUnit.NANOSECONDS), 1.0);

        // The pool's meters, every one, and each carries the pool's tag and the given ones.
        assertEquals(new TreeSet<>(List.of("patinox.pool.connections", "patinox.pool.pending",
                "patinox.pool.connections.min", "patinox.pool.connections.max", "patinox.pool.connections.created",
                "patinox.pool.connections.destroyed", "patinox.pool.connections.creation.failures",
                "patinox.pool.connections.validation.failures", "patinox.pool.connections.leaks",
                "patinox.pool.acquire", "patinox.pool.acquire.max", "patinox.pool.acquire.timeouts")),
                names(Tag.of("pool", "orders-db")));
        assertEquals(14, registry.getMeters().size(), registry::getMetersAsString);
        assertTrue(registry.getMeters().stream().allMatch(m -> m.getId().getTags().contains(Tag.of("app", "test"))));

        pool.close();
        assertEquals(0, gauge("patinox.pool.connections", "pool", "orders-db", "state", "idle"), "closed: none");
        assertEquals(2, counter("patinox.pool.connections.destroyed", pooled), "the counts stay");
    }

    @Test
    void a_caches_meters_are_micrometers_cache_meters() {
        Cache<String, Integer> cache = memory.cache(CacheConfig.<String, Integer>builder().name("prices")
                .maximumSize(2).recordStats(true).build());
        PatinoxMetrics.binder(cache, APP).bindTo(registry);

        cache.put("a", 1);
        cache.put("b", 2);
        assertEquals(1, cache.getIfPresent("a"));
        assertEquals(2, cache.getIfPresent("b"));
        assertEquals(null, cache.getIfPresent("x"));
        assertEquals(3, cache.get("c", k -> 3));
        assertThrows(IllegalStateException.class, () -> cache.get("d", k -> {
            throw new IllegalStateException("injected");
        }));
        cache.cleanUp();

        String[] cached = {"cache", "prices", "app", "test"};
        assertEquals(2, gauge("cache.size", cached));
        assertEquals(2, counter("cache.gets", "cache", "prices", "app", "test", "result", "hit"));
        assertEquals(3, counter("cache.gets", "cache", "prices", "app", "test", "result", "miss"));
        assertEquals(1, counter("cache.evictions", cached), "c pushed one out of a cache of 2");
        assertEquals(1, counter("cache.eviction.weight", cached));
        assertEquals(0, counter("cache.expirations", cached));
        assertEquals(1, counter("cache.load", "cache", "prices", "app", "test", "result", "success"));
        assertEquals(1, counter("cache.load", "cache", "prices", "app", "test", "result", "failure"));
        long loadNanos = cache.stats().totalLoadTimeNanos();
        assertTrue(loadNanos > 0, "two loads took some time");
        assertEquals(loadNanos, ((TimeGauge) meter("cache.load.duration", cached)).value(TimeUnit.NANOSECONDS), 1.0);
        FunctionTimer load = (FunctionTimer) meter("patinox.cache.load", cached);
        assertEquals(2, load.count());
        assertEquals(loadNanos, load.totalTime(TimeUnit.NANOSECONDS), 1.0);
        assertEquals(new TreeSet<>(List.of("cache.size", "cache.gets", "cache.evictions", "cache.eviction.weight",
                "cache.expirations", "cache.load", "cache.load.duration", "patinox.cache.load")),
                names(Tag.of("cache", "prices")));
        assertEquals(10, registry.getMeters().size(), registry::getMetersAsString);
    }

    @Test
    void a_closed_caches_size_reads_zero_and_micrometer_warns_of_nothing() {
        Cache<String, Integer> cache = memory.cache(CacheConfig.<String, Integer>builder().name("shut")
                .maximumSize(10).build());
        PatinoxMetrics.binder(cache, APP).bindTo(registry);
        cache.put("a", 1);
        assertEquals(1, gauge("cache.size", "cache", "shut", "app", "test"));
        cache.close();
        try (LogCapture micrometer = LogCapture.of("io.micrometer")) {
            assertEquals(0, gauge("cache.size", "cache", "shut", "app", "test"), "closed: no entry");
            assertEquals("", micrometer.text(), "Micrometer warns of a gauge that failed");
        }
    }

    @Test
    void a_resource_registrys_meters_read_its_counters() {
        ResourceRegistry resources = memory.resources(ResourceConfig.builder().name("files")
                .cleanupTimeout(Duration.ofSeconds(10)).build());
        PatinoxMetrics.bind(resources, registry, APP);

        resources.register("kept", AsyncCleanup.blocking(r -> { }));
        resources.register("closed", AsyncCleanup.blocking(r -> { })).close();
        var failing = resources.register("fails", AsyncCleanup.blocking(r -> {
            throw new IllegalStateException("injected");
        }));
        assertThrows(RuntimeException.class, failing::close);

        String[] tags = {"registry", "files", "app", "test"};
        assertEquals(1, gauge("patinox.resources.active", tags));
        assertEquals(3, counter("patinox.resources.registered", tags));
        assertEquals(1, counter("patinox.resources.cleanups", "registry", "files", "result", "cleaned"));
        assertEquals(1, counter("patinox.resources.cleanups", "registry", "files", "result", "failed"));
        assertEquals(0, counter("patinox.resources.cleanups", "registry", "files", "result", "timed-out"));
        assertEquals(0, counter("patinox.resources.leaked", tags));
        assertEquals(6, registry.getMeters().size(), registry::getMetersAsString);
        assertTrue(log.text().contains("failed: java.lang.IllegalStateException: injected"), log.text());
    }

    @Test
    void shared_datas_meters_count_reads_writes_and_retries() {
        SharedData<Integer> counter = memory.shared(0, ShareConfig.builder().name("hits").recordReads(true).build());
        MutableSharedData<StringBuilder> text = memory.mutableShared(StringBuilder::new,
                ShareConfig.builder().name("text").build());
        PatinoxMetrics.bind(counter, registry, APP);
        PatinoxMetrics.bind(text, registry, Tags.empty());

        counter.set(1);
        counter.update(v -> v + 1);
        assertEquals(2, counter.get());
        assertEquals(2, counter.get());
        text.write(b -> b.append("x"));
        assertEquals(1, text.read(StringBuilder::length));

        assertEquals(2, counter("patinox.shared.reads", "shared", "hits", "app", "test"));
        assertEquals(2, counter("patinox.shared.writes", "shared", "hits", "app", "test"));
        assertEquals(counter.stats().retries(), counter("patinox.shared.retries", "shared", "hits"));
        assertEquals(0, counter("patinox.shared.reads", "shared", "text"), "reads not recorded");
        assertEquals(1, counter("patinox.shared.writes", "shared", "text"));
        assertEquals(0, counter("patinox.shared.retries", "shared", "text"));
        assertEquals(6, registry.getMeters().size(), registry::getMetersAsString);
    }

    @Test
    void a_configurations_version_is_a_gauge() {
        ConfigData<String> config = memory.config("v1", ShareConfig.builder().name("settings").build(), List.of());
        PatinoxMetrics.bind(config, registry, APP);
        assertEquals(1, gauge("patinox.config.version", "config", "settings", "app", "test"));
        config.update("v2");
        config.update("v3");
        assertEquals(3, gauge("patinox.config.version", "config", "settings"));
        assertEquals(1, registry.getMeters().size());
    }

    @Test
    void binding_an_instance_binds_its_resource_registry_and_reports_whether_it_has_a_micrometer_monitor() {
        // The plugin's provider gave this instance a monitor, found by ServiceLoader.
        assertTrue(PatinoxMetrics.bind(memory, registry, APP));
        assertTrue(memory.monitor(MicrometerMonitor.class).orElseThrow().registry() == registry);
        String name = memory.resources().name();
        memory.cache(CacheConfig.<String, String>builder().name("listed").maximumSize(10).build());
        assertEquals(1, gauge("patinox.resources.active", "registry", name, "app", "test"), "the cache is a resource");

    }

    @Test
    void binding_the_same_component_twice_registers_nothing_new_and_micrometer_warns_of_nothing() {
        Cache<String, String> cache = memory.cache(CacheConfig.<String, String>builder().name("twice")
                .maximumSize(10).recordStats(true).build());
        Pool<TestConnection> pool = memory.pool(new TestConnectionManager(), PoolConfig.builder().name("twice")
                .minSize(0).maxSize(1).build());
        ConfigData<String> config = memory.config("v1", ShareConfig.builder().name("twice").build(), List.of());
        try (LogCapture micrometer = LogCapture.of("io.micrometer")) {
            PatinoxMetrics.bind(cache, registry, APP);
            PatinoxMetrics.bind(pool, registry, APP);
            PatinoxMetrics.bind(config, registry, APP);
            PatinoxMetrics.bind(memory.resources(), registry, APP);
            int meters = registry.getMeters().size();
            PatinoxMetrics.bind(cache, registry, APP);
            PatinoxMetrics.bind(pool, registry, APP);
            PatinoxMetrics.bind(config, registry, APP);
            PatinoxMetrics.bind(memory.resources(), registry, APP);
            assertEquals(meters, registry.getMeters().size());
            assertEquals("", micrometer.text(), "Micrometer warns of a gauge registered twice");
            // Other tags: another identity, bound.
            PatinoxMetrics.bind(cache, registry, Tags.of("app", "other"));
            assertEquals(0, gauge("cache.size", "cache", "twice", "app", "other"), "found, once, and empty");

            // A registry that adds tags of its own (as Spring Boot's common tags do) changes nothing.
            io.micrometer.core.instrument.simple.SimpleMeterRegistry tagged =
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            tagged.config().commonTags("application", "orders");
            PatinoxMetrics.bind(cache, tagged, APP);
            PatinoxMetrics.bind(pool, tagged, APP);
            int taggedMeters = tagged.getMeters().size();
            PatinoxMetrics.bind(cache, tagged, APP);
            PatinoxMetrics.bind(pool, tagged, APP);
            assertEquals(taggedMeters, tagged.getMeters().size());
            assertEquals("", micrometer.text(), "Micrometer warns of a gauge registered twice under common tags");
        }
    }

    /**
     * Binding is checked, then done: two threads binding one component together both found it
     * unbound and both registered (Micrometer then warns of a gauge registered twice). A filter
     * sees each registration that gets past Micrometer's own lookup.
     */
    @Test
    void a_bind_the_registry_refuses_part_way_leaves_nothing_behind_and_a_later_bind_registers_every_meter() {
        Cache<String, Integer> cache = memory.cache(CacheConfig.<String, Integer>builder().name("refused")
                .maximumSize(10).recordStats(true).build());
        SimpleMeterRegistry refusing = new SimpleMeterRegistry();
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        refusing.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (refuse.get() && id.getName().equals("cache.evictions")) {
                    throw new IllegalStateException("injected");
                }
                return id;
            }
        });
        assertThrows(IllegalStateException.class, () -> PatinoxMetrics.bind(cache, refusing, APP));
        assertEquals(List.of(), refusing.getMeters().stream().map(m -> m.getId().getName()).toList(),
                "what was registered before the refusal is removed");
        refuse.set(false);
        PatinoxMetrics.bind(cache, refusing, APP);
        assertEquals(10, refusing.getMeters().size(), refusing::getMetersAsString);
    }

    @Test
    void binding_one_component_from_many_threads_at_once_registers_it_once() throws Exception {
        int threads = 8;
        for (int round = 0; round < 30; round++) {
            SimpleMeterRegistry shared = new SimpleMeterRegistry();
            java.util.concurrent.atomic.AtomicInteger registrations = new java.util.concurrent.atomic.AtomicInteger();
            shared.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
                @Override
                public Meter.Id map(Meter.Id id) {
                    if (id.getName().equals("cache.size")) {
                        registrations.incrementAndGet();
                    }
                    return id;
                }
            });
            Cache<String, String> cache = memory.cache(CacheConfig.<String, String>builder().name("together-" + round)
                    .maximumSize(10).build());
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            List<java.util.concurrent.Future<?>> binds = new java.util.ArrayList<>();
            try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
                for (int i = 0; i < threads; i++) {
                    binds.add(pool.submit(() -> {
                        start.await();
                        PatinoxMetrics.bind(cache, shared, APP);
                        return null;
                    }));
                }
                for (var bind : binds) {
                    bind.get();
                }
            }
            cache.close();
            shared.close();
            assertEquals(1, registrations.get(), "registrations of cache.size in round " + round);
        }
    }
}
