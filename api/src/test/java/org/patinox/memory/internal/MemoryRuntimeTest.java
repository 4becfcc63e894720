package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.ConfigException;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.MemoryProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.spi.ProviderContext;

@Timeout(30)
final class MemoryRuntimeTest {

    private static ProviderResolver.Choice choice(MemoryProvider provider) {
        return new ProviderResolver.Choice(provider, new ProviderSelection(provider.name(), provider.description(),
                "test", List.of(provider.name()), List.of()));
    }

    private record FakeMonitorProvider(String name, Function<ProviderContext, Optional<Monitor>> create)
            implements MonitorProvider {
        @Override
        public Optional<Monitor> create(ProviderContext context) {
            return create.apply(context);
        }
    }

    private static List<String> liveThreads(String instance) {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName).filter(n -> n.startsWith(instance + "-")).toList();
    }

    private static final class Recorder implements Monitor {
        final List<MonitorEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void record(MonitorEvent event) {
            events.add(event);
        }
    }

    @Test
    void close_waits_for_blocking_work_within_the_timeout() throws InterruptedException {
        AtomicReference<ProviderContext> context = new AtomicReference<>();
        MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.defaults(),
                choice(new FakeProvider("fake", 1, c -> {
                    context.set(c);
                    return Optional.empty();
                })), List.of());
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        context.get().blockingExecutor().execute(() -> {
            started.countDown();
            try {
                Thread.sleep(200);
                finished.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        runtime.close();
        assertTrue(finished.get(), "close let the running task finish");
    }

    @Test
    void a_task_that_outlives_the_timeout_is_interrupted_and_close_says_so() throws InterruptedException {
        AtomicReference<ProviderContext> context = new AtomicReference<>();
        Recorder recorder = new Recorder();
        MemoryRuntime runtime = MemoryRuntime.start(
                UtilityConfig.builder().shutdownTimeout(Duration.ofMillis(100)).addMonitor(recorder).build(),
                choice(new FakeProvider("fake", 1, c -> {
                    context.set(c);
                    return Optional.empty();
                })), List.of());
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(2);
        Runnable hang = () -> {
            started.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        };
        context.get().blockingExecutor().execute(hang);
        context.get().scheduler().schedule(hang, 0, TimeUnit.MILLISECONDS);
        started.await();
        runtime.close();
        assertTrue(interrupted.get());
        assertEquals(List.of(), liveThreads(runtime.name()));
        MonitorEvent closed = recorder.events.getLast();
        assertEquals(EventKind.UTILITIES_CLOSED, closed.kind());
        assertEquals(true, closed.attributes().get("forced"));
        assertTrue(context.get().scheduler().isTerminated());
        assertTrue(context.get().blockingExecutor().isTerminated());
    }

    @Test
    void a_shutdown_timeout_past_a_long_of_nanoseconds_means_no_limit_and_closes_cleanly() throws InterruptedException {
        AtomicReference<ProviderContext> context = new AtomicReference<>();
        AtomicBoolean monitorClosed = new AtomicBoolean();
        Recorder recorder = new Recorder();
        MonitorProvider plugin = new FakeMonitorProvider("plugin", c -> Optional.of(new Monitor() {
            @Override
            public void record(MonitorEvent event) {
            }

            @Override
            public void close() {
                monitorClosed.set(true);
            }
        }));
        MemoryRuntime runtime = MemoryRuntime.start(
                UtilityConfig.builder().shutdownTimeout(java.time.temporal.ChronoUnit.FOREVER.getDuration())
                        .addMonitor(recorder).build(),
                choice(new FakeProvider("fake", 1, c -> {
                    context.set(c);
                    return Optional.empty();
                })), List.of(plugin));
        assertEquals(Durations.UNLIMITED, runtime.config().shutdownTimeout());
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        context.get().blockingExecutor().execute(() -> {
            started.countDown();
            try {
                Thread.sleep(100);
                finished.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        runtime.close();
        assertTrue(finished.get(), "close waited for the running task");
        assertTrue(monitorClosed.get(), "the monitors were left open");
        assertEquals(List.of(), liveThreads(runtime.name()));
        MonitorEvent closed = recorder.events.getLast();
        assertEquals(EventKind.UTILITIES_CLOSED, closed.kind());
        assertEquals(false, closed.attributes().get("forced"));
    }

    @Test
    void monitors_from_providers_are_combined_and_closed_and_broken_ones_skipped() {
        Recorder fromImplementation = new Recorder();
        Recorder fromPlugin = new Recorder();
        AtomicBoolean pluginClosed = new AtomicBoolean();
        MonitorProvider plugin = new FakeMonitorProvider("plugin", context -> Optional.of(new Monitor() {
            @Override
            public void record(MonitorEvent event) {
                fromPlugin.record(event);
            }

            @Override
            public void close() {
                pluginClosed.set(true);
            }
        }));
        MonitorProvider broken = new FakeMonitorProvider("broken", context -> {
            throw new IllegalStateException("injected");
        });
        MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.defaults(),
                choice(new FakeProvider("fake", 1, c -> Optional.of(fromImplementation))), List.of(broken, plugin));
        runtime.close();
        assertEquals(List.of(EventKind.UTILITIES_OPENED, EventKind.UTILITIES_CLOSED),
                fromImplementation.events.stream().map(MonitorEvent::kind).toList());
        assertEquals(2, fromPlugin.events.size());
        assertTrue(pluginClosed.get());
        assertEquals(false, fromPlugin.events.getLast().attributes().get("forced"));
    }

    @Test
    void a_monitor_provider_that_returns_null_is_skipped_and_does_not_stop_the_open() {
        MonitorProvider broken = new FakeMonitorProvider("null", context -> null);
        MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.defaults(),
                choice(new FakeProvider("fake", 1, c -> Optional.empty())), List.of(broken));
        assertFalse(runtime.isClosed());
        runtime.close();
    }

    @Test
    void a_failing_implementation_monitor_does_not_stop_the_open() {
        MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.defaults(),
                choice(new FakeProvider("fake", 1, c -> {
                    throw new IllegalStateException("injected");
                })), List.of());
        assertFalse(runtime.monitor().isEnabled(EventKind.UTILITIES_OPENED));
        runtime.close();
        assertEquals(List.of(), liveThreads(runtime.name()));
    }

    @Test
    void an_error_during_open_leaves_no_thread_behind() {
        AtomicReference<ProviderContext> context = new AtomicReference<>();
        MonitorProvider fatal = new FakeMonitorProvider("fatal", c -> {
            context.set(c);
            throw new OutOfMemoryError("injected");
        });
        assertThrows(OutOfMemoryError.class, () -> MemoryRuntime.start(UtilityConfig.defaults(),
                choice(new FakeProvider("fake", 1)), List.of(fatal)));
        assertTrue(context.get().scheduler().isShutdown());
        assertTrue(context.get().blockingExecutor().isShutdown());
    }

    @Test
    void an_interrupted_close_still_stops_everything_and_keeps_the_interrupt() {
        MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.defaults(), choice(new FakeProvider("fake", 1)), List.of());
        Thread.currentThread().interrupt();
        runtime.close();
        assertTrue(Thread.interrupted());
        assertTrue(runtime.isClosed());
    }

    @Test
    void pools_are_named_tracked_and_closed_with_the_instance() {
        MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.defaults(), choice(new FakeProvider("fake", 1)), List.of());
        Pool<Object> first = runtime.pool(new NoConnections(), PoolConfig.defaults());
        Pool<Object> named = runtime.pool(new NoConnections(), PoolConfig.builder().name("orders").build());
        Pool<Object> closedEarly = runtime.pool(new NoConnections(), PoolConfig.defaults());
        assertEquals(runtime.name() + "-pool-1", first.name());
        assertEquals("orders", named.name());
        assertEquals(runtime.name() + "-pool-2", closedEarly.name());
        closedEarly.close();
        runtime.close();
        assertTrue(first.isClosed());
        assertTrue(named.isClosed());
        assertThrows(IllegalStateException.class, () -> runtime.pool(new NoConnections(), PoolConfig.defaults()));
    }

    /** A connection manager provider for tests: accepts what its predicate says, makes {@code made}. */
    private record UrlProvider(String name, int priority, java.util.function.Predicate<String> accepting,
                               Class<?> connectionType, ConnectionManager<?> made)
            implements org.patinox.memory.spi.ConnectionManagerProvider {
        @Override
        public boolean accepts(String url) {
            return accepting.test(url);
        }

        @Override
        public ConnectionManager<?> create(String url, java.util.Properties properties) {
            return made;
        }
    }

    private static org.patinox.memory.spi.ConnectionManagerProvider chosenFor(String url,
            org.patinox.memory.spi.ConnectionManagerProvider... providers) {
        return MemoryRuntime.connectionManagerProvider(new ProviderResolver.Loaded<>(List.of(providers), List.of()), url);
    }

    @Test
    void a_connection_manager_provider_that_throws_on_a_url_is_skipped_without_the_url_and_the_others_serve_it() {
        var parsing = new UrlProvider("parsing", 10, url -> {
            throw new IllegalArgumentException("cannot parse " + url);
        }, Object.class, new NoConnections());
        var low = new UrlProvider("low", 1, url -> url.startsWith("echo:"), Object.class, new NoConnections());
        var high = new UrlProvider("high", 5, url -> url.startsWith("echo:"), Object.class, new NoConnections());
        var highToo = new UrlProvider("high-too", 5, url -> url.startsWith("echo:"), Object.class, new NoConnections());
        assertEquals(high, chosenFor("echo://host?password=hunter2", parsing, low, high, highToo),
                "the highest priority; the first of equals");
        ConfigException none = assertThrows(ConfigException.class, () -> chosenFor("other://host?password=hunter2",
                parsing, low));
        assertTrue(none.getMessage().contains("found [parsing, low], skipped [" + UrlProvider.class.getName()
                + " failed when asked whether it accepts URLs of scheme 'other': java.lang.IllegalArgumentException]"),
                none.getMessage());
        assertFalse(none.getMessage().contains("hunter2"), none.getMessage());
    }

    @Test
    void a_connection_manager_provider_telling_no_type_or_making_no_manager_is_refused_by_name() {
        var untyped = new UrlProvider("untyped", 0, url -> true, null, new NoConnections());
        var empty = new UrlProvider("empty", 0, url -> true, Object.class, null);
        var strings = new UrlProvider("strings", 0, url -> true, String.class, new NoConnections());
        String url = "echo://host?password=hunter2";
        for (var provider : List.of(untyped, empty)) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> MemoryRuntime.manager(provider, url, new java.util.Properties(), Object.class));
            assertTrue(e.getMessage().startsWith("Connection manager provider '" + provider.name() + "' ("
                    + UrlProvider.class.getName() + ")") && e.getMessage().contains("(null) for URLs of scheme 'echo'"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
        ConfigException wrongType = assertThrows(ConfigException.class,
                () -> MemoryRuntime.manager(strings, url, new java.util.Properties(), Integer.class));
        assertEquals("Connection manager provider 'strings' makes connections of type java.lang.String for URLs of"
                + " scheme 'echo', not java.lang.Integer", wrongType.getMessage());
        assertTrue(strings.made() == (Object) MemoryRuntime.manager(strings, url, new java.util.Properties(),
                CharSequence.class), "a supertype of what the provider makes is accepted");
    }

    @Test
    void a_provider_is_never_given_null_properties_which_mean_none() {
        List<java.util.Properties> given = new java.util.ArrayList<>();
        var recording = new org.patinox.memory.spi.ConnectionManagerProvider() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public boolean accepts(String url) {
                return true;
            }

            @Override
            public Class<?> connectionType() {
                return Object.class;
            }

            @Override
            public ConnectionManager<?> create(String url, java.util.Properties properties) {
                given.add(properties);
                return new NoConnections();
            }
        };
        MemoryRuntime.manager(recording, "echo://host", null, Object.class);
        assertEquals(List.of(new java.util.Properties()), given);
    }

    @Test
    void a_url_no_provider_accepts_is_a_config_error_that_shows_no_secret() {
        MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.defaults(), choice(new FakeProvider("fake", 1)), List.of());
        try {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> runtime.pool("nosuch:db://host/app?user=me&password=hunter2", PoolConfig.defaults()));
            assertTrue(e.getMessage().startsWith("No connection manager provider accepts URLs of scheme 'nosuch:db'"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        } finally {
            runtime.close();
        }
    }

    /** A URL without a scheme (blank, or white space before it) is told as such, not as "scheme ''". */
    @Test
    void a_url_without_a_scheme_no_provider_accepts_is_told_as_having_none_and_shows_no_secret() {
        MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.defaults(), choice(new FakeProvider("fake", 1)), List.of());
        try {
            for (String url : List.of("", "   ", " jdbc:h2:mem:app;PASSWORD=hunter2", "//host/app?password=hunter2")) {
                ConfigException e = assertThrows(ConfigException.class, () -> runtime.pool(url, PoolConfig.defaults()));
                assertTrue(e.getMessage().startsWith("No connection manager provider accepts the URL, which has no"
                        + " scheme (such as jdbc: in jdbc:h2:mem:app)" + (url.isBlank() ? ": it is blank;" : ";")),
                        url + " -> " + e.getMessage());
                assertFalse(e.getMessage().contains("scheme ''"), e.getMessage());
                assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            }
        } finally {
            runtime.close();
        }
    }

    /** A manager the fake pool never calls. */
    private static final class NoConnections implements ConnectionManager<Object> {
        @Override
        public CompletionStage<Object> create() {
            return CompletableFuture.failedStage(new IllegalStateException("no connections here"));
        }

        @Override
        public CompletionStage<Boolean> validate(Object connection) {
            return CompletableFuture.completedStage(false);
        }

        @Override
        public CompletionStage<Void> recycle(Object connection) {
            return CompletableFuture.completedStage(null);
        }

        @Override
        public CompletionStage<Void> destroy(Object connection) {
            return CompletableFuture.completedStage(null);
        }
    }
}
