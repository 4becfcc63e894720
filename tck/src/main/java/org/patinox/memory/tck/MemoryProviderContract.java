package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.spi.BlockingConnectionManager;
import org.patinox.memory.spi.Monitor;

/**
 * The contract of a whole implementation, a {@link org.patinox.memory.spi.MemoryProvider}: it opens
 * by name, owns its background work and leaves no thread behind, and delivers lifecycle events to
 * the configured monitors, isolated from their failures.
 *
 * <p>Extend it with the provider's name; the implementation must be on the test's module path.
 */
@Timeout(60)
public abstract class MemoryProviderContract {

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    /** @return a configuration builder that names the implementation under test */
    protected UtilityConfig.Builder config() {
        return UtilityConfig.builder().provider(providerName());
    }

    @Test
    void opens_the_named_implementation_and_says_why() {
        try (MemoryUtilities memory = MemoryUtilities.open(config().build())) {
            assertEquals(providerName(), memory.provider().name());
            assertTrue(memory.provider().reason().equals("named in the configuration"), memory.provider().reason());
            assertTrue(memory.provider().candidates().stream().anyMatch(c -> c.startsWith(providerName() + " ")),
                    memory.provider().candidates()::toString);
            assertFalse(memory.provider().description().isBlank());
            assertFalse(memory.isClosed());
        }
    }

    /**
     * The implementation's name is taken in any case and without the white space around it, in code
     * as in properties, as every other named setting is ({@code LRU}, {@code INFO}, {@code READ-WRITE}).
     */
    @Test
    void the_implementation_is_named_in_any_case_as_every_named_setting_is() {
        java.util.Properties file = new java.util.Properties();
        file.setProperty(UtilityConfig.PROVIDER, providerName().toUpperCase(java.util.Locale.ROOT));
        for (UtilityConfig named : List.of(UtilityConfig.fromProperties(file),
                config().provider(" " + providerName().toUpperCase(java.util.Locale.ROOT) + " ").build(),
                config().provider(Character.toUpperCase(providerName().charAt(0)) + providerName().substring(1)).build())) {
            try (MemoryUtilities memory = MemoryUtilities.open(named)) {
                assertEquals(providerName(), memory.provider().name(), named::toString);
                assertEquals("named in the configuration", memory.provider().reason());
            }
        }
    }

    @Test
    void the_instances_monitors_are_reached_from_the_application_and_the_users_stay_open() {
        RecordingMonitor mine = new RecordingMonitor();
        try (MemoryUtilities memory = MemoryUtilities.open(config().addMonitor(mine).build())) {
            assertEquals(mine, memory.monitors().getFirst(), "the configuration's monitors come first");
            assertEquals(java.util.Optional.of(mine), memory.monitor(RecordingMonitor.class));
            assertEquals(java.util.Optional.of(mine), memory.monitor(Monitor.class));
            assertEquals(java.util.Optional.empty(), memory.monitor(String.class));
            assertThrows(UnsupportedOperationException.class, () -> memory.monitors().clear());
        }
        assertEquals(0, mine.closes(), "the user's monitor stays the user's to close");
    }

    @Test
    void each_instance_has_its_own_name() {
        try (MemoryUtilities a = MemoryUtilities.open(config().build());
             MemoryUtilities b = MemoryUtilities.open(config().build())) {
            assertFalse(a.name().equals(b.name()), a.name());
        }
    }

    @Test
    void background_threads_run_while_open_and_are_gone_after_close() {
        // With the logging monitor on, an implementation may schedule work of its own.
        List<String> left = new ArrayList<>();
        captureEventLog(() -> {
            MemoryUtilities memory = MemoryUtilities.open(config().monitorLogLevel(System.Logger.Level.INFO).build());
            assertFalse(threadsOf(memory).isEmpty(), "the scheduler thread runs while open");
            memory.close();
            left.addAll(threadsOf(memory));
        });
        assertEquals(List.of(), left);
    }

