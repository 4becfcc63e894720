package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.spi.ProviderContext;

/**
 * The contract of a plugin author's {@link MonitorProvider} and of the monitors it makes, as the
 * SPI's javadoc promises them: a name, never {@code null} or blank; when registered, the provider
 * found by {@link ServiceLoader} (declared in its module's descriptor and its {@code
 * META-INF/services}) and its monitor installed in every instance opened, logged at {@code DEBUG}
 * by the provider's name, reachable through {@link
 * MemoryUtilities#monitors()} and {@link MemoryUtilities#monitor(Class)}; {@link
 * MonitorProvider#create} making a new monitor each time, whose {@link Monitor#isEnabled} answers
 * every kind; {@link Monitor#record} taking the library's real events of every enabled kind from
 * many platform and virtual threads at once without throwing and without clearing an interrupt;
 * through an instance, the monitor never called on the instance's scheduler thread and never
 * throwing, and the instance unaffected by another monitor beside it that throws or blocks; and
 * the monitor closed once when the instance that made it closes, after the last event it is given,
 * even one another thread was recording while the instance closed.
 *
 * <p>Extend it in the plugin's tests with a factory for the provider; run it once for each
 * implementation ({@link #memoryProvider()}), on the module path or the class path. A plugin whose
 * monitor can tell whether it was closed overrides {@link #isClosed(Monitor)} to have that checked.
 */
@Timeout(120)
public abstract class MonitorProviderContract {

    private final List<MemoryUtilities> opened = new ArrayList<>();
    private LogCapture log;
    private ScheduledExecutorService scheduler;
    private ExecutorService blocking;

    /** @return a new provider, as {@link ServiceLoader} makes it (its public no-argument constructor) */
    protected abstract MonitorProvider newProvider();

    /**
     * @return whether the provider is registered for {@link ServiceLoader}, as a plugin's is;
     *     {@code false} for one given directly to the suite, which then checks what it can without an
     *     instance installing it
     */
    protected boolean registered() {
        return true;
    }

    /** @return the implementation to run on, or empty for the one found first */
    protected String memoryProvider() {
        return "";
    }

    /**
     * @param monitor a monitor the provider made
     * @return whether it was closed, or {@code null} (the default) when it cannot tell, which skips
     *     the checks that need it
     */
    protected Boolean isClosed(Monitor monitor) {
        return null;
    }

    @BeforeEach
    final void capture_the_log() {
        log = LogCapture.of(LogCapture.LIBRARY, java.util.logging.Level.FINE);
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon(true)
                .name("monitor-contract-scheduler").factory());
        blocking = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    final void close_everything() {
        try {
            opened.forEach(MemoryUtilities::close);
            scheduler.shutdownNow();
            blocking.shutdownNow();
        } finally {
            log.close();
        }
    }

    private MemoryUtilities open(Monitor... beside) {
        UtilityConfig.Builder config = UtilityConfig.builder().shutdownTimeout(Duration.ofSeconds(20));
        for (Monitor m : beside) {
            config.addMonitor(m);
        }
        if (!memoryProvider().isEmpty()) {
            config.provider(memoryProvider());
        }
        MemoryUtilities memory = MemoryUtilities.open(config.build());
        opened.add(memory);
        return memory;
    }

    /** A context as an instance gives one, on the suite's own executors. */
    private ProviderContext context() {
        UtilityConfig config = UtilityConfig.builder().build();
        return new ProviderContext() {
            @Override
            public String name() {
                return "monitor-contract";
            }

            @Override
            public UtilityConfig config() {
                return config;
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return scheduler;
            }

            @Override
            public ExecutorService blockingExecutor() {
                return blocking;
            }
        };
    }

    private Monitor made() {
        Optional<Monitor> made = newProvider().create(context());
        assertNotNull(made, "create answered null, not an Optional");
        assertTrue(made.isPresent(), "create made no monitor in the default configuration");
        return made.get();
    }

    /** @return the provider's monitor in the instance, found by the class of one it makes directly */
    private Monitor installedIn(MemoryUtilities memory) {
        Monitor sample = made();
        sample.close();
        List<Monitor> mine = memory.monitors().stream().filter(m -> m.getClass() == sample.getClass()).toList();
        assertEquals(1, mine.size(), "the instance has " + mine.size() + " monitors of " + sample.getClass().getName()
                + " among " + memory.monitors());
        return mine.getFirst();
    }

