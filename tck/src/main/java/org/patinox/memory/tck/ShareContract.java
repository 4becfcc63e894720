package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.ConfigSource;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharedData;
import org.patinox.memory.share.SharingStats;
import org.patinox.memory.share.Subscription;
import org.patinox.memory.share.Versioned;

/**
 * The contract of data sharing that every implementation keeps: snapshots replaced by
 * copy-on-write, mutable state reached through callbacks with re-entry refused, the concurrent
 * map's refusal of updates from its mapping functions, versioned configuration (validation whole
 * or nothing, ordered delivery on virtual threads, throwing subscribers kept, the {@code
 * Flow.Publisher} view's demand and its Reactive Streams edges: subscribing to a closed
 * configuration, a request after cancel, a subscribe racing the close) and reloading from a file
 * (changes, malformed files, rename over the file, bursts, close, parsers and validators that throw
 * errors or undeclared checked exceptions, a validator that hangs).
 */
@Timeout(60)
public abstract class ShareContract {

    /** How long a test waits for something asynchronous before it fails: generous, the machine may be busy. */
    protected static final Duration PATIENCE = Duration.ofSeconds(20);
    /** The logger data sharing warns on. */
    protected static final String SHARE_LOGGER = "org.patinox.memory.share";

    /** The instance of the current test, closed after it. */
    protected MemoryUtilities memory;
    /** Every event of the current test's {@link MemoryUtilities}. */
    protected RecordingMonitor monitor;

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    @BeforeEach
    void open_a_fresh_instance() {
        monitor = new RecordingMonitor();
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).addMonitor(monitor)
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close_the_instance() {
        memory.close();
        assertEquals(List.of(), monitor.eventsOnScheduler(), "events recorded on the scheduler thread");
    }

    /** A two-field value whose fields must always agree, to catch a torn read. */
    record Pair(long a, long b) {
    }

    // ---------------------------------------------------------------- SharedData

    @Test
    void shared_data_gives_the_snapshot_set_and_names_itself() {
        SharedData<Pair> data = memory.shared(new Pair(1, 1));
        assertEquals(new Pair(1, 1), data.get());
        data.set(new Pair(2, 2));
        assertEquals(new Pair(2, 2), data.get());
        assertTrue(data.name().startsWith(memory.name() + "-shared-"), data.name());
        assertEquals(new SharingStats(0, 1, 0), data.stats());
        assertThrows(NullPointerException.class, () -> data.set(null));
        assertThrows(NullPointerException.class, () -> memory.shared(null));
    }

    @Test
    void an_update_that_loses_its_race_runs_again_on_the_newer_snapshot() {
        SharedData<Pair> data = memory.shared(new Pair(0, 0));
        AtomicInteger runs = new AtomicInteger();
        Pair installed = data.update(p -> {
            if (runs.incrementAndGet() == 1) {
                // A write from another thread that comes in between.
                Thread writer = Thread.ofVirtual().start(() -> data.set(new Pair(10, 10)));
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return new Pair(p.a() + 1, p.b() + 1);
        });
        assertEquals(2, runs.get(), "the function runs again after losing the compare-and-set");
        assertEquals(new Pair(11, 11), installed);
        assertEquals(new Pair(11, 11), data.get());
        assertEquals(new SharingStats(0, 2, 1), data.stats());
    }

    @Test
    void an_update_function_that_writes_the_same_instance_is_refused_rather_than_retried_for_ever() {
        SharedData<Pair> data = memory.shared(new Pair(0, 0));
        IllegalStateException set = assertThrows(IllegalStateException.class,
                () -> data.update(p -> {
                    data.set(new Pair(p.a() + 1, 0)); // each run would make the outer one lose again
                    return p;
                }));
        assertTrue(set.getMessage().startsWith("SharedData " + data.name() + ": set was called from an update function"),
                set.getMessage());
        IllegalStateException update = assertThrows(IllegalStateException.class,
                () -> data.update(p -> data.update(q -> new Pair(q.a() + 1, 0))));
        assertTrue(update.getMessage().contains("update was called from an update function"), update.getMessage());
        // Refused before anything was written; reading from the function is fine, and so is
        // updating another instance.
        assertEquals(new Pair(0, 0), data.get());
        SharedData<Pair> other = memory.shared(new Pair(5, 5));
        assertEquals(new Pair(1, 5), data.update(p -> new Pair(data.get().a() + 1, other.update(o -> o).b())));
        assertEquals(new SharingStats(0, 1, 0), data.stats());
    }

    @Test
    void a_write_from_another_instances_update_function_inside_this_ones_is_refused_too() {
        SharedData<Pair> data = memory.shared(new Pair(0, 0));
        SharedData<Pair> other = memory.shared(new Pair(5, 5));
        AtomicInteger runs = new AtomicInteger();
        // data's function runs other's, which writes data: still on the same thread inside data's
        // function, so each run would make data's compare-and-set fail, and run it again, for ever.
        IllegalStateException set = assertThrows(IllegalStateException.class, () -> data.update(p -> {
            if (runs.incrementAndGet() > 100) {
                throw new AssertionError("the update function ran " + runs.get() + " times");
            }
            other.update(o -> {
                data.set(new Pair(p.a() + 1, 0));
                return o;
            });
            return p;
        }));
        assertTrue(set.getMessage().startsWith("SharedData " + data.name() + ": set was called from an update function"),
                set.getMessage());
        runs.set(0);
        IllegalStateException update = assertThrows(IllegalStateException.class, () -> data.update(p -> {
            if (runs.incrementAndGet() > 100) {
                throw new AssertionError("the update function ran " + runs.get() + " times");
            }
            return other.update(o -> data.update(q -> new Pair(q.a() + 1, 0)));
        }));
        assertTrue(update.getMessage().startsWith("SharedData " + data.name() + ": update was called from an update function"),
                update.getMessage());
        assertEquals(new Pair(0, 0), data.get());
        assertEquals(new Pair(5, 5), other.get());
        // Once the outer update is over, the thread may write both again.
        data.set(new Pair(1, 1));
        assertEquals(new Pair(1, 1), other.update(o -> data.get()));
    }

    @Test
    void an_update_returning_null_is_refused_and_changes_nothing() {
        SharedData<Pair> data = memory.shared(new Pair(3, 3));
        assertThrows(NullPointerException.class, () -> data.update(p -> null));
        assertEquals(new Pair(3, 3), data.get());
        assertEquals(0, data.stats().writes());
    }

    @Test
    void reads_are_counted_only_when_asked() {
        SharedData<String> quiet = memory.shared("x");
        SharedData<String> counted = memory.shared("x", ShareConfig.builder().name("counted").recordReads(true).build());
        for (int i = 0; i < 5; i++) {
            quiet.get();
            counted.get();
        }
        assertEquals(0, quiet.stats().reads());
        assertEquals(5, counted.stats().reads());
        assertEquals("counted", counted.name());
    }

    // ---------------------------------------------------------------- MutableSharedData

    @Test
    void mutable_state_is_read_and_written_through_callbacks() {
        MutableSharedData<List<Integer>> data = memory.mutableShared(ArrayList::new,
                ShareConfig.builder().recordReads(true).build());
        data.write(list -> list.add(1));
        int size = data.writeAndGet(list -> {
            list.add(2);
            return list.size();
        });
        assertEquals(2, size);
        assertEquals(List.of(1, 2), data.read(List::copyOf));
        data.write(List::removeFirst);
        assertEquals(List.of(2), data.read(List::copyOf));
        assertEquals(List.of(2), data.read(List::copyOf), "every copy holds every write");
        assertEquals(new SharingStats(3, 3, 0), data.stats());
    }

    @Test
    @Timeout(20)
    void a_callback_that_calls_back_into_the_same_instance_is_refused_not_deadlocked() {
        MutableSharedData<List<Integer>> data = memory.mutableShared(ArrayList::new);
        IllegalStateException writeInRead = assertThrows(IllegalStateException.class,
                () -> data.read(list -> {
                    data.write(l -> l.add(1));
                    return null;
                }));
        assertTrue(writeInRead.getMessage().contains("write was called from a read or write callback"),
                writeInRead.getMessage());
        assertThrows(IllegalStateException.class, () -> data.read(list -> data.read(List::size)));
        assertThrows(IllegalStateException.class, () -> data.write(list -> data.read(List::size)));
        assertThrows(IllegalStateException.class, () -> data.write(list -> data.writeAndGet(List::size)));
        // Refused before anything was applied, and the instance still works.
        data.write(list -> list.add(7));
        assertEquals(List.of(7), data.read(List::copyOf));
        assertEquals(List.of(7), data.read(List::copyOf));
    }

    @Test
    void an_interrupted_writer_waiting_for_a_reader_parks_rather_than_spins_and_keeps_its_interrupt()
            throws Exception {
        MutableSharedData<List<Integer>> data = memory.mutableShared(ArrayList::new);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> data.read(list -> {
            reading.countDown();
            await(release);
            return null;
        }));
        assertTrue(reading.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        AtomicBoolean keptInterrupt = new AtomicBoolean();
        // A virtual thread whose park returns at once (as it does while interrupted) never leaves its
        // carrier: a few such writers would take every carrier from the reader they wait for.
        Thread writer = Thread.ofVirtual().unstarted(() -> {
            Thread.currentThread().interrupt();
            data.write(list -> list.add(1));
            keptInterrupt.set(Thread.currentThread().isInterrupted());
        });
        writer.start();
        try {
            // A parked virtual thread is WAITING or TIMED_WAITING; one that spins is always RUNNABLE.
            eventually(() -> writer.getState() == Thread.State.WAITING || writer.getState() == Thread.State.TIMED_WAITING);
        } finally {
            release.countDown();
        }
        reader.join(PATIENCE);
        assertTrue(writer.join(PATIENCE), "the write ends once the reader has left");
        assertTrue(keptInterrupt.get(), "the writer's interrupt is kept");
        assertEquals(List.of(1), data.read(List::copyOf));
    }

    @Test
    void a_write_that_throws_reaches_the_caller_and_leaves_every_copy_alike() {
        MutableSharedData<List<Integer>> data = memory.mutableShared(ArrayList::new);
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> data.write(list -> {
            list.add(1);
            throw new IllegalArgumentException("half done");
        }));
        assertEquals("half done", thrown.getMessage());
        assertEquals(List.of(1), data.read(List::copyOf));
        data.write(list -> list.add(2)); // moves readers to the other copy, if there is one
        assertEquals(List.of(1, 2), data.read(List::copyOf));
        assertEquals(1, data.stats().writes(), "a write that threw did not take effect as a write");
    }