    @RepeatedTest(5)
    void close_is_idempotent_and_every_concurrent_caller_returns_after_the_work_stopped() throws Exception {
        RecordingMonitor monitor = new RecordingMonitor();
        MemoryUtilities memory = MemoryUtilities.open(config().addMonitor(monitor).build());
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        List<String> leftovers = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    memory.close();
                    // Whichever call did the work, none returns before it is done.
                    leftovers.addAll(threadsOf(memory));
                    if (!memory.isClosed()) {
                        leftovers.add("isClosed() was false after close()");
                    }
                } catch (Exception e) {
                    leftovers.add(e.toString());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        memory.close();
        assertEquals(List.of(), leftovers);
        assertEquals(List.of(EventKind.UTILITIES_OPENED, EventKind.UTILITIES_CLOSED), monitor.kinds(),
                "closed once, however many callers");
    }

    @Test
    void configured_monitors_receive_lifecycle_events_and_stay_open() {
        RecordingMonitor monitor = new RecordingMonitor();
        String name;
        try (MemoryUtilities memory = MemoryUtilities.open(config().addMonitor(monitor).build())) {
            name = memory.name();
            assertTrue(memory.monitor().isEnabled(EventKind.UTILITIES_OPENED));
            assertEquals(List.of(EventKind.UTILITIES_OPENED), monitor.kinds());
        }
        assertEquals(List.of(EventKind.UTILITIES_OPENED, EventKind.UTILITIES_CLOSED), monitor.kinds());
        for (MonitorEvent event : monitor.events()) {
            assertEquals(name, event.source());
            assertEquals(providerName(), event.attributes().get("provider"));
        }
        assertEquals(0, monitor.closes(), "a monitor from the configuration is the caller's to close");
    }

    @Test
    void a_monitor_gets_only_the_kinds_it_enabled() {
        RecordingMonitor onlyClosed = new RecordingMonitor(Set.of(EventKind.UTILITIES_CLOSED));
        try (MemoryUtilities memory = MemoryUtilities.open(config().addMonitor(onlyClosed).build())) {
            assertFalse(memory.monitor().isEnabled(EventKind.UTILITIES_OPENED));
            assertTrue(memory.monitor().isEnabled(EventKind.UTILITIES_CLOSED));
        }
        assertEquals(List.of(EventKind.UTILITIES_CLOSED), onlyClosed.kinds());
    }

    @Test
    void a_throwing_monitor_breaks_neither_the_library_nor_the_other_monitors() {
        Monitor throwing = event -> {
            throw new IllegalStateException("monitor failure injected by the test");
        };
        RecordingMonitor after = new RecordingMonitor();
        try (LogCapture log = LogCapture.of("org.patinox.memory")) {
            try (MemoryUtilities memory = MemoryUtilities.open(config().addMonitor(throwing).addMonitor(after).build())) {
                memory.monitor().record(new MonitorEvent.Lifecycle(java.time.Instant.now(), "test",
                        EventKind.UTILITIES_OPENED, java.util.Map.of()));
            }
            // Reported once, with its failure; the later ones are not logged.
            List<LogRecord> reported = log.records().stream()
                    .filter(r -> r.getMessage().contains("threw while recording")).toList();
            assertEquals(1, reported.size(), log.text());
            assertEquals(java.util.logging.Level.WARNING, reported.getFirst().getLevel());
            assertTrue(log.text().contains("monitor failure injected by the test"), log.text());
        }
        assertEquals(List.of(EventKind.UTILITIES_OPENED, EventKind.UTILITIES_OPENED, EventKind.UTILITIES_CLOSED),
                after.kinds());
    }

    @Test
    void no_monitor_is_enabled_unless_configured() {
        try (MemoryUtilities memory = MemoryUtilities.open(config().build())) {
            for (EventKind kind : EventKind.values()) {
                assertFalse(memory.monitor().isEnabled(kind), kind::name);
            }
        }
    }

    @Test
    void the_implementation_logs_every_event_at_the_configured_level() {
        List<String> name = new ArrayList<>();
        List<LogRecord> logged = captureEventLog(() -> {
            try (MemoryUtilities memory = MemoryUtilities.open(config().monitorLogLevel(System.Logger.Level.INFO).build())) {
                name.add(memory.name());
                assertTrue(memory.monitor().isEnabled(EventKind.UTILITIES_OPENED));
            }
        });
        List<String> mine = logged.stream()
                .filter(r -> r.getLevel() == java.util.logging.Level.INFO)
                .map(LogRecord::getMessage)
                .filter(m -> m.contains(name.getFirst() + " "))
                .toList();
        assertEquals(2, mine.size(), mine::toString);
        assertTrue(mine.get(0).startsWith("UTILITIES_OPENED " + name.getFirst() + " provider=" + providerName()), mine.get(0));
        assertTrue(mine.get(1).startsWith("UTILITIES_CLOSED " + name.getFirst() + " provider=" + providerName()), mine.get(1));
    }