    /** Activity that makes events of most kinds: a pool, a cache with evictions, resources. */
    private static void work(MemoryUtilities memory) throws Exception {
        TestConnectionManager manager = new TestConnectionManager();
        try (Pool<TestConnection> pool = memory.pool(manager, PoolConfig.builder().minSize(0).maxSize(2)
                .acquireTimeout(Duration.ofSeconds(30)).build())) {
            for (int i = 0; i < 20; i++) {
                try (PooledConnection<TestConnection> held = pool.acquire(Duration.ofSeconds(30))) {
                    if (i % 5 == 0) {
                        held.invalidate();
                    }
                }
            }
        }
        try (Cache<Integer, Integer> cache = memory.cache(CacheConfig.<Integer, Integer>builder().maximumSize(10).build())) {
            for (int i = 0; i < 100; i++) {
                cache.put(i, i);
                cache.getIfPresent(i / 2);
            }
        }
        ResourceRegistry registry = memory.resources();
        registry.register(new Object(), r -> java.util.concurrent.CompletableFuture.completedFuture(null)).close();
    }

    /**
     * For a {@link #newProvider()} in a test module that cannot reach the provider's class (in a
     * package its module does not export): a new instance of the one provider {@link
     * ServiceLoader} finds by the name.
     *
     * @param name the provider's {@link MonitorProvider#name()}
     * @return a new instance of it
     * @throws AssertionError when none or several are found by that name
     */
    protected static MonitorProvider named(String name) {
        MonitorProviderContract.class.getModule().addUses(MonitorProvider.class);
        List<ServiceLoader.Provider<MonitorProvider>> found = ServiceLoader.load(MonitorProvider.class).stream()
                .filter(p -> name.equals(p.get().name())).toList();
        assertEquals(1, found.size(), "ServiceLoader finds " + found.size() + " monitor providers named '" + name + "'");
        return found.getFirst().get();
    }

    @Test
    void the_name_is_told_and_stays_the_same() {
        MonitorProvider provider = newProvider();
        String name = provider.name();
        assertNotNull(name, "the name is null");
        assertFalse(name.isBlank(), "the name is blank");
        assertEquals(name, provider.name(), "the name changes");
        assertEquals(name, newProvider().name(), "another instance has another name");
    }

    @Test
    void the_provider_is_registered_in_its_module_descriptor_and_in_meta_inf_services() throws Exception {
        assumeTrue(registered(), "the provider is given to the suite directly");
        Class<?> type = newProvider().getClass();
        MonitorProviderContract.class.getModule().addUses(MonitorProvider.class);
        List<MonitorProvider> found = new ArrayList<>();
        ServiceLoader.load(MonitorProvider.class).forEach(found::add);
        assertEquals(1, found.stream().filter(p -> p.getClass() == type).count(),
                "ServiceLoader does not find one " + type.getName() + " among " + found);
        PackagedModule module = PackagedModule.of(type);
        module.assertRegistered(MonitorProvider.class, type);
    }