    @Test
    void a_write_that_throws_a_checked_exception_undeclared_reaches_the_caller_unchanged() {
        MutableSharedData<List<Integer>> data = memory.mutableShared(ArrayList::new);
        IOException fromWrite = new IOException("from write");
        IOException thrown = assertThrows(IOException.class, () -> data.write(list -> {
            list.add(1);
            throw sneaky(fromWrite);
        }));
        assertSame(fromWrite, thrown, "what the callback threw, not a wrapper");
        IOException fromWriteAndGet = new IOException("from writeAndGet");
        thrown = assertThrows(IOException.class, () -> data.writeAndGet(list -> {
            list.add(2);
            throw sneaky(fromWriteAndGet);
        }));
        assertSame(fromWriteAndGet, thrown);
        // Applied to every copy before it was thrown, as a RuntimeException would be.
        assertEquals(List.of(1, 2), data.read(List::copyOf));
        data.write(list -> list.add(3));
        assertEquals(List.of(1, 2, 3), data.read(List::copyOf));
        assertEquals(List.of(1, 2, 3), data.read(List::copyOf));
        assertEquals(1, data.stats().writes());
    }

    @Test
    void the_factory_may_not_return_null() {
        assertThrows(NullPointerException.class, () -> memory.mutableShared(() -> null));
    }

    // ---------------------------------------------------------------- concurrentMap

    @Test
    void the_concurrent_map_maps_and_refuses_nulls() {
        ConcurrentMap<String, Integer> map = memory.concurrentMap();
        assertNull(map.put("a", 1));
        assertEquals(1, map.get("a"));
        assertEquals(2, map.merge("a", 1, Integer::sum));
        assertEquals(3, map.computeIfAbsent("b", k -> 3));
        assertEquals(2, map.size());
        assertThrows(NullPointerException.class, () -> map.put(null, 1));
        assertThrows(NullPointerException.class, () -> map.put("c", null));
    }