    @Test
    void the_logging_monitor_never_writes_to_the_logger_on_the_scheduler_thread() {
        // A log handler is user code: the logging monitor writes on the caller's or the instance's
        // virtual threads, never on the scheduler that times the instance's work.
        List<String> threads = new CopyOnWriteArrayList<>();
        List<String> name = new ArrayList<>();
        List<LogRecord> logged = captureEventLog(() -> {
            try (MemoryUtilities memory = MemoryUtilities.open(config().monitorLogLevel(System.Logger.Level.INFO).build())) {
                name.add(memory.name());
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                // The opening event is written while the instance is open, by the monitor's own drain.
                while (threads.isEmpty() && System.nanoTime() - deadline < 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
                assertFalse(threads.isEmpty(), "the opening event was not logged while the instance was open");
            }
        }, threads);
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().startsWith("UTILITIES_OPENED " + name.getFirst())),
                logged::toString);
        assertFalse(threads.contains(name.getFirst() + "-scheduler"), () -> "logged on the scheduler thread: " + threads);
    }

    @Test
    void a_level_the_event_logger_does_not_take_installs_no_monitor() {
        // The JDK's default logging configuration drops TRACE.
        try (MemoryUtilities memory = MemoryUtilities.open(config().monitorLogLevel(System.Logger.Level.TRACE).build())) {
            for (EventKind kind : EventKind.values()) {
                assertFalse(memory.monitor().isEnabled(kind), kind::name);
            }
        }
    }

    @Test
    void an_unknown_implementation_name_is_a_config_error_that_lists_what_was_found() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> MemoryUtilities.open(UtilityConfig.builder().provider("no-such-provider").build()));
        assertTrue(e.getMessage().contains("'no-such-provider'"), e.getMessage());
        assertTrue(e.getMessage().contains(providerName() + " (priority"), e.getMessage());
        assertTrue(e.getMessage().contains("org.patinox:patinox-memory-"), e.getMessage());
    }

    /**
     * A callback of the instance (here a configuration's subscriber, on one of the instance's
     * virtual threads) that closes the instance cannot be waited for by that close: with no limit on
     * the shutdown, waiting for it would never end. The close returns at once, and the instance
     * closes once the callback has returned.
     */
    @Test
    void a_callback_that_closes_its_own_instance_returns_at_once_and_the_instance_closes_after_it()
            throws InterruptedException {
        MemoryUtilities memory = MemoryUtilities.open(config()
                .shutdownTimeout(java.time.temporal.ChronoUnit.FOREVER.getDuration()).build());
        ConfigData<Integer> settings = memory.config(1);
        CountDownLatch returned = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        settings.subscribe(v -> {
            if (v.version() == 2) {
                memory.close();
                seen.add("closed=" + memory.isClosed());
                returned.countDown();
            }
        });
        settings.update(2);
        assertTrue(returned.await(20, TimeUnit.SECONDS), "close() from the instance's own thread waited for itself");
        assertEquals(List.of("closed=true"), seen);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!threadsOf(memory).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), threadsOf(memory), "the close finishes once the callback has returned");
        assertTrue(settings.isClosed());
        memory.close(); // from another thread, once done: returns at once
    }

    /**
     * A callback that closes its instance while another thread closes it must not wait for that
     * close, which waits for the callback's thread.
     */
    @Test
    void a_callback_that_closes_its_instance_while_another_thread_closes_it_returns_at_once() throws Exception {
        MemoryUtilities memory = MemoryUtilities.open(config()
                .shutdownTimeout(java.time.temporal.ChronoUnit.FOREVER.getDuration()).build());
        ConfigData<Integer> settings = memory.config(1);
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        settings.subscribe(v -> {
            if (v.version() == 2) {
                inCallback.countDown();
                while (!memory.isClosed()) {
                    Thread.onSpinWait();
                }
                memory.close();
                returned.countDown();
            }
        });
        settings.update(2);
        assertTrue(inCallback.await(20, TimeUnit.SECONDS));
        Thread closer = Thread.ofPlatform().start(memory::close);
        assertTrue(returned.await(20, TimeUnit.SECONDS), "close() from the instance's own thread waited for a close"
                + " that waits for that thread");
        closer.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(closer.isAlive(), "the first close finishes once the callback has returned");
        assertEquals(List.of(), threadsOf(memory));
    }

    /**
     * What the close itself calls runs on the closing thread: a monitor told {@code
     * UTILITIES_CLOSED}, a resource of the instance's registry closed there. One that closes the
     * instance again is inside that very close, which cannot finish before it returns; it returns at
     * once, and the close goes on. It waited for the close to finish, for ever.
     */
    @Test
    void a_close_made_from_inside_the_close_itself_returns_at_once() throws Exception {
        List<String> outcomes = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<MemoryUtilities> self = new java.util.concurrent.atomic.AtomicReference<>();
        Monitor closesOnClosed = new Monitor() {
            @Override
            public void record(MonitorEvent event) {
                self.get().close();
                outcomes.add("monitor: closed=" + self.get().isClosed());
            }

            @Override
            public boolean isEnabled(EventKind kind) {
                return kind == EventKind.UTILITIES_CLOSED;
            }
        };
        MemoryUtilities memory = MemoryUtilities.open(config().addMonitor(closesOnClosed)
                .shutdownTimeout(java.time.temporal.ChronoUnit.FOREVER.getDuration()).build());
        self.set(memory);
        memory.resources().register((AutoCloseable) () -> {
            memory.close();
            outcomes.add("resource: closed=" + memory.isClosed());
        });
        // A daemon, so that a close that never returns fails the test rather than holding the JVM.
        Thread closer = Thread.ofPlatform().daemon().start(memory::close);
        closer.join(Duration.ofSeconds(20));
        assertFalse(closer.isAlive(), "close() waited for a close made from inside itself");
        assertEquals(List.of("resource: closed=true", "monitor: closed=true"), outcomes);
        assertEquals(List.of(), threadsOf(memory));
    }

    @Test
    void close_waits_no_longer_than_needed() {
        MemoryUtilities memory = MemoryUtilities.open(config().shutdownTimeout(Duration.ofSeconds(30)).build());
        long start = System.nanoTime();
        memory.close();
        // Idle background work stops at once; only a running task may use the grace period.
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }

    /**
     * A logging backend that throws on every record breaks nothing: the library logs in the middle
     * of its bookkeeping (a creation that failed, a destroy that failed, a cleanup's outcome), and a
     * throw there once left a pool's close waiting forever for a cleanup whose outcome was never
     * delivered. Here creation fails once, every recycle and destroy fails, and every record makes
     * the handler throw; the pool still serves, and the pool and the instance close at once with every
     * connection's destroy attempted.
     */
    @Test
    @Timeout(60)
    void a_logging_backend_that_throws_breaks_nothing() throws Exception {
        Logger library = Logger.getLogger("org.patinox.memory");
        AtomicInteger published = new AtomicInteger();
        Handler broken = new Handler() {
            @Override
            public void publish(LogRecord record) {
                published.incrementAndGet();
                throw new IllegalStateException("a broken log handler");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Level level = library.getLevel();
        boolean useParent = library.getUseParentHandlers();
        library.addHandler(broken);
        library.setLevel(java.util.logging.Level.ALL);
        library.setUseParentHandlers(false);
        AtomicInteger creates = new AtomicInteger();
        Set<Object> made = ConcurrentHashMap.newKeySet();
        Set<Object> destroyed = ConcurrentHashMap.newKeySet();
        BlockingConnectionManager<Object> manager = new BlockingConnectionManager<>() {
            @Override
            public Object create() throws IOException {
                if (creates.getAndIncrement() == 0) {
                    throw new IOException("the first creation fails");
                }
                Object c = new Object();
                made.add(c);
                return c;
            }

            @Override
            public boolean validate(Object connection) {
                return true;
            }

            @Override
            public void recycle(Object connection) throws IOException {
                throw new IOException("every recycle fails");
            }

            @Override
            public void destroy(Object connection) throws IOException {
                destroyed.add(connection);
                throw new IOException("every destroy fails");
            }
        };
        try {
            MemoryUtilities memory = MemoryUtilities.open(config().build());
            Pool<Object> pool = memory.pool(manager, PoolConfig.builder().name("broken-log").minSize(1).maxSize(2).build());
            for (int i = 0; i < 3; i++) {
                try (PooledConnection<Object> c = pool.acquire(Duration.ofSeconds(10))) {
                    assertTrue(made.contains(c.get()));
                }
            }
            long start = System.nanoTime();
            pool.close();
            memory.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, () -> "closing took " + took);
            assertEquals(made, destroyed, "every connection's destroy attempted");
            assertTrue(published.get() > 0, "the failures were logged to the broken handler");
        } finally {
            library.removeHandler(broken);
            library.setLevel(level);
            library.setUseParentHandlers(useParent);
        }
    }

    /**
     * Runs the action with the event logger's records captured instead of printed, as the JDK's
     * default {@link System.Logger} backend ({@code java.util.logging}) delivers them.
     *
     * @param action what to run
     * @return the records logged to {@value UtilityConfig#EVENT_LOGGER} meanwhile
     */
    private static List<LogRecord> captureEventLog(Runnable action) {
        return captureEventLog(action, new CopyOnWriteArrayList<>());
    }

    /**
     * As {@link #captureEventLog(Runnable)}, also keeping the name of the thread each record was
     * published on.
     *
     * @param action what to run
     * @param threads receives the thread names, one per record, in order
     * @return the records
     */
    private static List<LogRecord> captureEventLog(Runnable action, List<String> threads) {
        Logger events = Logger.getLogger(UtilityConfig.EVENT_LOGGER);
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                logged.add(record);
                threads.add(Thread.currentThread().getName());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean useParent = events.getUseParentHandlers();
        events.addHandler(capture);
        events.setUseParentHandlers(false);
        try {
            action.run();
        } finally {
            events.removeHandler(capture);
            events.setUseParentHandlers(useParent);
        }
        return List.copyOf(logged);
    }

    /**
     * Pools, caches, registries and configurations opened from several threads while another closes
     * the instance: each call either returns an open component that the close then closes, or fails
     * as a call after close does; never with what the instance's stopped executors threw. Every
     * connection created is destroyed.
     */
    @Test
    @Tag("stress")
    @Timeout(120)
    void components_opened_while_the_instance_closes_are_closed_with_it_or_refused_as_closed() throws Exception {
        TestConnectionManager manager = new TestConnectionManager();
        List<String> wrong = new CopyOnWriteArrayList<>();
        for (int round = 0; round < 200 && wrong.isEmpty(); round++) {
            MemoryUtilities memory = MemoryUtilities.open(config().build());
            List<java.util.function.BooleanSupplier> closedChecks = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> openers = new ArrayList<>();
            for (int kind = 0; kind < 4; kind++) {
                int k = kind;
                openers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 20; i++) {
                        try {
                            switch (k) {
                                case 0 -> {
                                    Pool<TestConnection> pool = memory.pool(manager, PoolConfig.builder().minSize(1).maxSize(2).build());
                                    closedChecks.add(pool::isClosed);
                                }
                                case 1 -> {
                                    var cache = memory.cache(org.patinox.memory.cache.CacheConfig.<Integer, Integer>builder()
                                            .maximumSize(10).expireAfterWrite(Duration.ofMinutes(1)).build());
                                    closedChecks.add(cache::isClosed);
                                }
                                case 2 -> {
                                    var registry = memory.resources(org.patinox.memory.resource.ResourceConfig.defaults());
                                    closedChecks.add(registry::isClosed);
                                }
                                default -> {
                                    ConfigData<String> data = memory.config("x");
                                    closedChecks.add(data::isClosed);
                                }
                            }
                        } catch (IllegalStateException e) {
                            if (!(memory.name() + " is closed").equals(e.getMessage())) {
                                wrong.add(e.toString());
                            }
                        } catch (RuntimeException | Error e) {
                            wrong.add(e.toString());
                        }
                    }
                }));
            }
            go.countDown();
            Thread.sleep(round % 3);
            memory.close();
            for (Thread t : openers) {
                t.join();
            }
            for (var isClosed : closedChecks) {
                if (!isClosed.getAsBoolean()) {
                    wrong.add("a component opened as the instance closed is still open after the close");
                }
            }
        }
        assertEquals(List.of(), wrong.stream().distinct().toList());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!manager.notDestroyedExactlyOnce().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), manager.notDestroyedExactlyOnce(), "every connection created is destroyed once");
        assertEquals(List.of(), manager.errors());
    }

    /**
     * A closed instance says so first, from every factory method, whatever else is wrong with the
     * call: a URL no provider takes, a missing file, a null argument. Being closed is what the caller
     * must hear; the rest would only send them looking in the wrong place.
     */
    @Test
    void every_factory_of_a_closed_instance_says_it_is_closed_before_anything_else() {
        MemoryUtilities memory = MemoryUtilities.open(config().build());
        memory.close();
        String closed = memory.name() + " is closed";
        TestConnectionManager manager = new TestConnectionManager();
        BlockingConnectionManager<Object> blocking = new BlockingConnectionManager<>() {
            @Override
            public Object create() {
                return new Object();
            }

            @Override
            public boolean validate(Object connection) {
                return true;
            }

            @Override
            public void destroy(Object connection) {
            }
        };
        java.nio.file.Path missing = java.nio.file.Path.of("no-such-dir-" + memory.name(), "missing.bin");
        var cacheConfig = org.patinox.memory.cache.CacheConfig.<String, String>builder().maximumSize(1).build();
        var share = org.patinox.memory.share.ShareConfig.defaults();
        java.util.Map<String, org.junit.jupiter.api.function.Executable> calls = new java.util.LinkedHashMap<>();
        calls.put("pool(manager)", () -> memory.pool(manager, PoolConfig.defaults()));
        calls.put("pool(null manager)", () -> memory.pool((TestConnectionManager) null, PoolConfig.defaults()));
        calls.put("pool(blocking manager)", () -> memory.pool(blocking, PoolConfig.defaults()));
        calls.put("pool(url) no provider", () -> memory.pool("nosuchscheme:x", PoolConfig.defaults()));
        calls.put("pool(url, type) no provider", () -> memory.pool("nosuchscheme:x", Object.class, PoolConfig.defaults()));
        calls.put("pool(url, properties, type) no provider",
                () -> memory.pool("nosuchscheme:x", new java.util.Properties(), Object.class, PoolConfig.defaults()));
        calls.put("pool(null url)", () -> memory.pool((String) null, PoolConfig.defaults()));
        calls.put("pool(blank url)", () -> memory.pool(" ", null));
        calls.put("cache", () -> memory.cache(cacheConfig));
        calls.put("cache(null)", () -> memory.cache(null));
        calls.put("map(missing file)", () -> memory.map(missing, org.patinox.memory.mapping.MappingConfig.readOnly()));
        calls.put("map(null)", () -> memory.map(null, null));
        calls.put("resources()", memory::resources);
        calls.put("resources(config)", () -> memory.resources(org.patinox.memory.resource.ResourceConfig.defaults()));
        calls.put("resources(null)", () -> memory.resources(null));
        calls.put("shared", () -> memory.shared("x", share));
        calls.put("shared(null)", () -> memory.shared(null, null));
        calls.put("mutableShared", () -> memory.mutableShared(Object::new, share));
        calls.put("mutableShared(null)", () -> memory.mutableShared(null, null));
        calls.put("concurrentMap", memory::concurrentMap);
        calls.put("config", () -> memory.config("x"));
        calls.put("config(null)", () -> memory.config(null, null, null));
        calls.put("config(null validator)", () -> memory.config("x", share, java.util.Arrays.asList(
                (ConfigData.Validator<Object>) null)));
        List<String> wrong = new ArrayList<>();
        calls.forEach((call, run) -> {
            try {
                run.execute();
                wrong.add(call + ": returned");
            } catch (IllegalStateException e) {
                if (!closed.equals(e.getMessage())) {
                    wrong.add(call + ": " + e);
                }
            } catch (Throwable e) {
                wrong.add(call + ": " + e);
            }
        });
        assertEquals(List.of(), wrong);
    }

    /** @return the names of the live platform threads the instance started */
    protected static List<String> threadsOf(MemoryUtilities memory) {
        String prefix = memory.name() + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(prefix))
                .toList();
    }
}