    @Test
    void each_create_makes_a_new_monitor_that_answers_every_kind() {
        Monitor first = made();
        Monitor second = made();
        try {
            assertNotSame(first, second, "two calls of create made one monitor");
            for (EventKind kind : EventKind.values()) {
                first.isEnabled(kind);
            }
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void every_instance_installs_its_own_monitor_reachable_by_its_type() {
        assumeTrue(registered(), "the provider is given to the suite directly");
        MemoryUtilities one = open();
        MemoryUtilities two = open();
        Monitor mine = installedIn(one);
        assertNotSame(mine, installedIn(two), "two instances share one monitor");
        assertSame(mine, one.monitor(mine.getClass()).orElseThrow(), "monitor(type) finds another monitor");
        // Which monitor providers an instance installed is reported by their names, as its implementation is.
        String reported = "monitor provider '" + newProvider().name() + "'";
        assertTrue(log.has(java.util.logging.Level.FINE, reported), "the log at DEBUG does not name the installed "
                + reported + ": " + log.text());
    }

    @Test
    void record_takes_real_events_of_every_enabled_kind_from_many_threads_keeping_their_interrupts() throws Exception {
        RecordingMonitor recording = new RecordingMonitor();
        MemoryUtilities memory = open(recording);
        work(memory);
        memory.close();
        List<MonitorEvent> events = recording.events();
        Monitor monitor = made();
        List<MonitorEvent> enabled = events.stream().filter(e -> monitor.isEnabled(e.kind())).toList();
        List<Future<?>> work = new ArrayList<>();
        try (ExecutorService platform = Executors.newFixedThreadPool(4);
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                boolean interrupted = t % 2 == 0;
                work.add((t < 4 ? platform : virtual).submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (MonitorEvent e : enabled) {
                            if (interrupted) {
                                Thread.currentThread().interrupt();
                            }
                            monitor.record(e);
                            assertEquals(interrupted, Thread.interrupted(), "record changed the interrupt status"
                                    + " of a thread recording " + e.kind());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(100, TimeUnit.SECONDS);
            }
        } finally {
            monitor.close();
        }
    }

    @Test
    void through_an_instance_the_monitor_is_never_called_on_the_scheduler_and_never_throws() throws Exception {
        assumeTrue(registered(), "the provider is given to the suite directly");
        RecordingMonitor recording = new RecordingMonitor();
        MemoryUtilities memory = open(recording);
        installedIn(memory);
        work(memory);
        memory.close();
        assertFalse(recording.events().isEmpty());
        assertEquals(List.of(), recording.eventsOnScheduler(), "events on the instance's scheduler thread");
        assertFalse(log.text().contains(" threw while "), log.text());
    }

    @Test
    void a_monitor_beside_it_that_throws_or_blocks_affects_neither_it_nor_the_instance() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Monitor blocking = new Monitor() {
            @Override
            public boolean isEnabled(EventKind kind) {
                return kind == EventKind.CONNECTION_CREATED;
            }

            @Override
            public void record(MonitorEvent event) {
                if (event.source().endsWith("blocked")) {
                    blocked.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Monitor throwing = event -> {
            throw new IllegalStateException("a monitor that throws on every event");
        };
        MemoryUtilities memory = open(throwing, blocking);
        try {
            Pool<TestConnection> stuck = memory.pool(new TestConnectionManager(), PoolConfig.builder()
                    .name("blocked").minSize(0).maxSize(1).acquireTimeout(Duration.ofSeconds(60)).build());
            java.util.concurrent.CompletableFuture<PooledConnection<TestConnection>> waiting = stuck.acquire();
            assertTrue(blocked.await(60, TimeUnit.SECONDS), "no connection was created");
            // While one creation's report is held in a monitor, the rest of the instance goes on.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                TestConnectionManager hanging = new TestConnectionManager().hangCreates(true);
                try (Pool<TestConnection> other = memory.pool(hanging, PoolConfig.builder().name("other").minSize(0)
                        .maxSize(1).createTimeout(Duration.ofSeconds(30)).acquireTimeout(Duration.ofMillis(200)).build())) {
                    assertThrows(PoolException.class, () -> other.acquire(Duration.ofMillis(200)));
                } finally {
                    hanging.releaseHangingCreates();
                }
                work(memory);
            });
            release.countDown();
            waiting.get(60, TimeUnit.SECONDS).close();
            stuck.close();
        } finally {
            release.countDown();
        }
        assertEquals(1, log.records().stream().filter(r -> r.getMessage().contains(throwing.getClass().getName())
                && r.getMessage().contains(" threw while ")).count(), log.text());
        if (registered()) {
            Monitor mine = installedIn(memory);
            assertFalse(log.text().contains(mine.getClass().getName() + " threw"), log.text());
        }
    }

    @Test
    void closing_the_instance_closes_its_monitor_once_after_the_last_event_even_one_being_recorded() throws Exception {
        assumeTrue(registered(), "the provider is given to the suite directly");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The configuration's monitors come first: this one holds an event before the provider's.
        Monitor holding = event -> {
            if (event.source().equals("held")) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        MemoryUtilities memory = open(holding);
        Monitor mine = installedIn(memory);
        assumeTrue(isClosed(mine) != null, "the monitor cannot tell whether it is closed");
        assertFalse(isClosed(mine), "the monitor is closed while its instance is open");
        MonitorEvent held = new MonitorEvent.Lifecycle(java.time.Instant.now(), "held", EventKind.UTILITIES_OPENED,
                java.util.Map.of());
        Thread recorder = Thread.ofPlatform().name("monitor-contract-recorder").start(() -> memory.monitor().record(held));
        try {
            assertTrue(inside.await(60, TimeUnit.SECONDS), "the event was not recorded");
            Thread closer = Thread.ofPlatform().name("monitor-contract-closer").start(memory::close);
            // The close may wait for the event; either way the monitor is closed only after it.
            closer.join(500);
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(60));
            recorder.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(closer.isAlive() || recorder.isAlive(), "the close or the recording never ended");
        } finally {
            release.countDown();
        }
        assertTrue(isClosed(mine), "the monitor is open after its instance closed");
        memory.close();
        assertFalse(log.text().contains(" threw while "), log.text());
    }
}