    @Test
    @Timeout(20)
    void a_mapping_function_that_updates_the_same_map_is_refused_and_changes_nothing() {
        ConcurrentMap<String, Integer> map = memory.concurrentMap();
        map.put("present", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> map.computeIfAbsent("a", k -> map.put("b", 2)));
        assertTrue(e.getMessage().contains("put was called from a mapping function"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> map.compute("a", (k, v) -> map.computeIfAbsent("c", x -> 1)));
        assertThrows(IllegalStateException.class, () -> map.merge("present", 1, (x, y) -> map.remove("present")));
        assertEquals(java.util.Map.of("present", 1), java.util.Map.copyOf(map));
        // Reading from a mapping function is allowed, and the map works after a refusal.
        assertEquals(2, map.computeIfAbsent("d", k -> map.get("present") + 1));
        map.put("e", 5);
        assertEquals(5, map.get("e"));
    }

    // ---------------------------------------------------------------- ConfigData

    /** A configuration for the tests: a port and a checksum that a half-written file lacks. */
    protected record Settings(int port, String host) {
    }

    private static final ConfigData.Validator<Settings> PORT_RANGE =
            ConfigData.Validator.that("port must be 1 to 65535", s -> s.port() >= 1 && s.port() <= 65535);
    private static final ConfigData.Validator<Settings> HOST_SET =
            ConfigData.Validator.that("host must not be blank", s -> !s.host().isBlank());

    @Test
    void a_configuration_starts_at_version_one_and_numbers_each_update() {
        ConfigData<Settings> config = memory.config(new Settings(80, "a"), List.of(PORT_RANGE, HOST_SET));
        Versioned<Settings> first = config.current();
        assertEquals(1, first.version());
        assertEquals(new Settings(80, "a"), first.value());
        Versioned<Settings> second = config.update(new Settings(81, "b"));
        assertEquals(2, second.version());
        assertEquals(second, config.current());
        assertFalse(second.published().isBefore(first.published()));
        assertTrue(config.name().startsWith(memory.name() + "-config-"), config.name());
    }

    @Test
    void an_update_failing_a_validator_is_rejected_whole_and_the_version_stays() {
        ConfigData<Settings> config = memory.config(new Settings(80, "a"), List.of(PORT_RANGE, HOST_SET));
        ConfigException e = assertThrows(ConfigException.class, () -> config.update(new Settings(0, " ")));
        assertTrue(e.getMessage().contains("2 rules failed: port must be 1 to 65535; host must not be blank"),
                e.getMessage());
        assertTrue(e.getMessage().contains("version 1 stays current"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals(1, e.getSuppressed().length);
        assertEquals(new Settings(80, "a"), config.current().value());
        assertEquals(1, config.current().version());
        MonitorEvent event = monitor.events().stream()
                .filter(ev -> ev.kind() == EventKind.SHARE_UPDATE_REJECTED).findFirst().orElseThrow();
        assertEquals(config.name(), event.source());
        assertEquals(1L, event.attributes().get("version"));
        assertEquals(e, event.error().orElseThrow());
        assertEquals(2, config.update(new Settings(8080, "b")).version(), "a rejection uses no version number");
    }

    @Test
    void an_initial_value_failing_a_validator_is_refused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> memory.config(new Settings(-1, "a"), List.of(PORT_RANGE)));
        assertTrue(e.getMessage().contains("initial value is rejected: 1 rule failed: port must be 1 to 65535"),
                e.getMessage());
    }

    @Test
    void a_validator_may_not_update_the_configuration() {
        AtomicReference<ConfigData<Settings>> self = new AtomicReference<>();
        ConfigData<Settings> config = memory.config(new Settings(1, "a"), List.<ConfigData.Validator<Settings>>of(s -> {
            if (self.get() != null && s.port() == 2) {
                self.get().update(new Settings(3, "c"));
            }
        }));
        self.set(config);
        ConfigException e = assertThrows(ConfigException.class, () -> config.update(new Settings(2, "b")));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(1, config.current().version());
    }

    /**
     * A validator may not attach a source either: the call is refused before the file is read or
     * anything is kept, whether the file exists (its first read would publish from inside the
     * validator) or not (a watch would start from inside it).
     */
    @Test
    void a_validator_may_not_attach_a_source_and_nothing_is_read_or_kept(@TempDir Path dir) throws Exception {
        Path present = dir.resolve("present.properties");
        Files.writeString(present, file(8080, "one"));
        Path missing = dir.resolve("missing.properties");
        AtomicInteger parsed = new AtomicInteger();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        AtomicReference<ConfigData<Settings>> self = new AtomicReference<>();
        ConfigData<Settings> config = memory.config(new Settings(1, "a"), List.<ConfigData.Validator<Settings>>of(s -> {
            if (self.get() != null && s.port() == 2) {
                for (Path file : List.of(present, missing)) {
                    try {
                        ConfigSource source = self.get().reloadFrom(file, p -> {
                            parsed.incrementAndGet();
                            return parse(p);
                        });
                        source.close();
                        thrown.add(new AssertionError("reloadFrom(" + file.getFileName() + ") returned"));
                    } catch (IllegalStateException e) {
                        thrown.add(e);
                    }
                }
            }
        }));
        self.set(config);
        config.update(new Settings(2, "b"));
        assertEquals(2, thrown.size(), thrown::toString);
        for (Throwable t : thrown) {
            assertInstanceOf(IllegalStateException.class, t, t::toString);
            assertEquals("Config " + config.name() + ": reloadFrom was called from one of its validators;"
                    + " a validator must only check the value it is given", t.getMessage());
        }
        assertEquals(0, parsed.get(), "no file is read");
        assertEquals(2, config.current().version());
        // Nothing kept: a source attached now is the only one, and reads the file as any does.
        ConfigSource source = config.reloadFrom(present, ShareContract::parse);
        assertEquals(8080, config.current().value().port());
        source.close();
    }

    @Test
    void a_published_version_is_reported_to_monitors_that_want_it() {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        config.update(new Settings(2, "b"));
        MonitorEvent event = monitor.events().stream()
                .filter(ev -> ev.kind() == EventKind.SHARE_VERSION_PUBLISHED).findFirst().orElseThrow();
        assertEquals(2L, event.attributes().get("version"));
        assertEquals("update", event.attributes().get("origin"));
    }

    @Test
    void a_subscriber_gets_the_current_version_then_every_later_one_in_order_on_a_virtual_thread() throws Exception {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        BlockingQueue<Versioned<Settings>> seen = new LinkedBlockingQueue<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        Subscription subscription = config.subscribe(v -> {
            threads.add(Thread.currentThread());
            seen.add(v);
        });
        assertEquals(1, next(seen).version());
        config.update(new Settings(2, "b"));
        assertEquals(2, next(seen).version());
        config.update(new Settings(3, "c"));
        Versioned<Settings> third = next(seen);
        assertEquals(3, third.version());
        assertEquals(new Settings(3, "c"), third.value());
        assertEquals(3, subscription.lastDelivered());
        for (Thread t : threads) {
            assertTrue(t.isVirtual(), t + " is the instance's virtual thread");
            assertFalse(t.getName().contains("scheduler"), t.getName());
            assertTrue(t.getName().startsWith(memory.name()), t.getName());
        }
        subscription.cancel();
        assertTrue(subscription.isCancelled());
        config.update(new Settings(4, "d"));
        assertNull(seen.poll(300, TimeUnit.MILLISECONDS), "a cancelled subscription gets nothing");
    }

    @Test
    void a_subscriber_that_throws_is_reported_and_keeps_its_subscription() throws Exception {
        try (LogCapture log = LogCapture.of(SHARE_LOGGER)) {
            ConfigData<Settings> config = memory.config(new Settings(1, "a"));
            BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
            Subscription subscription = config.subscribe(v -> {
                seen.add(v.version());
                throw new IllegalStateException("listener broke on " + v.version());
            });
            assertEquals(1L, seen.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            config.update(new Settings(2, "b"));
            assertEquals(2L, seen.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            assertFalse(subscription.isCancelled());
            eventually(() -> monitor.events().stream().filter(e -> e.kind() == EventKind.SHARE_SUBSCRIBER_FAILED).count() == 2);
            MonitorEvent failed = monitor.events().stream()
                    .filter(e -> e.kind() == EventKind.SHARE_SUBSCRIBER_FAILED).findFirst().orElseThrow();
            assertEquals("listener broke on 1", failed.error().orElseThrow().getMessage());
            assertEquals(1L, failed.attributes().get("version"));
            eventually(() -> log.has(Level.WARNING, "threw on version 2; it keeps its subscription"));
        }
    }

    @Test
    void a_blocked_subscriber_delays_no_other_and_then_sees_the_newest_version() throws Exception {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        CountDownLatch release = new CountDownLatch(1);
        List<Long> slow = new CopyOnWriteArrayList<>();
        config.subscribe(v -> {
            slow.add(v.version());
            await(release);
        });
        BlockingQueue<Long> fast = new LinkedBlockingQueue<>();
        config.subscribe(v -> fast.add(v.version()));
        // Its first delivery under way: an update before it starts would coalesce with version 1.
        eventually(() -> slow.size() == 1);
        for (int port = 2; port <= 10; port++) {
            config.update(new Settings(port, "h"));
        }
        List<Long> fastSeen = new ArrayList<>();
        while (fastSeen.isEmpty() || fastSeen.getLast() != 10) {
            fastSeen.add(fast.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertStrictlyIncreasing(fastSeen);
        eventually(() -> slow.size() == 1);
        release.countDown();
        eventually(() -> slow.getLast() == 10);
        assertEquals(List.of(1L, 10L), slow, "the blocked subscriber sees the versions in between coalesced");
    }

    @Test
    void the_publisher_honours_demand_and_coalesces_while_there_is_none() throws Exception {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        FlowProbe probe = new FlowProbe();
        config.publisher().subscribe(probe);
        Flow.Subscription subscription = probe.awaitSubscription();
        assertNull(probe.items.poll(200, TimeUnit.MILLISECONDS), "nothing before a request");
        subscription.request(1);
        assertEquals(1, probe.items.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).version());
        config.update(new Settings(2, "b"));
        config.update(new Settings(3, "c"));
        assertNull(probe.items.poll(200, TimeUnit.MILLISECONDS), "no version beyond the demand");
        subscription.request(5);
        assertEquals(3, probe.items.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).version(),
                "versions published without demand coalesce to the newest");
        config.update(new Settings(4, "d"));
        assertEquals(4, probe.items.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).version());
        config.close();
        assertTrue(probe.completed.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "closing completes subscribers");
    }

    @Test
    void closing_completes_a_flow_subscriber_after_the_version_published_before_the_close_that_it_has_demand_for()
            throws Exception {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> eager = new CopyOnWriteArrayList<>();
        List<String> sated = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(2);
        class Recorder implements Flow.Subscriber<Versioned<Settings>> {
            final List<String> signals;
            final long demand;

            Recorder(List<String> signals, long demand) {
                this.signals = signals;
                this.demand = demand;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(demand);
            }

            @Override
            public void onNext(Versioned<Settings> item) {
                signals.add("onNext " + item.version());
                if (item.version() == 1) {
                    inFirst.countDown();
                    await(release); // version 2 and the close come while this one is delivered
                }
            }

            @Override
            public void onError(Throwable throwable) {
                signals.add("onError " + throwable);
                ended.countDown();
            }

            @Override
            public void onComplete() {
                signals.add("onComplete");
                ended.countDown();
            }
        }
        config.publisher().subscribe(new Recorder(eager, Long.MAX_VALUE));
        config.publisher().subscribe(new Recorder(sated, 1));
        assertTrue(inFirst.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        eventually(() -> eager.size() == 1 && sated.size() == 1);
        config.update(new Settings(2, "b"));
        config.close();
        release.countDown();
        assertTrue(ended.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "closing completes subscribers");
        assertEquals(List.of("onNext 1", "onNext 2", "onComplete"), eager,
                "the version published before the close, within the demand, comes before the end of the stream");
        assertEquals(List.of("onNext 1", "onComplete"), sated, "without demand, the stream ends all the same");
    }

    @Test
    void a_request_of_zero_is_answered_by_on_error() throws Exception {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        FlowProbe probe = new FlowProbe();
        config.publisher().subscribe(probe);
        probe.awaitSubscription().request(0);
        Throwable error = probe.error.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertInstanceOf(IllegalArgumentException.class, error);
        assertTrue(error.getMessage().contains("3.9"), error.getMessage());
    }

    @Test
    void a_request_after_cancel_does_nothing() throws Exception {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        FlowProbe probe = new FlowProbe();
        config.publisher().subscribe(probe);
        Flow.Subscription subscription = probe.awaitSubscription();
        subscription.cancel();
        subscription.request(-1); // rule 3.6: a no-op once cancelled, not an onError
        subscription.request(1);
        config.update(new Settings(2, "b"));
        assertNull(probe.error.poll(300, TimeUnit.MILLISECONDS), "no onError after cancel");
        assertTrue(probe.items.isEmpty(), "no onNext after cancel: " + probe.items);
    }

    @Test
    void a_flow_subscriber_whose_on_subscribe_throws_is_cancelled_and_reported_so() throws Exception {
        try (LogCapture log = LogCapture.of(SHARE_LOGGER)) {
            ConfigData<Settings> config = memory.config(new Settings(1, "a"));
            FlowProbe probe = new FlowProbe() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    super.onSubscribe(s);
                    s.request(Long.MAX_VALUE);
                    throw new IllegalStateException("onSubscribe broke");
                }
            };
            config.publisher().subscribe(probe);
            eventually(() -> monitor.events().stream().anyMatch(e -> e.kind() == EventKind.SHARE_SUBSCRIBER_FAILED));
            assertTrue(log.has(Level.WARNING, "(onSubscribe) threw on version 1; its subscription is cancelled"
                    + " (Reactive Streams rule 2.13)"), log.text());
            assertFalse(log.has(Level.WARNING, "keeps its subscription"), log.text());
            config.update(new Settings(2, "b"));
            config.close();
            assertNull(probe.items.poll(300, TimeUnit.MILLISECONDS), "a cancelled subscriber gets no onNext");
            assertEquals(1, probe.completed.getCount(), "nor onComplete");
        }
    }

    @Test
    void subscribing_to_the_publisher_of_a_closed_configuration_signals_on_subscribe_then_on_error() throws Exception {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        config.close();
        FlowProbe probe = new FlowProbe();
        config.publisher().subscribe(probe); // rule 1.9: returns normally, and signals the refusal
        Flow.Subscription subscription = probe.awaitSubscription();
        Throwable error = probe.error.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertInstanceOf(IllegalStateException.class, error);
        assertEquals("Config " + config.name() + " is closed", error.getMessage());
        subscription.request(1); // a no-op now
        assertNull(probe.items.poll(200, TimeUnit.MILLISECONDS));
        assertEquals(1, probe.completed.getCount());
        assertTrue(probe.error.isEmpty(), "one terminal signal");

        // The same once the instance has closed and its threads are gone: signalled on the caller's thread.
        memory.close();
        FlowProbe late = new FlowProbe();
        config.publisher().subscribe(late);
        assertNotNull(late.subscription.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(IllegalStateException.class, late.error.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    @Timeout(30)
    void a_flow_subscriber_racing_the_close_of_its_instance_gets_on_subscribe_then_a_terminal_signal()
            throws Exception {
        // Subscribers arrive back to back while the instance closes, so that some join just before
        // its threads stop: each must get onSubscribe first, and onComplete or onError after it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int round = 0; round < 150; round++) {
            MemoryUtilities instance = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                    .shutdownTimeout(Duration.ofSeconds(5)).build());
            ConfigData<Integer> config = instance.config(1);
            CountDownLatch go = new CountDownLatch(1);
            Thread closer = Thread.ofPlatform().start(() -> {
                await(go);
                instance.close();
            });
            List<SignalLog> subscribers = new ArrayList<>();
            go.countDown();
            boolean last = false;
            while (!last) {
                last = config.isClosed(); // one more subscribes after the close is seen
                SignalLog subscriber = new SignalLog();
                try {
                    config.publisher().subscribe(subscriber);
                } catch (IllegalStateException refused) {
                    break; // what subscribing to a closed configuration is, a test of its own
                }
                subscribers.add(subscriber);
            }
            closer.join();
            for (SignalLog subscriber : subscribers) {
                assertTrue(subscriber.terminal.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS),
                        "round " + round + ", subscriber " + subscribers.indexOf(subscriber) + " of "
                                + subscribers.size() + ": no terminal signal, only " + subscriber.signals);
                assertEquals("onSubscribe", subscriber.signals.getFirst(),
                        "round " + round + ": " + subscriber.signals);
            }
        }
    }

    @Test
    void a_validator_that_throws_an_error_or_a_checked_exception_fails_its_rule() {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"), List.of(PORT_RANGE, s -> {
            if (s.port() == 13) {
                throw new AssertionError("port 13 is unlucky");
            }
            if (s.port() == 14) {
                throw sneaky(new IOException("port 14 cannot be checked"));
            }
        }));
        ConfigException e = assertThrows(ConfigException.class, () -> config.update(new Settings(13, "b")));
        assertTrue(e.getMessage().contains("version 1 stays current: 1 rule failed: port 13 is unlucky"),
                e.getMessage());
        assertInstanceOf(AssertionError.class, e.getCause());
        e = assertThrows(ConfigException.class, () -> config.update(new Settings(14, "b")));
        assertInstanceOf(IOException.class, e.getCause());
        assertThrows(ConfigException.class, () -> config.update(new Settings(0, "b")));
        assertEquals(1, config.current().version());
        assertEquals(2, config.update(new Settings(2, "b")).version());
        assertEquals(3, monitor.events().stream().filter(ev -> ev.kind() == EventKind.SHARE_UPDATE_REJECTED).count());
    }

    @Test
    void a_null_validator_a_null_properties_and_a_root_path_are_refused_by_name(@TempDir Path dir) {
        List<ConfigData.Validator<Settings>> withNull = java.util.Arrays.asList(PORT_RANGE, null);
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> memory.config(new Settings(1, "a"), withNull));
        assertEquals("validators[1]", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> ShareConfig.fromProperties(null));
        assertEquals("properties", npe.getMessage());
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        Path root = dir.toAbsolutePath().getRoot();
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
                () -> config.reloadFrom(root, ShareContract::parse));
        assertTrue(iae.getMessage().contains("cannot reload from " + root + ","), iae.getMessage());
        assertTrue(iae.getMessage().contains(config.name()), iae.getMessage());
    }

    @Test
    void a_closed_configuration_reads_but_refuses_updates_and_subscriptions() {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        Subscription subscription = config.subscribe(v -> { });
        config.close();
        config.close();
        assertTrue(config.isClosed());
        assertTrue(subscription.isCancelled());
        assertEquals(1, config.current().version());
        assertThrows(IllegalStateException.class, () -> config.update(new Settings(2, "b")));
        assertThrows(IllegalStateException.class, () -> config.subscribe(v -> { }));
    }

    @Test
    void closing_the_instance_closes_its_configurations() {
        ConfigData<Settings> config = memory.config(new Settings(1, "a"));
        memory.close();
        assertTrue(config.isClosed());
        assertThrows(IllegalStateException.class, () -> memory.config(new Settings(1, "a")));
        assertThrows(IllegalStateException.class, () -> memory.shared("x"));
    }

    // ---------------------------------------------------------------- reload from a file

    /** Reads {@code port} and {@code host}; refuses a file without {@code end=true}, as a half-written one. */
    protected static Settings parse(Properties p) {
        if (!"true".equals(p.getProperty("end"))) {
            throw new IllegalArgumentException("no end=true line: the file is incomplete");
        }
        return new Settings(Integer.parseInt(p.getProperty("port", "").strip()), p.getProperty("host", ""));
    }

    /** @return the text of a complete settings file */
    protected static String file(int port, String host) {
        return "port=" + port + "\nhost=" + host + "\nend=true\n";
    }

    /** @return reload settings quick enough for tests */
    protected static ShareConfig.Builder quickReload() {
        return ShareConfig.builder().reloadDebounce(Duration.ofMillis(50)).reloadPollInterval(Duration.ofMillis(200));
    }

    @Test
    void a_changed_file_is_published_and_a_malformed_one_is_reported_with_the_version_kept(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(8080, "one"));
        try (LogCapture log = LogCapture.of(SHARE_LOGGER)) {
            ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(),
                    List.of(PORT_RANGE));
            try (ConfigSource source = config.reloadFrom(file, ShareContract::parse)) {
                assertEquals(new Settings(8080, "one"), config.current().value(), "read once at once");
                assertEquals(file.toAbsolutePath().normalize(), source.file());
                Files.writeString(file, file(8081, "two"));
                eventually(() -> config.current().value().equals(new Settings(8081, "two")));

                long version = config.current().version();
                Files.writeString(file, "port=8082\nhost=half");      // half-written: no end line
                eventually(() -> source.lastFailure().isPresent());
                assertEquals(version, config.current().version());
                eventually(() -> log.has(Level.WARNING, "is malformed: no end=true line"));

                Files.writeString(file, file(70000, "three"));      // complete but invalid
                eventually(() -> source.lastFailure().orElse(null) instanceof ConfigException);
                assertEquals(version, config.current().version());
                eventually(() -> log.has(Level.WARNING, "port must be 1 to 65535"));

                Files.write(file, new byte[] {'p', 'o', 'r', 't', '=', (byte) 0xC3}); // cut inside a character
                eventually(() -> source.lastFailure().orElse(null) instanceof java.nio.charset.CharacterCodingException);
                assertEquals(version, config.current().version());

                Files.writeString(file, file(8083, "four"));
                eventually(() -> config.current().value().equals(new Settings(8083, "four")));
                eventually(() -> source.lastFailure().isEmpty());
                assertTrue(monitor.events().stream().anyMatch(e -> e.kind() == EventKind.SHARE_UPDATE_REJECTED
                        && file.toAbsolutePath().normalize().toString().equals(e.attributes().get("origin"))));
            }
        }
    }

    @Test
    void a_file_replaced_by_rename_is_followed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1000, "first"));
        ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(), List.of());
        try (ConfigSource source = config.reloadFrom(file, ShareContract::parse)) {
            for (int round = 1; round <= 3; round++) {
                Path next = dir.resolve("app.properties.tmp" + round);
                Files.writeString(next, file(1000 + round, "renamed" + round));
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Settings expected = new Settings(1000 + round, "renamed" + round);
                eventually(() -> config.current().value().equals(expected));
            }
            assertEquals(4, source.reloads());
        }
    }

    @Test
    void polling_alone_finds_changes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"));
        ConfigData<Settings> config = memory.config(new Settings(1, "initial"),
                quickReload().reloadWatchService(false).build(), List.of());
        try (ConfigSource source = config.reloadFrom(file, ShareContract::parse)) {
            Files.writeString(file, file(2, "polled-and-longer"));
            eventually(() -> config.current().value().port() == 2);
            assertEquals(2, source.reloads());
        }
    }

    @Test
    void a_burst_of_writes_is_debounced(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"));
        ConfigData<Settings> config = memory.config(new Settings(1, "initial"),
                quickReload().reloadDebounce(Duration.ofSeconds(1)).build(), List.of());
        try (ConfigSource source = config.reloadFrom(file, ShareContract::parse)) {
            long before = config.current().version();
            for (int i = 2; i <= 21; i++) {
                Files.writeString(file, file(i, "burst"));
                Thread.sleep(5);
            }
            eventually(() -> config.current().value().port() == 21);
            long published = config.current().version() - before;
            assertTrue(published < 10, "20 writes within the debounce time made " + published + " versions");
            assertTrue(source.reloads() >= 2);
        }
    }

    @Test
    void a_closed_source_stops_watching(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"));
        ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(), List.of());
        ConfigSource source = config.reloadFrom(file, ShareContract::parse);
        source.close();
        assertTrue(source.isClosed());
        long version = config.current().version();
        Files.writeString(file, file(2, "after close"));
        Thread.sleep(800); // four poll intervals: a watch still running would have published
        assertEquals(version, config.current().version());
        source.close();
    }

    @Test
    void closing_the_configuration_closes_its_sources(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"), StandardCharsets.UTF_8);
        ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(), List.of());
        ConfigSource source = config.reloadFrom(file, ShareContract::parse);
        config.close();
        assertTrue(source.isClosed());
        assertThrows(IllegalStateException.class, () -> config.reloadFrom(file, ShareContract::parse));
    }

    @Test
    void a_missing_file_is_reported_and_picked_up_when_it_appears(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("later.properties");
        try (LogCapture log = LogCapture.of(SHARE_LOGGER)) {
            ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(), List.of());
            try (ConfigSource source = config.reloadFrom(file, ShareContract::parse)) {
                assertInstanceOf(java.nio.file.NoSuchFileException.class, source.lastFailure().orElseThrow());
                assertTrue(log.has(Level.WARNING, "is missing; version 1 stays current"), log.text());
                Files.writeString(file, file(5, "appeared"));
                eventually(() -> config.current().value().port() == 5);
            }
        }
    }

    @Test
    void a_fifo_or_a_device_is_reported_as_not_a_regular_file_rather_than_waited_on_or_read_without_end(
            @TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe.properties");
        try {
            new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("needs mkfifo: " + e);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(fifo), "mkfifo made no FIFO");
        List<Path> files = new ArrayList<>(List.of(fifo));
        Path zero = Path.of("/dev/zero"); // endless: reading it whole fills the heap
        if (Files.exists(zero)) {
            files.add(zero);
        }
        ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(), List.of());
        try (LogCapture log = LogCapture.of(SHARE_LOGGER)) {
            for (Path file : files) {
                java.util.concurrent.CompletableFuture<ConfigSource> reloading = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> config.reloadFrom(file, ShareContract::parse));
                ConfigSource source;
                try {
                    source = reloading.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException blocked) {
                    // Release the thread blocked in open(2) by opening the FIFO's other end.
                    java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.WRITE).close();
                    throw new AssertionError("reloadFrom " + file + " blocked");
                }
                try (source) {
                    Throwable failure = source.lastFailure().orElseThrow();
                    assertInstanceOf(IOException.class, failure);
                    assertTrue(failure.getMessage().contains(file + " is ") && failure.getMessage().contains(
                            ", not a regular file"), failure.getMessage());
                    assertTrue(log.has(Level.WARNING, "the file " + file + " cannot be read: it is "), log.text());
                    assertEquals(1, config.current().version());
                }
            }
        }
    }

    @Test
    void a_file_too_large_for_an_array_is_reported_and_the_watch_goes_on(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.properties");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(3L << 30); // a hole where the file system allows: no disk is used
        }
        ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(), List.of());
        try (LogCapture log = LogCapture.of(SHARE_LOGGER);
             ConfigSource source = config.reloadFrom(file, ShareContract::parse)) {
            Throwable failure = source.lastFailure().orElseThrow();
            assertInstanceOf(IOException.class, failure);
            assertTrue(failure.getMessage().contains(file + " holds " + (3L << 30) + " bytes"), failure.getMessage());
            assertTrue(log.has(Level.WARNING, "the file " + file + " cannot be read: it holds"), log.text());
            Files.writeString(file, file(8, "small again"));
            eventually(() -> config.current().value().port() == 8);
        }
    }

    /** Parses as {@link #parse}, but throws what {@code fail=} names, as a parser in any JVM language may. */
    private static Settings parseOrThrow(Properties p) {
        String fail = p.getProperty("fail", "");
        if (fail.equals("checked")) {
            throw sneaky(new IOException("parser: " + p.getProperty("why")));
        }
        if (fail.equals("error")) {
            throw new AssertionError("parser: " + p.getProperty("why"));
        }
        return parse(p);
    }

    @Test
    void a_parser_or_validator_that_throws_an_error_or_a_checked_exception_is_reported_and_the_watch_goes_on(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "fail=checked\nwhy=at the first read\n");
        try (LogCapture log = LogCapture.of(SHARE_LOGGER)) {
            ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(),
                    List.of(s -> {
                        if (s.port() == 13) {
                            throw new AssertionError("port 13 is unlucky");
                        }
                    }));
            // The first read, on this thread: reported as a later one is, not thrown.
            try (ConfigSource source = config.reloadFrom(file, ShareContract::parseOrThrow)) {
                assertInstanceOf(IOException.class, source.lastFailure().orElseThrow());
                assertTrue(log.has(Level.WARNING, "is malformed: parser: at the first read; version 1 stays current"),
                        log.text());
                assertEquals(1, config.current().version());
                assertEquals(0, source.reloads());

                Files.writeString(file, file(2, "two"));
                eventually(() -> config.current().value().equals(new Settings(2, "two")));
                // Cleared once the version is published: a moment after a reader may see it.
                eventually(() -> source.lastFailure().isEmpty());

                Files.writeString(file, "fail=error\nwhy=an assertion\n");
                eventually(() -> source.lastFailure().orElse(null) instanceof AssertionError);
                eventually(() -> log.has(Level.WARNING, "is malformed: parser: an assertion; version 2 stays current"));

                Files.writeString(file, "fail=checked\nwhy=on the watch\n");
                eventually(() -> source.lastFailure().orElse(null) instanceof IOException);

                Files.writeString(file, file(13, "unlucky"));
                eventually(() -> source.lastFailure().orElse(null) instanceof ConfigException c
                        && c.getCause() instanceof AssertionError);

                Files.writeString(file, file(3, "three"));
                eventually(() -> config.current().value().equals(new Settings(3, "three")));
                eventually(() -> source.lastFailure().isEmpty());
                assertFalse(source.isClosed());
                assertEquals(2, source.reloads());
                assertEquals(4, monitor.events().stream().filter(e -> e.kind() == EventKind.SHARE_UPDATE_REJECTED
                        && file.toAbsolutePath().normalize().toString().equals(e.attributes().get("origin"))).count());
            }
        }
    }

    @Test
    void a_file_put_back_as_it_was_reports_again_what_its_content_gave(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"));
        try (LogCapture log = LogCapture.of(SHARE_LOGGER)) {
            ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(), List.of());
            try (ConfigSource source = config.reloadFrom(file, ShareContract::parse)) {
                assertTrue(source.lastFailure().isEmpty());
                Files.delete(file);
                eventually(() -> source.lastFailure().orElse(null) instanceof java.nio.file.NoSuchFileException);
                Files.writeString(file, file(1, "a"));
                eventually(() -> source.lastFailure().isEmpty()); // read fine: nothing failed any more
                assertEquals(2, config.current().version(), "the same content publishes nothing new");

                // A content that failed fails again when put back, though it is not parsed again.
                Files.writeString(file, "port=2\n");
                eventually(() -> source.lastFailure().orElse(null) instanceof IllegalArgumentException);
                Files.delete(file);
                eventually(() -> source.lastFailure().orElse(null) instanceof java.nio.file.NoSuchFileException);
                Files.writeString(file, "port=2\n");
                eventually(() -> source.lastFailure().orElse(null) instanceof IllegalArgumentException);
                assertTrue(log.has(Level.WARNING, "is missing"), log.text());
            }
        }
    }

    @Test
    void a_hanging_validator_does_not_hold_up_the_close_of_a_watched_configuration(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"));
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch parsed = new CountDownLatch(1);
        ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(),
                List.of(s -> {
                    if (s.port() == 42) { // a slow rule, such as one asking a remote service
                        hanging.countDown();
                        await(release);
                    }
                }));
        ConfigSource source = config.reloadFrom(file, p -> {
            Settings s = parse(p);
            if (s.port() == 2) {
                parsed.countDown();
            }
            return s;
        });
        Thread updater = Thread.ofPlatform().daemon().start(() -> config.update(new Settings(42, "slow")));
        try {
            assertTrue(hanging.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            Files.writeString(file, file(2, "b"));
            assertTrue(parsed.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            Thread.sleep(200); // the watch now waits for the update's lock
            long start = System.nanoTime();
            memory.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "close took " + took);
            assertTrue(source.isClosed());
            assertTrue(config.isClosed());
        } finally {
            release.countDown();
            updater.join(PATIENCE.toMillis());
        }
    }

    @Test
    void a_source_whose_configuration_closes_during_its_first_read_leaves_no_watch_behind(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"));
        long before = fileSystemWatchThreads();
        for (int i = 0; i < 3; i++) {
            // The first read runs the parser on this thread: a close from there (or from another thread
            // at that moment, as an application shutting down) comes before the source registers its watch.
            ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(), List.of());
            ConfigSource source = config.reloadFrom(file, p -> {
                config.close();
                return parse(p);
            });
            assertTrue(source.isClosed());
        }
        eventually(() -> fileSystemWatchThreads() <= before);
    }

    /** @return the threads the JDK's watch services run (Linux and polling ones alike name them so) */
    private static long fileSystemWatchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("FileSystemWatch"))
                .count();
    }

    @Test
    void a_parser_interrupted_by_the_close_of_its_source_is_not_reported_as_a_malformed_file(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"));
        CountDownLatch parsing = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (LogCapture log = LogCapture.of(SHARE_LOGGER)) {
            ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(), List.of());
            ConfigSource source = config.reloadFrom(file, p -> {
                Settings s = parse(p);
                if (s.port() == 2) { // a parser that asks a slow service, as one resolving secrets does
                    parsing.countDown();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("interrupted while resolving", e);
                    }
                }
                return s;
            });
            Files.writeString(file, file(2, "b"));
            assertTrue(parsing.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            source.close(); // interrupts the parser: the close stopped the read, the file is not at fault
            assertEquals(1, config.current().value().port());
            assertEquals(java.util.Optional.empty(), source.lastFailure());
            assertFalse(log.has(Level.WARNING, "malformed"), log.text());
            assertTrue(monitor.events().stream().noneMatch(e -> e.kind() == EventKind.SHARE_UPDATE_REJECTED),
                    monitor.events().toString());
        }
    }

    @Test
    void a_file_written_beside_the_watched_one_without_pause_does_not_hold_its_changes_back(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"));
        Path neighbour = dir.resolve("app.log"); // a log, a cache or a lock file in the same directory
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread logger = Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int line = 0; writing.get(); line++) {
                    Files.writeString(neighbour, "line " + line + "\n", StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            ConfigData<Settings> config = memory.config(new Settings(1, "initial"),
                    quickReload().reloadDebounce(Duration.ofSeconds(1)).build(), List.of());
            try (ConfigSource source = config.reloadFrom(file, ShareContract::parse)) {
                Files.writeString(file, file(2, "changed"));
                // Quiet means the file is quiet: the neighbour's events, every 10 ms, are no change of it.
                eventually(() -> config.current().value().port() == 2);
                assertEquals(2, source.reloads());
            }
        } finally {
            writing.set(false);
            logger.join(PATIENCE.toMillis());
        }
    }

    @Test
    void a_validator_interrupted_by_the_close_of_the_source_it_checks_for_is_not_reported_as_a_rejection(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, file(1, "a"));
        CountDownLatch validating = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        try (LogCapture log = LogCapture.of(SHARE_LOGGER)) {
            ConfigData<Settings> config = memory.config(new Settings(1, "initial"), quickReload().build(),
                    List.of(s -> {
                        if (s.port() == 2) { // a rule that asks a remote service whether the host answers
                            validating.countDown();
                            try {
                                never.await();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException("interrupted while asking", e);
                            }
                        }
                    }));
            ConfigSource source = config.reloadFrom(file, ShareContract::parse);
            Files.writeString(file, file(2, "b"));
            assertTrue(validating.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            source.close(); // interrupts the rule: the close stopped the reload, the file is not at fault
            assertEquals(1, config.current().value().port());
            assertEquals(java.util.Optional.empty(), source.lastFailure());
            assertFalse(log.has(Level.WARNING, "interrupted while asking"), log.text());
            assertTrue(monitor.events().stream().noneMatch(e -> e.kind() == EventKind.SHARE_UPDATE_REJECTED),
                    monitor.events().toString());
            assertEquals(3, config.update(new Settings(3, "c")).value().port(), "the configuration goes on");
        }
    }

    @Test
    void parsers_that_ignore_the_interrupt_hold_the_instance_close_no_longer_than_its_shutdown_timeout(
            @TempDir Path dir) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch parsing = new CountDownLatch(2);
        MemoryUtilities instance = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                .shutdownTimeout(Duration.ofSeconds(1)).build());
        try (LogCapture log = LogCapture.library()) {
            ConfigData<Settings> config = instance.config(new Settings(1, "initial"), quickReload().build(), List.of());
            for (int i = 0; i < 2; i++) {
                Path file = dir.resolve("app" + i + ".properties");
                Files.writeString(file, file(1, "a"));
                config.reloadFrom(file, p -> {
                    Settings s = parse(p);
                    if (s.port() == 2) { // a library call that swallows the interrupt and waits again
                        parsing.countDown();
                        while (release.getCount() > 0) {
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                // ignored, as such a call does
                            }
                        }
                    }
                    return s;
                });
                Files.writeString(file, file(2, "b"));
            }
            assertTrue(parsing.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            long start = System.nanoTime();
            instance.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // The sources' wait, then the instance's, each bounded by the shutdown timeout, and one second
            // after the interrupt: not ten seconds per source.
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "close took " + took);
            assertTrue(log.has(Level.WARNING, "did not stop within 1000 ms of close"), log.text());
        } finally {
            release.countDown();
            instance.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A {@link Flow.Subscriber} that queues what it is given. */
    protected static class FlowProbe implements Flow.Subscriber<Versioned<Settings>> {
        final BlockingQueue<Flow.Subscription> subscription = new LinkedBlockingQueue<>();
        final BlockingQueue<Versioned<Settings>> items = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> error = new LinkedBlockingQueue<>();
        final CountDownLatch completed = new CountDownLatch(1);

        /** @return the subscription, asserting that {@code onSubscribe} came first and in time */
        Flow.Subscription awaitSubscription() throws InterruptedException {
            Flow.Subscription s = subscription.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(s, "onSubscribe comes first");
            return s;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.add(s);
        }

        @Override
        public void onNext(Versioned<Settings> item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error.add(throwable);
        }

        @Override
        public void onComplete() {
            completed.countDown();
        }
    }

    /** Throws a checked exception undeclared, as Kotlin, Scala or Lombok's {@code @SneakyThrows} do. */
    @SuppressWarnings("unchecked")
    protected static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

    /** A {@link Flow.Subscriber} that records the names of its signals and requests what it can. */
    private static final class SignalLog implements Flow.Subscriber<Versioned<Integer>> {
        final List<String> signals = new CopyOnWriteArrayList<>();
        final CountDownLatch terminal = new CountDownLatch(1);

        @Override
        public void onSubscribe(Flow.Subscription s) {
            signals.add("onSubscribe");
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Versioned<Integer> item) {
            signals.add("onNext");
        }

        @Override
        public void onError(Throwable throwable) {
            signals.add("onError");
            terminal.countDown();
        }

        @Override
        public void onComplete() {
            signals.add("onComplete");
            terminal.countDown();
        }
    }

    /** @return the next item, failing after {@link #PATIENCE} */
    protected static <E> E next(BlockingQueue<E> queue) throws InterruptedException {
        E item = queue.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(item, "nothing arrived within " + PATIENCE);
        return item;
    }

    /** Waits until the condition holds, failing after {@link #PATIENCE}. */
    protected static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not so within " + PATIENCE);
            }
            Thread.sleep(10);
        }
    }

    /** Waits for the latch, uninterruptibly, up to {@link #PATIENCE}. */
    protected static void await(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails unless each element is greater than the one before. */
    protected static void assertStrictlyIncreasing(List<Long> versions) {
        for (int i = 1; i < versions.size(); i++) {
            assertTrue(versions.get(i) > versions.get(i - 1), "not strictly increasing: " + versions);
        }
    }
}
