package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.DestroyReason;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.ConnectionManager;

/**
 * The contract of a connection {@link Pool}, as every implementation must keep it: asynchronous and
 * blocking acquisition with deadlines, first-come-first-served waiters, sizing, idle and lifetime
 * limits, validation, failing and hanging managers, leak detection, cancellation, closing, and
 * counts that add up.
 *
 * <p>Each test runs against a fresh {@link TestConnectionManager} and {@link RecordingMonitor} in a
 * fresh {@link MemoryUtilities}. After each test the instance is closed, and the suite checks that
 * the manager saw no breach (no connection handed to two holders, destroyed twice, or used after
 * destroy) and that every connection created was destroyed exactly once.
 *
 * <p>Extend it with the implementation's name; the implementation must be on the test's module
 * path. Deadlines are generous behavioural bounds, never measurements of speed.
 */
@Timeout(60)
public abstract class PoolContract {

    /** How long the suite waits for something that should happen soon: generous, for loaded machines. */
    protected static final Duration SOON = Duration.ofSeconds(10);

    /** The manager of the pools of the current test. */
    protected TestConnectionManager manager;
    /** Every event of the current test's {@link MemoryUtilities}. */
    protected RecordingMonitor monitor;
    /** The instance of the current test, closed after it. */
    protected MemoryUtilities memory;

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    /**
     * @return whether the pools of this run get the manager in its {@link
     *     org.patinox.memory.spi.BlockingConnectionManager blocking} form ({@link
     *     TestConnectionManager#blocking()}) rather than the asynchronous one; a subclass that
     *     answers {@code true} runs the whole contract on the blocking form
     */
    protected boolean blockingForm() {
        return false;
    }

    @BeforeEach
    void open_a_fresh_instance() {
        manager = new TestConnectionManager();
        monitor = new RecordingMonitor();
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).addMonitor(monitor)
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close_the_instance_and_check_the_manager_saw_no_breach() {
        // A create left hanging would hold up close; let it finish so that the pool must destroy it.
        manager.hangCreates(false);
        manager.releaseHangingCreates();
        memory.close();
        assertEquals(List.of(), manager.errors(), "breaches of the pool contract seen by the manager");
        assertEquals(List.of(), manager.notDestroyedExactlyOnce(), "after close every connection is destroyed once");
        assertEquals(0, manager.open(), () -> "connections left open after close: " + manager);
        assertEquals(List.of(), monitor.eventsOnScheduler(), "events recorded on the scheduler thread");
    }

    /**
     * @return a configuration for tests: small, with long deadlines and every background check off,
     *     so that a test turns on only what it is about
     */
    protected PoolConfig.Builder config() {
        return PoolConfig.builder().minSize(0).maxSize(4)
                .acquireTimeout(SOON).createTimeout(SOON)
                .idleTimeout(Duration.ZERO).maxLifetime(Duration.ZERO).healthCheckInterval(Duration.ZERO)
                .validateOnAcquire(false).leakDetectionThreshold(Duration.ZERO)
                .closeGracePeriod(Duration.ofSeconds(2));
    }

    /**
     * @param config the configuration
     * @return a pool of the current test's manager in the current test's instance
     */
    protected Pool<TestConnection> pool(PoolConfig.Builder config) {
        return blockingForm() ? memory.pool(manager.blocking(), config.build()) : memory.pool(manager, config.build());
    }

    // ---- acquire ------------------------------------------------------------------------------

    @Test
    void acquire_returns_at_once_and_completes_when_a_connection_is_ready() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        manager.hangCreates(true);
        CompletableFuture<PooledConnection<TestConnection>> future = pool.acquire();
        await("the create started", () -> manager.hanging() == 1);
        assertFalse(future.isDone(), "acquire() waited for the creation instead of returning a future");
        manager.hangCreates(false);
        manager.releaseHangingCreates();
        PooledConnection<TestConnection> c = future.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertTrue(c.get().claim());
        c.get().release();
        c.close();
        assertQuiet(pool);
    }

    @Test
    void acquire_fails_with_timeout_after_the_acquire_timeout_and_the_message_has_the_counts() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        Pool<TestConnection> pool = pool(config().maxSize(1).acquireTimeout(timeout));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        long start = System.nanoTime();
        PoolException e = poolFailure(pool.acquire());
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(PoolException.Kind.TIMEOUT, e.kind());
        assertEquals(pool.name(), e.poolName());
        assertFalse(waited.compareTo(timeout.minusMillis(20)) < 0, "timed out early, after " + waited);
        assertTrue(e.getMessage().contains("total=1 idle=0 active=1 pending="), e.getMessage());
        assertTrue(e.getMessage().contains("creationFailures=0"), e.getMessage());
        assertNull(e.getCause(), "no creation failed, so there is no cause");
        assertEquals(1, pool.stats().timeouts());
        await("an ACQUIRE_TIMEOUT event", () -> monitor.kinds().contains(EventKind.ACQUIRE_TIMEOUT));
        held.close();
        assertQuiet(pool);
    }

    @Test
    void an_acquire_timeout_event_gives_the_timeout_and_the_counts() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).acquireTimeout(Duration.ofMillis(300)));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        assertEquals(PoolException.Kind.TIMEOUT, poolFailure(pool.acquire()).kind());
        assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(200)));
        await("two ACQUIRE_TIMEOUT events", () -> monitor.kinds().stream()
                .filter(k -> k == EventKind.ACQUIRE_TIMEOUT).count() == 2);
        List<MonitorEvent> events = monitor.events().stream().filter(e -> e.kind() == EventKind.ACQUIRE_TIMEOUT).toList();
        assertEquals(List.of(300L, 200L), events.stream().map(e -> e.attributes().get("timeoutMillis")).toList(),
                () -> events.stream().map(MonitorEvent::describe).toList().toString());
        for (MonitorEvent e : events) {
            assertEquals(List.of("timeoutMillis", "total", "idle", "active", "pending", "creating"),
                    List.copyOf(e.attributes().keySet()), e::describe);
            assertEquals(1, e.attributes().get("total"), e::describe);
        }
        held.close();
        assertQuiet(pool);
    }

    @Test
    void a_blocking_acquire_fails_with_timeout_after_its_own_timeout() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        Duration timeout = Duration.ofMillis(300);
        long start = System.nanoTime();
        PoolException e = assertThrows(PoolException.class, () -> pool.acquire(timeout));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(PoolException.Kind.TIMEOUT, e.kind());
        assertFalse(waited.compareTo(timeout.minusMillis(20)) < 0, "timed out early, after " + waited);
        assertTrue(waited.compareTo(SOON) < 0, "the blocking acquire ignored its timeout: " + waited);
        assertTrue(e.getMessage().contains("total=1 idle=0 active=1"), e.getMessage());
        held.close();
        assertEquals(1, pool.stats().timeouts());
        assertQuiet(pool);
    }

    /**
     * A zero (or negative) timeout is a try: it takes a connection that is idle and needs no
     * validation, or fails at once with {@code TIMEOUT}, even when the pool has room to create one.
     * What the try started goes on, and its connection goes to a later acquire.
     */
    @Test
    void a_zero_timeout_fails_at_once_on_an_empty_pool_and_the_creation_it_started_serves_a_later_try()
            throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(2));
        manager.hangCreates(true);
        for (Duration none : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            long start = System.nanoTime();
            PoolException e = assertThrows(PoolException.class, () -> pool.acquire(none));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(PoolException.Kind.TIMEOUT, e.kind(), e::getMessage);
            assertTrue(e.getMessage().startsWith("Pool " + pool.name() + " had no connection within 0 ms: "),
                    e.getMessage());
            // Waiting for the creation would have taken until the create timeout (SOON): the create hangs.
            assertTrue(waited.compareTo(SOON) < 0, "a zero timeout waited for " + waited);
        }
        // The first try started a creation; the second found it under way and started none.
        await("the creation the first try started", () -> manager.hanging() == 1);
        PoolStats s = pool.stats();
        assertEquals(List.of(0, 0, 1, 2L), List.of(s.active(), s.pending(), s.creating(), s.timeouts()),
                s::describe);
        manager.hangCreates(false);
        manager.releaseHangingCreates();
        awaitStats(pool, "the created connection idle", x -> x.idle() == 1);
        PooledConnection<TestConnection> c = pool.acquire(Duration.ZERO);
        assertEquals(1, manager.createCalls(), "the try took the connection created, not a new one");
        use(c);
        c.close();
        await("two ACQUIRE_TIMEOUT events of 0 ms", () -> monitor.events().stream()
                .filter(e -> e.kind() == EventKind.ACQUIRE_TIMEOUT && e.attributes().get("timeoutMillis").equals(0L))
                .count() == 2);
        assertQuiet(pool);
    }

    /** A zero timeout does not wait for a validation either: it starts it, and a later try takes what it passed. */
    @Test
    void a_zero_timeout_fails_at_once_when_the_idle_connection_needs_validation() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).validateOnAcquire(true)
                .validationIdleThreshold(Duration.ofSeconds(1)));
        pool.acquire(SOON).close();
        Thread.sleep(Duration.ofMillis(1300)); // idle past the threshold
        manager.validateDelay(Duration.ofSeconds(1)); // far longer than the try takes, even on a loaded machine
        long validated = manager.validated();
        PoolException e = assertThrows(PoolException.class, () -> pool.acquire(Duration.ZERO),
                () -> "validated " + manager.validated() + " of " + validated + "; " + pool.stats().describe());
        assertEquals(PoolException.Kind.TIMEOUT, e.kind(), e::getMessage);
        await("the validation the try started", () -> manager.validated() == validated + 1);
        await("the validation ended", () -> manager.validating() == 0);
        awaitStats(pool, "the validated connection idle", x -> x.idle() == 1);
        PooledConnection<TestConnection> c = pool.acquire(Duration.ZERO);
        assertEquals(validated + 1, manager.validated(), "just validated, so handed out unchecked");
        c.close();
        assertEquals(1, manager.createCalls());
        assertQuiet(pool);
    }

    @Test
    void a_timeout_while_creation_fails_has_the_last_creation_failure_as_cause_and_none_after_a_success()
            throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).acquireTimeout(Duration.ofMillis(300)));
        manager.failCreates(true);
        PoolException e = poolFailure(pool.acquire());
        assertEquals(PoolException.Kind.TIMEOUT, e.kind());
        Throwable cause = injectedIn(e.getCause());
        assertNotNull(cause, () -> "the cause is not the manager's creation failure: " + e.getCause());
        assertTrue(manager.threwOnCreate(cause), cause::toString);
        assertTrue(pool.stats().creationFailures() > 0, pool.stats()::describe);
        assertFalse(e.getMessage().contains("creationFailures=0"), e.getMessage());

        manager.failCreates(false);
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        PoolException later = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(200)));
        assertEquals(PoolException.Kind.TIMEOUT, later.kind());
        assertNull(later.getCause(), "a creation succeeded since the failure, so a later timeout has no cause");
        held.close();
        assertQuiet(pool);
    }

    @Test
    void a_timeout_reads_pool_had_no_connection_within_ms_with_the_counts_and_the_last_creation_failure()
            throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).acquireTimeout(Duration.ofMillis(300)));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        String counts = " total=1 idle=0 active=1 pending=\\d+ creating=0 created=1 destroyed=0 timeouts=\\d+"
                + " creationFailures=0 validationFailures=0";
        String prefix = java.util.regex.Pattern.quote("Pool " + pool.name() + " had no connection within ");
        PoolException async = poolFailure(pool.acquire());
        assertTrue(async.getMessage().matches(prefix + "300 ms:" + counts), async.getMessage());
        PoolException blocking = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(250)));
        assertTrue(blocking.getMessage().matches(prefix + "250 ms:" + counts), blocking.getMessage());
        held.close();

        List<java.util.logging.LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
        Pool<TestConnection> failing = pool(config().maxSize(1).acquireTimeout(Duration.ofMillis(300)));
        PoolException withCause = quietly(logged, () -> {
            manager.failCreates(true);
            try {
                return poolFailure(failing.acquire());
            } finally {
                manager.failCreates(false);
            }
        });
        Throwable cause = withCause.getCause();
        assertNotNull(cause, withCause.getMessage());
        assertTrue(withCause.getMessage().matches(java.util.regex.Pattern.quote("Pool " + failing.name()
                        + " had no connection within 300 ms: total=0 idle=0 active=0 pending=") + ".*"
                        + java.util.regex.Pattern.quote("; last creation failure: " + cause)),
                withCause.getMessage());
        assertFalse(logged.isEmpty(), "the creation failure was logged");
        failing.close();

        List<MonitorEvent> timeouts = monitor.events().stream()
                .filter(e -> e.kind() == EventKind.ACQUIRE_TIMEOUT).toList();
        assertEquals(3, timeouts.size(), timeouts::toString);
        for (MonitorEvent e : timeouts) {
            MonitorEvent.PoolEvent event = (MonitorEvent.PoolEvent) e;
            assertEquals(java.util.Set.of("timeoutMillis", "total", "idle", "active", "pending", "creating"),
                    event.attributes().keySet(), event::toString);
        }
        assertEquals(List.of(300L, 250L, 300L), timeouts.stream()
                .map(e -> ((Number) ((MonitorEvent.PoolEvent) e).attributes().get("timeoutMillis")).longValue())
                .toList());
        assertQuiet(pool);
    }

    /**
     * Runs an action with the library's log records captured rather than printed, so that a test
     * that provokes a logged failure stays quiet.
     */
    private static <T> T quietly(List<java.util.logging.LogRecord> records,
                                 java.util.concurrent.Callable<T> action) throws Exception {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.patinox.memory");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean parents = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        try {
            return action.call();
        } finally {
            logger.setUseParentHandlers(parents);
            logger.removeHandler(handler);
        }
    }

    @Test
    void a_continuation_that_blocks_never_delays_another_waiters_timeout_and_never_runs_on_the_scheduler()
            throws Exception {
        Duration timeout = Duration.ofMillis(200);
        Pool<TestConnection> pool = pool(config().maxSize(1).acquireTimeout(timeout));
        Pool<TestConnection> other = pool(config().maxSize(1).acquireTimeout(timeout));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        PooledConnection<TestConnection> heldToo = other.acquire(SOON);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch blocked = new CountDownLatch(1);
        pool.acquire().whenComplete((c, e) -> {
            threads.add(Thread.currentThread().getName());
            blocked.countDown();
            // A caller's continuation that blocks: it must hold up no one else's deadline.
            LockSupport.parkNanos(Duration.ofMillis(1_500).toNanos());
        });
        assertTrue(blocked.await(SOON.toSeconds(), TimeUnit.SECONDS), "the first waiter never timed out");
        long start = System.nanoTime();
        CompletableFuture<Long> same = pool.acquire().handle((c, e) -> {
            threads.add(Thread.currentThread().getName());
            return System.nanoTime() - start;
        });
        CompletableFuture<Long> elsewhere = other.acquire().handle((c, e) -> {
            threads.add(Thread.currentThread().getName());
            return System.nanoTime() - start;
        });
        Duration sameWaited = Duration.ofNanos(same.get(SOON.toSeconds(), TimeUnit.SECONDS));
        Duration otherWaited = Duration.ofNanos(elsewhere.get(SOON.toSeconds(), TimeUnit.SECONDS));
        assertTrue(sameWaited.compareTo(Duration.ofSeconds(1)) < 0,
                "a 200 ms timeout of the same pool came after " + sameWaited.toMillis() + " ms");
        assertTrue(otherWaited.compareTo(Duration.ofSeconds(1)) < 0,
                "a 200 ms timeout of another pool of the instance came after " + otherWaited.toMillis() + " ms");
        assertEquals(3, threads.size(), threads::toString);
        String scheduler = memory.name() + "-scheduler";
        assertFalse(threads.contains(scheduler), () -> "continuations ran on the scheduler: " + threads);
        held.close();
        heldToo.close();
        other.close();
        assertQuiet(pool);
    }

    // ---- blocking acquire and virtual threads ----------------------------------------------------

    @Test
    void blocking_acquire_parks_virtual_threads_without_pinning_their_carriers() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        int waiters = carriers + 4;
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    PooledConnection<TestConnection> c = pool.acquire(Duration.ofSeconds(30));
                    use(c);
                    c.close();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        // More waiters than carriers are all queued only if waiting frees the carrier.
        awaitStats(pool, "all " + waiters + " waiters queued on " + carriers + " carriers", s -> s.pending() == waiters);
        CountDownLatch ran = new CountDownLatch(1);
        Thread.ofVirtual().start(ran::countDown);
        assertTrue(ran.await(SOON.toSeconds(), TimeUnit.SECONDS), "another virtual thread could not run: carriers pinned");
        held.close();
        joinAll(threads);
        assertEquals(List.of(), failures);
        assertEquals(waiters + 1, pool.stats().acquired());
        assertQuiet(pool);
    }

    @Test
    void an_interrupted_blocking_acquire_throws_interrupted_exception_promptly_and_loses_no_capacity()
            throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(2));
        PooledConnection<TestConnection> a = pool.acquire(SOON);
        PooledConnection<TestConnection> b = pool.acquire(SOON);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                pool.acquire(Duration.ofSeconds(30)).close();
                outcome.set(new AssertionError("acquired although both connections were held"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        awaitStats(pool, "the waiter queued", s -> s.pending() == 1);
        waiter.interrupt();
        assertTrue(waiter.join(SOON), "the interrupted waiter did not return");
        assertTrue(outcome.get() instanceof InterruptedException, () -> "not an InterruptedException: " + outcome.get());
        awaitStats(pool, "the interrupted waiter left the queue", s -> s.pending() == 0);
        a.close();
        b.close();
        assertHandsOutMaxSize(pool);
    }

    @Test
    void interrupts_racing_with_releases_lose_no_capacity() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        for (int round = 0; round < 50; round++) {
            PooledConnection<TestConnection> held = pool.acquire(Duration.ofSeconds(5));
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    PooledConnection<TestConnection> c = pool.acquire(Duration.ofSeconds(5));
                    use(c);
                    c.close();
                    outcome.set("served");
                } catch (InterruptedException e) {
                    outcome.set("interrupted");
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            awaitStats(pool, "the waiter queued", s -> s.pending() == 1);
            Thread releaser = Thread.ofVirtual().start(held::close);
            waiter.interrupt();
            assertTrue(waiter.join(SOON) && releaser.join(SOON), "a thread did not finish");
            assertTrue("served".equals(outcome.get()) || "interrupted".equals(outcome.get()),
                    "round " + round + ": " + outcome.get());
        }
        assertHandsOutMaxSize(pool);
    }

    @Test
    void acquired_counts_exactly_the_connections_callers_received_when_interrupts_race_hand_offs()
            throws Exception {
        // One pool hands a return to the waiter as it is; the other validates it on the way.
        for (boolean validate : new boolean[] {false, true}) {
            Pool<TestConnection> pool = pool(config().maxSize(1).validateOnAcquire(validate)
                    .validationIdleThreshold(Duration.ZERO));
            long received = 0;
            for (int round = 0; round < 100; round++) {
                PooledConnection<TestConnection> held = pool.acquire(Duration.ofSeconds(5));
                received++;
                AtomicReference<Object> outcome = new AtomicReference<>();
                Thread waiter = Thread.ofVirtual().start(() -> {
                    try {
                        PooledConnection<TestConnection> c = pool.acquire(Duration.ofSeconds(5));
                        outcome.set("served");
                        c.close();
                    } catch (InterruptedException e) {
                        outcome.set("interrupted");
                    } catch (Throwable t) {
                        outcome.set(t);
                    }
                });
                awaitStats(pool, "the waiter queued", s -> s.pending() == 1);
                Thread releaser = Thread.ofVirtual().start(held::close);
                if (round % 2 == 0) {
                    Thread.yield();
                }
                waiter.interrupt();
                assertTrue(waiter.join(SOON) && releaser.join(SOON), "a thread did not finish");
                if ("served".equals(outcome.get())) {
                    received++;
                } else {
                    assertEquals("interrupted", outcome.get(), "round " + round);
                }
            }
            long expected = received;
            awaitStats(pool, "quiet", s -> s.active() == 0 && s.pending() == 0);
            assertEquals(expected, pool.stats().acquired(), () -> "acquisitions counted against "
                    + expected + " connections received: " + pool.stats().describe());
            assertHandsOutMaxSize(pool);
            pool.close();
        }
    }

    /**
     * A thread that acquires from a quiet pool gets back the connection it returned last, even when
     * another is idle too: a thread keeps to its connection, as in HikariCP and Stormpot, so that two
     * threads running at once do not share one and pass its cache lines between processors. Ten
     * fresh threads, each served first by the connection the main thread does not hold; a pool that
     * started its search from a place picked by thread id alone gave about half of them the other
     * connection on their second acquire.
     */
    @Test
    void a_thread_gets_back_the_connection_it_returned_last() throws Exception {
        Pool<TestConnection> pool = pool(config().minSize(2).maxSize(2));
        await("both connections created", () -> pool.stats().idle() == 2);
        for (int round = 0; round < 10; round++) {
            PooledConnection<TestConnection> held = pool.acquire(SOON);
            List<TestConnection> served = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch released = new CountDownLatch(1);
            Thread thread = Thread.ofPlatform().start(() -> {
                try {
                    try (PooledConnection<TestConnection> c = pool.acquire(SOON)) {
                        served.add(c.get());
                    }
                    released.await();
                    try (PooledConnection<TestConnection> c = pool.acquire(SOON)) {
                        served.add(c.get());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await("the first acquire of round " + round, () -> served.size() == 1);
            held.close();
            released.countDown();
            thread.join();
            assertEquals(2, served.size(), "round " + round);
            assertSame(served.get(0), served.get(1), "round " + round + ": the second acquire got the other connection");
        }
    }

    // ---- first come, first served -------------------------------------------------------------

    @Test
    void async_waiters_are_served_first_come_first_served() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        PooledConnection<TestConnection> current = pool.acquire(SOON);
        int waiters = 6;
        List<Integer> served = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<PooledConnection<TestConnection>>> futures = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            int index = i;
            CompletableFuture<PooledConnection<TestConnection>> f = pool.acquire();
            f.thenRun(() -> served.add(index));
            futures.add(f);
            // Only a waiter seen queued is known to have come before the next.
            awaitStats(pool, "waiter " + i + " queued", s -> s.pending() == index + 1);
        }
        for (int i = 0; i < waiters; i++) {
            current.close();
            List<CompletableFuture<PooledConnection<TestConnection>>> left = futures.subList(i, waiters);
            await("a waiter served after a return", () -> left.stream().anyMatch(CompletableFuture::isDone));
            for (int j = i + 1; j < waiters; j++) {
                assertFalse(futures.get(j).isDone(), "waiter " + j + " was served before waiter " + i);
            }
            current = futures.get(i).get(SOON.toSeconds(), TimeUnit.SECONDS);
            use(current);
        }
        current.close();
        assertEquals(List.of(0, 1, 2, 3, 4, 5), served);
        assertQuiet(pool);
    }

    @Test
    void blocking_waiters_are_served_first_come_first_served() throws Exception {
        assertServedInArrivalOrder(6, index -> false);
    }

    @Test
    void async_and_blocking_waiters_share_one_queue_served_first_come_first_served() throws Exception {
        assertServedInArrivalOrder(8, index -> index % 2 == 0);
    }

    /**
     * Queues waiters on a pool of one held connection, each on a virtual thread and seen queued
     * before the next starts, then returns the connection and checks they were served in order.
     *
     * @param waiters how many
     * @param asynchronously which of them use {@link Pool#acquire()} rather than the blocking acquire
     */
    private void assertServedInArrivalOrder(int waiters, IntPredicate asynchronously) throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        List<Object> served = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    PooledConnection<TestConnection> c = asynchronously.test(index)
                            ? pool.acquire().get(30, TimeUnit.SECONDS)
                            : pool.acquire(Duration.ofSeconds(30));
                    // Recorded before the return, so the next waiter cannot be served first.
                    served.add(index);
                    use(c);
                    c.close();
                } catch (Throwable t) {
                    served.add(t);
                }
            }));
            awaitStats(pool, "waiter " + i + " queued", s -> s.pending() == index + 1);
        }
        held.close();
        joinAll(threads);
        assertEquals(IntStream.range(0, waiters).boxed().toList(), served);
        assertQuiet(pool);
    }

    /**
     * A pool of two connections per processor and two more, so that two of them may be on their
     * way to starving waiters (all but two per processor), every connection held by this thread,
     * and blocking waiters queued on virtual threads, one per timeout, in order; the tests then keep
     * the waiters from running with {@link BusyCarriers}.
     */
    private record HandOffScene(Pool<TestConnection> pool, int max, List<PooledConnection<TestConnection>> held,
            List<Object> outcomes, List<Thread> waiters) {

        static final int IN_TRANSIT = 2;

        void assertAllServed() throws InterruptedException {
            for (Thread waiter : waiters) {
                assertTrue(waiter.join(SOON), "a waiter did not return");
            }
            assertEquals(waiters.size(), outcomes.size());
            for (Object outcome : outcomes) {
                assertTrue(outcome instanceof TestConnection, () -> "a waiter was not served: " + outcome);
            }
        }
    }

    private HandOffScene holdAllThenQueue(List<Duration> timeouts) throws InterruptedException {
        Assumptions.assumeFalse(blockingForm(),
                "the blocking form recycles on virtual threads, which the test keeps from running");
        int max = 2 * Runtime.getRuntime().availableProcessors() + HandOffScene.IN_TRANSIT;
        Pool<TestConnection> pool = pool(config().maxSize(max).acquireTimeout(Duration.ofSeconds(30)));
        List<PooledConnection<TestConnection>> held = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            held.add(pool.acquire(SOON));
        }
        List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
        List<Thread> waiters = new ArrayList<>();
        for (Duration timeout : timeouts) {
            waiters.add(Thread.ofVirtual().start(() -> {
                try (PooledConnection<TestConnection> c = pool.acquire(timeout)) {
                    outcomes.add(c.get());
                } catch (Throwable t) {
                    outcomes.add(t);
                }
            }));
            int queued = waiters.size();
            awaitStats(pool, queued + " waiting", st -> st.pending() == queued);
        }
        return new HandOffScene(pool, max, held, outcomes, waiters);
    }

    /** Longer than either provider lets a queued waiter compete with barging callers before it starves. */
    private static final long STARVED_MILLIS = 300;

    @Test
    void starving_waiters_that_cannot_run_are_handed_only_the_connections_running_threads_can_spare()
            throws Exception {
        // A connection handed to a thread that has not run yet serves nobody: all but two per
        // processor may be on their way to starving waiters, the rest go to running threads.
        int max = 2 * Runtime.getRuntime().availableProcessors() + HandOffScene.IN_TRANSIT;
        HandOffScene scene = holdAllThenQueue(Collections.nCopies(max, Duration.ofSeconds(30)));
        Pool<TestConnection> pool = scene.pool();
        Thread.sleep(STARVED_MILLIS);
        List<PooledConnection<TestConnection>> barged = new ArrayList<>();
        BusyCarriers carriers = BusyCarriers.occupy();
        try {
            // This (platform) thread returns every connection while no waiter can run.
            scene.held().forEach(PooledConnection::close);
            assertEquals(max - HandOffScene.IN_TRANSIT, pool.stats().pending(),
                    () -> "hand-offs in transit: " + pool.stats().describe());
            for (int i = 0; i < max - HandOffScene.IN_TRANSIT; i++) {
                // Without the bound, every return went to a waiter that cannot run, and this timed out.
                barged.add(pool.acquire(Duration.ofSeconds(2)));
            }
            assertEquals(List.of(), scene.outcomes(), "no waiter could run");
        } finally {
            carriers.release();
        }
        barged.forEach(PooledConnection::close);
        scene.assertAllServed();
        PoolStats s = pool.stats();
        assertEquals(3L * max - HandOffScene.IN_TRANSIT, s.acquired(), s::describe);
        assertEquals(0, s.timeouts(), s::describe);
    }

    @Test
    void a_waiter_half_way_to_its_timeout_is_handed_a_connection_past_the_bound_on_hand_offs_in_transit()
            throws Exception {
        // Two waiters that will merely starve, taking the bound, then one whose timeout is short
        // enough to be half past by the time the connections come back.
        HandOffScene scene = holdAllThenQueue(List.of(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofMillis(8 * STARVED_MILLIS)));
        Pool<TestConnection> pool = scene.pool();
        Thread.sleep(5 * STARVED_MILLIS);
        List<PooledConnection<TestConnection>> barged = new ArrayList<>();
        BusyCarriers carriers = BusyCarriers.occupy();
        try {
            scene.held().forEach(PooledConnection::close);
            // The urgent waiter was served past the bound, so that a queue too long for the pace at
            // which parked waiters wake still drains in time.
            assertEquals(0, pool.stats().pending(), () -> "the urgent waiter still waits: " + pool.stats().describe());
            for (int i = 0; i < scene.max() - HandOffScene.IN_TRANSIT - 1; i++) {
                barged.add(pool.acquire(Duration.ofSeconds(2)));
            }
            PoolException e = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(100)),
                    "a connection was left to running threads rather than handed to the urgent waiter");
            assertEquals(PoolException.Kind.TIMEOUT, e.kind());
        } finally {
            carriers.release();
        }
        barged.forEach(PooledConnection::close);
        scene.assertAllServed();
        assertEquals(1, pool.stats().timeouts(), () -> pool.stats().describe());
    }

    // ---- sizing -----------------------------------------------------------------------------

    @Test
    void min_size_is_filled_in_the_background_and_refilled_after_a_loss() throws Exception {
        Pool<TestConnection> pool = pool(config().minSize(3).maxSize(5));
        awaitStats(pool, "3 idle connections without any acquire", s -> s.idle() == 3 && s.total() == 3);
        assertEquals(3, manager.created());
        assertEquals(0, pool.stats().acquired());
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection lost = c.get();
        c.invalidate();
        await("the invalidated connection destroyed", lost::isDestroyed);
        awaitStats(pool, "back to 3 idle connections", s -> s.idle() == 3 && s.total() == 3);
        assertEquals(4, manager.created());
        assertQuiet(pool);
    }

    @Test
    void max_size_is_never_exceeded_and_no_connection_goes_to_two_holders_under_churn() throws Exception {
        int max = 4;
        Pool<TestConnection> pool = pool(config().maxSize(max).validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO));
        manager.randomlyInvalid(0.3).destroyDelay(Duration.ofMillis(2)).createDelay(Duration.ofMillis(1));
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Thread.Builder builder = i % 3 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            int seed = i;
            threads.add(builder.start(() -> {
                try {
                    for (int round = 0; round < 120; round++) {
                        PooledConnection<TestConnection> c = pool.acquire(SOON);
                        use(c);
                        if ((round + seed) % 7 == 0) {
                            c.invalidate();
                        } else {
                            c.close();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        joinAll(threads);
        assertEquals(List.of(), failures);
        assertTrue(manager.peakOpen() <= max, () -> "open at once: " + manager.peakOpen() + " > max-size " + max);
        assertTrue(manager.invalidAnswers() > 0, "the churn had failing validations");
        assertEquals(manager.invalidAnswers(), pool.stats().validationFailures());
        assertQuiet(pool);
    }

    @Test
    void every_duration_past_a_long_of_nanoseconds_means_no_limit() throws Exception {
        for (Duration huge : List.of(Duration.ofDays(106_752), java.time.temporal.ChronoUnit.FOREVER.getDuration())) {
            // Every duration huge, the validation threshold too; then again with every connection
            // validated, under a huge validation timeout.
            for (Duration threshold : List.of(huge, Duration.ZERO)) {
                Pool<TestConnection> pool = pool(config().minSize(1).maxSize(2).acquireTimeout(huge).createTimeout(huge)
                        .idleTimeout(huge).maxLifetime(huge).healthCheckInterval(huge)
                        .validateOnAcquire(true).validationIdleThreshold(threshold).validationTimeout(huge)
                        .leakDetectionThreshold(huge).closeGracePeriod(huge));
                long validated = manager.validated();
                PooledConnection<TestConnection> a = pool.acquire(huge);
                PooledConnection<TestConnection> b = pool.acquire().get(SOON.toSeconds(), TimeUnit.SECONDS);
                CompletableFuture<PooledConnection<TestConnection>> waiting = pool.acquire();
                awaitStats(pool, "an async waiter queued", s -> s.pending() == 1);
                use(a);
                a.close();
                PooledConnection<TestConnection> c = waiting.get(SOON.toSeconds(), TimeUnit.SECONDS);
                use(c);
                c.close();
                b.close();
                pool.acquire(huge).close();
                if (threshold.isZero()) {
                    assertTrue(manager.validated() > validated, "no connection was validated");
                }
                PoolStats s = pool.stats();
                assertEquals(4, s.acquired(), s::describe);
                assertEquals(0, s.timeouts(), s::describe);
                assertQuiet(pool);
                pool.close();
                assertClosedCleanly(pool);
            }
        }
    }

    @Test
    void a_max_size_of_integer_max_value_opens_serves_and_closes_with_storage_for_what_is_open()
            throws Exception {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        Pool<TestConnection> pool = pool(config().minSize(2).maxSize(Integer.MAX_VALUE));
        awaitStats(pool, "the minimum filled", s -> s.idle() == 2);
        List<PooledConnection<TestConnection>> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(pool.acquire(SOON));
        }
        held.forEach(c -> use(c));
        System.gc();
        long used = runtime.totalMemory() - runtime.freeMemory() - before;
        // Storage in proportion to max-size would be gigabytes; a few connections need kilobytes.
        assertTrue(used < 64L << 20, () -> "the pool of 5 connections takes " + (used >> 20) + " MB of heap");
        held.forEach(PooledConnection::close);
        PoolStats s = pool.stats();
        assertEquals(5, s.total(), s::describe);
        assertEquals(5, s.acquired(), s::describe);
        assertQuiet(pool);
        pool.close();
        assertClosedCleanly(pool);
    }

    // ---- idle, lifetime, validation ----------------------------------------------------------

    @Test
    void idle_timeout_closes_idle_connections_above_min_size_only() throws Exception {
        Duration idle = Duration.ofMillis(300);
        Pool<TestConnection> pool = pool(config().minSize(1).idleTimeout(idle));
        awaitStats(pool, "min-size filled", s -> s.idle() == 1);
        List<PooledConnection<TestConnection>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(pool.acquire(SOON));
        }
        held.forEach(PooledConnection::close);
        assertEquals(3, manager.created());
        awaitStats(pool, "idle connections above min-size closed", s -> s.total() == 1);
        // Long enough for the last one to be closed too, were the pool to ignore min-size.
        Thread.sleep(idle.multipliedBy(3));
        assertEquals(1, pool.stats().total(), pool.stats()::describe);
        assertEquals(3, manager.created(), "the pool closed the connection at min-size and made a new one");
        // The pool's total drops when a destruction starts; the manager counts it when it ends.
        await("both retired connections destroyed by the manager", () -> manager.destroyed() >= 2);
        assertEquals(2, manager.destroyed());
        assertQuiet(pool);
    }

    @Test
    void max_lifetime_never_cuts_a_borrowed_connection_short_and_retires_it_on_return() throws Exception {
        Duration lifetime = Duration.ofMillis(300);
        Pool<TestConnection> pool = pool(config().maxSize(1).maxLifetime(lifetime));
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection old = c.get();
        assertTrue(old.claim());
        Thread.sleep(lifetime.multipliedBy(2));
        assertFalse(old.isDestroyed(), "destroyed while borrowed");
        assertSame(old, c.get());
        old.release();
        c.close();
        await("retired on return", old::isDestroyed);
        PooledConnection<TestConnection> next = pool.acquire(SOON);
        assertNotEquals(old.id(), next.get().id());
        next.close();
        assertQuiet(pool);
    }

    @Test
    void max_lifetime_retires_idle_connections() throws Exception {
        Pool<TestConnection> pool = pool(config().maxLifetime(Duration.ofMillis(300)));
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection old = c.get();
        c.close();
        await("the idle connection retired past its lifetime", old::isDestroyed);
        awaitStats(pool, "nothing left open", s -> s.total() == 0);
        assertQuiet(pool);
    }

    @Test
    void the_health_check_destroys_invalid_idle_connections() throws Exception {
        Pool<TestConnection> pool = pool(config().minSize(2).healthCheckInterval(Duration.ofMillis(200)));
        awaitStats(pool, "min-size filled", s -> s.idle() == 2);
        List<TestConnection> idle = manager.allCreated();
        TestConnection broken = idle.get(0);
        TestConnection sound = idle.get(1);
        manager.breakConnection(broken);
        await("the health check destroyed the broken connection", broken::isDestroyed);
        awaitStats(pool, "min-size refilled", s -> s.idle() == 2 && s.total() == 2);
        assertFalse(sound.isDestroyed(), "the sound connection was destroyed too");
        assertTrue(pool.stats().validationFailures() >= 1, pool.stats()::describe);
        await("a validation failure event", () -> monitor.kinds().contains(EventKind.CONNECTION_VALIDATION_FAILED));
        assertQuiet(pool);
    }

    @Test
    void a_connection_a_creation_returns_after_the_instance_closed_is_destroyed() throws Exception {
        java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger destroyed = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch creating = new CountDownLatch(1);
        long hangNanos = TimeUnit.SECONDS.toNanos(3); // past both pools' wait for creations at close
        org.patinox.memory.spi.BlockingConnectionManager<Object> slow = new org.patinox.memory.spi.BlockingConnectionManager<>() {
            @Override
            public Object create() {
                creating.countDown();
                long end = System.nanoTime() + hangNanos;
                while (System.nanoTime() - end < 0) {
                    try {
                        Thread.sleep(20); // a connect that no interrupt ends, as some blocking I/O
                    } catch (InterruptedException ignored) {
                        // goes on
                    }
                }
                created.incrementAndGet();
                return new Object();
            }

            @Override
            public boolean validate(Object connection) {
                return true;
            }

            @Override
            public void destroy(Object connection) {
                destroyed.incrementAndGet();
            }
        };
        MemoryUtilities closing = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                .shutdownTimeout(Duration.ofMillis(200)).build());
        try (LogCapture log = LogCapture.library()) {
            Pool<Object> pool = closing.pool(slow, PoolConfig.builder().maxSize(1).createTimeout(Duration.ofMillis(100))
                    .validationTimeout(Duration.ofMillis(100)).closeGracePeriod(Duration.ofMillis(50)).build());
            CompletableFuture<PooledConnection<Object>> waiting = pool.acquire();
            assertTrue(creating.await(SOON.toSeconds(), TimeUnit.SECONDS));
            pool.close();
            closing.close();
            assertTrue(waiting.isCompletedExceptionally(), "the waiter was told of the close");
            await("the creation ended", () -> created.get() == 1);
            await("the late connection was destroyed", () -> destroyed.get() == 1);
            assertTrue(log.has(java.util.logging.Level.WARNING, "1 creation still running"), log.text());
        }
    }

    @Test
    void a_health_check_interval_under_ten_milliseconds_runs_every_ten() throws Exception {
        Pool<TestConnection> pool = pool(config().minSize(2).maxSize(2).healthCheckInterval(Duration.ofNanos(1)));
        awaitStats(pool, "min-size filled", s -> s.idle() == 2);
        long start = System.nanoTime();
        long before = manager.validated();
        Thread.sleep(300);
        long checks = manager.validated() - before;
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Two idle connections, each at most once per 10 ms (a tick late or early on either side).
        assertTrue(checks <= 2 * (elapsedMillis / 10 + 2), checks + " validations in " + elapsedMillis + " ms");
        await("the health check runs", () -> manager.validated() > before);
        assertQuiet(pool);
    }

    @Test
    void validation_on_acquire_happens_only_for_connections_idle_past_the_threshold() throws Exception {
        Duration threshold = Duration.ofSeconds(1);
        Pool<TestConnection> pool = pool(config().maxSize(1).validateOnAcquire(true).validationIdleThreshold(threshold));
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection first = c.get();
        c.close();
        c = pool.acquire(SOON);
        assertSame(first, c.get());
        c.close();
        assertEquals(0, manager.validated(), "validated a new connection or one idle below the threshold");
        Thread.sleep(threshold.plusMillis(300));
        manager.breakConnection(first);
        c = pool.acquire(SOON);
        assertEquals(1, manager.validated(), "the connection idle past the threshold was not validated once");
        assertNotEquals(first.id(), c.get().id(), "handed out a connection that failed validation");
        await("the connection that failed validation destroyed", first::isDestroyed);
        assertEquals(1, pool.stats().validationFailures());
        c.close();
        assertQuiet(pool);
    }

    @Test
    void recycle_is_called_on_every_return() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(2));
        for (int i = 1; i <= 5; i++) {
            PooledConnection<TestConnection> a = pool.acquire(SOON);
            PooledConnection<TestConnection> b = pool.acquire(SOON);
            use(a);
            use(b);
            a.close();
            b.close();
            assertEquals(2L * i, manager.recycled(), "recycle calls after " + 2 * i + " returns");
        }
        assertQuiet(pool);
    }

    @Test
    void a_hung_recycle_of_the_blocking_form_is_bounded_by_the_validation_timeout() throws Exception {
        Assumptions.assumeTrue(blockingForm(), "the asynchronous form's recycle runs on the returning thread");
        Pool<TestConnection> pool = pool(config().maxSize(1).validationTimeout(Duration.ofMillis(300)));
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection hung = c.get();
        manager.recycleDelay(Duration.ofMinutes(10));
        long start = System.nanoTime();
        c.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        manager.recycleDelay(Duration.ZERO);
        assertTrue(took.compareTo(SOON) < 0, "returning a connection waited for a hung recycle: " + took);
        await("the connection whose recycle hung destroyed", hung::isDestroyed);
        PooledConnection<TestConnection> next = pool.acquire(SOON);
        assertNotEquals(hung.id(), next.get().id());
        use(next);
        next.close();
        assertEquals(List.of(), manager.platformThreadCalls());
        assertQuiet(pool);
    }

    @Test
    void an_asynchronous_recycle_whose_stage_never_completes_is_bounded_by_the_validation_timeout() throws Exception {
        var hang = new java.util.concurrent.atomic.AtomicBoolean(true);
        org.patinox.memory.spi.ConnectionManager<TestConnection> hanging = new org.patinox.memory.spi.ConnectionManager<>() {
            @Override
            public java.util.concurrent.CompletionStage<TestConnection> create() {
                return manager.create();
            }

            @Override
            public java.util.concurrent.CompletionStage<Boolean> validate(TestConnection connection) {
                return manager.validate(connection);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> recycle(TestConnection connection) {
                return hang.get() ? new CompletableFuture<>() : manager.recycle(connection);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> destroy(TestConnection connection) {
                return manager.destroy(connection);
            }
        };
        Pool<TestConnection> pool = memory.pool(hanging, config().maxSize(1).validationTimeout(Duration.ofMillis(300)).build());
        try (LogCapture log = LogCapture.library()) {
            PooledConnection<TestConnection> c = pool.acquire(SOON);
            TestConnection first = c.get();
            c.close();
            await("the connection whose recycle never completed destroyed", first::isDestroyed);
            String expected = "recycling a connection of pool " + pool.name() + " took longer than 300 ms";
            await("the recycle's timeout logged", () -> log.records().stream()
                    .anyMatch(r -> r.getThrown() instanceof TimeoutException && expected.equals(r.getThrown().getMessage())));
            hang.set(false);
            PooledConnection<TestConnection> next = pool.acquire(SOON);
            assertNotEquals(first.id(), next.get().id());
            use(next);
            next.close();
        }
        assertQuiet(pool);
    }

    @Test
    void a_checked_exception_of_the_blocking_form_is_the_cause_of_a_timeout_as_thrown() throws Exception {
        Assumptions.assumeTrue(blockingForm(), "the asynchronous form fails with unchecked exceptions");
        Pool<TestConnection> pool = pool(config().maxSize(1).acquireTimeout(Duration.ofMillis(300)));
        manager.failCreates(true);
        PoolException e = poolFailure(pool.acquire());
        assertEquals(PoolException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getCause() instanceof TestConnectionManager.InjectedCheckedFailure,
                () -> "the cause is not the checked exception create threw, unwrapped: " + e.getCause());
        assertTrue(manager.threwOnCreate(e.getCause()), e.getCause()::toString);
        manager.failCreates(false);
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        use(c);
        c.close();
        assertQuiet(pool);
    }

    @Test
    void a_failed_recycle_destroys_the_connection() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection failed = c.get();
        manager.failRecycles(true);
        c.close();
        manager.failRecycles(false);
        await("the connection that failed to recycle destroyed", failed::isDestroyed);
        PooledConnection<TestConnection> next = pool.acquire(SOON);
        assertNotEquals(failed.id(), next.get().id());
        next.close();
        assertQuiet(pool);
    }

    /**
     * A recycle failure, a destroy failure and a validation failure are each logged once, with the
     * same level and words in every provider: routine validation failures at DEBUG (the pool replaces
     * the connection on its own), failures of the manager's recycle and destroy at WARNING.
     */
    @Test
    void recycle_destroy_and_validation_failures_are_logged_with_the_same_level_and_words() throws Exception {
        var failDestroys = new java.util.concurrent.atomic.AtomicBoolean(true);
        var invalidOnce = new java.util.concurrent.atomic.AtomicBoolean(false);
        org.patinox.memory.spi.ConnectionManager<TestConnection> failing = new org.patinox.memory.spi.ConnectionManager<>() {
            @Override
            public java.util.concurrent.CompletionStage<TestConnection> create() {
                return manager.create();
            }

            @Override
            public java.util.concurrent.CompletionStage<Boolean> validate(TestConnection connection) {
                return invalidOnce.getAndSet(false) ? CompletableFuture.completedFuture(false) : manager.validate(connection);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> recycle(TestConnection connection) {
                return manager.recycle(connection);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> destroy(TestConnection connection) {
                // The connection is destroyed (the manager counts it), then the call reports a failure.
                java.util.concurrent.CompletionStage<Void> done = manager.destroy(connection);
                return failDestroys.get()
                        ? done.thenCompose(v -> CompletableFuture.failedFuture(
                                new TestConnectionManager.InjectedFailure("destroy failed on purpose")))
                        : done;
            }
        };
        Pool<TestConnection> pool = memory.pool(failing, config().maxSize(1).validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO).build());
        String prefix = "Pool " + pool.name() + ": ";
        List<String> expected = new ArrayList<>(List.of(
                "WARNING " + prefix + "recycling a returned connection failed; it is destroyed",
                "WARNING " + prefix + "destroying a connection (RECYCLE_FAILED) failed; counted as destroyed",
                "FINE " + prefix + "a connection failed validation (invalid) and is destroyed",
                "WARNING " + prefix + "destroying a connection (VALIDATION_FAILED) failed; counted as destroyed"));
        Collections.sort(expected);
        try (LogCapture log = LogCapture.of(LogCapture.LIBRARY, java.util.logging.Level.FINE)) {
            java.util.function.Supplier<List<String>> logged = () -> log.records().stream()
                    .filter(r -> r.getMessage() != null && r.getMessage().startsWith(prefix))
                    .map(r -> r.getLevel() + " " + r.getMessage()).sorted().toList();
            PooledConnection<TestConnection> c = pool.acquire(SOON);
            TestConnection recycledBadly = c.get();
            manager.failRecycles(true);
            c.close();
            await("the connection that failed to recycle destroyed", recycledBadly::isDestroyed);
            manager.failRecycles(false);
            PooledConnection<TestConnection> second = pool.acquire(SOON);
            TestConnection invalid = second.get();
            assertNotEquals(recycledBadly.id(), invalid.id());
            second.close();
            awaitStats(pool, "the second connection idle", s -> s.idle() == 1 && s.active() == 0);
            invalidOnce.set(true);
            PooledConnection<TestConnection> third = pool.acquire(SOON);
            assertNotEquals(invalid.id(), third.get().id(), "handed out a connection that failed validation");
            await("the connection that failed validation destroyed", invalid::isDestroyed);
            third.close();
            await("the four records logged", () -> logged.get().size() >= expected.size());
            failDestroys.set(false);
            assertQuiet(pool);
            assertEquals(expected, logged.get(), log::text);
            for (java.util.logging.LogRecord r : log.records()) {
                if (r.getMessage() != null && r.getMessage().startsWith(prefix) && r.getLevel() == java.util.logging.Level.WARNING) {
                    assertTrue(r.getThrown() instanceof TestConnectionManager.InjectedFailure,
                            () -> "the failure is not attached to: " + r.getMessage() + ": " + r.getThrown());
                }
            }
        }
    }

    @Test
    void a_manager_answering_with_minimal_completion_stages_is_served_like_any_other() throws Exception {
        manager.minimalStages(true);
        Pool<TestConnection> pool = pool(config().maxSize(2).validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO));
        for (int i = 0; i < 3; i++) {
            PooledConnection<TestConnection> a = pool.acquire(SOON);
            PooledConnection<TestConnection> b = pool.acquire().get(SOON.toSeconds(), TimeUnit.SECONDS);
            use(a);
            use(b);
            a.close();
            b.invalidate();
        }
        assertTrue(manager.validated() > 0, "connections idle past a zero threshold are validated");
        assertEquals(3, manager.recycled(), "every returned connection recycled");
        await("every invalidated connection destroyed", () -> manager.destroyed() >= 3);
        assertQuiet(pool);
        pool.close();
        assertClosedCleanly(pool);
    }

    // ---- failing and hanging managers --------------------------------------------------------

    @Test
    void a_failing_create_never_blocks_the_pool_and_acquires_succeed_once_the_manager_recovers() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(2).acquireTimeout(Duration.ofMillis(300)));
        manager.failCreates(true);
        long start = System.nanoTime();
        PoolException blocking = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(300)));
        PoolException async = poolFailure(pool.acquire());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(SOON) < 0, "acquires missed their deadline");
        assertEquals(PoolException.Kind.TIMEOUT, blocking.kind());
        assertEquals(PoolException.Kind.TIMEOUT, async.kind());
        await("a creation failure event with the manager's error", () -> monitor.events().stream()
                .filter(e -> e.kind() == EventKind.CONNECTION_CREATION_FAILED)
                .anyMatch(e -> manager.threwOnCreate(injectedIn(e.error().orElse(null)))));
        MonitorEvent failed = monitor.events().stream().filter(e -> e.kind() == EventKind.CONNECTION_CREATION_FAILED)
                .findFirst().orElseThrow();
        assertEquals(java.util.Set.of("consecutiveFailures", "retryMillis"), failed.attributes().keySet(), failed::describe);
        assertEquals(1, ((Number) failed.attributes().get("consecutiveFailures")).intValue(), failed::describe);
        assertEquals(10, ((Number) failed.attributes().get("retryMillis")).longValue(), failed::describe);
        manager.failCreates(false);
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        use(c);
        c.close();
        PoolStats s = pool.stats();
        assertEquals(2, s.timeouts());
        assertTrue(s.creationFailures() >= 1, s::describe);
        assertQuiet(pool);
    }

    @Test
    void a_hanging_create_never_blocks_the_pool_and_is_abandoned_after_the_create_timeout() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).createTimeout(Duration.ofMillis(300)));
        manager.hangCreates(true);
        PoolException e = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(200)));
        assertEquals(PoolException.Kind.TIMEOUT, e.kind());
        assertTrue(manager.hanging() >= 1 || manager.interruptedCreates() >= 1, manager::toString);
        manager.hangCreates(false);
        // With max-size 1, this needs the hanging create's slot back.
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        use(c);
        c.close();
        await("a creation failure event", () -> monitor.kinds().contains(EventKind.CONNECTION_CREATION_FAILED));
        assertTrue(pool.stats().creationFailures() >= 1, pool.stats()::describe);
        await("the thread of the abandoned create interrupted", () -> manager.interruptedCreates() >= 1);
        assertQuiet(pool);
    }

    /** The checked exception a manager of the tests below throws without declaring it. */
    private static final class UndeclaredChecked extends Exception {
        private static final long serialVersionUID = 1L;

        UndeclaredChecked(String message) {
            super(message, null, false, false);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    /**
     * @param createThrows while set, create throws {@code thrown} undeclared
     * @param recycleThrows while set, recycle throws {@code thrown} undeclared
     * @return the current test's manager, throwing a checked exception where told to
     */
    private org.patinox.memory.spi.ConnectionManager<TestConnection> throwingUndeclared(
            java.util.concurrent.atomic.AtomicBoolean createThrows, java.util.concurrent.atomic.AtomicBoolean recycleThrows,
            UndeclaredChecked thrown) {
        return new org.patinox.memory.spi.ConnectionManager<>() {
            @Override
            public java.util.concurrent.CompletionStage<TestConnection> create() {
                if (createThrows.get()) {
                    throw sneakyThrow(thrown);
                }
                return manager.create();
            }

            @Override
            public java.util.concurrent.CompletionStage<Boolean> validate(TestConnection connection) {
                return manager.validate(connection);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> recycle(TestConnection connection) {
                if (recycleThrows.get()) {
                    throw sneakyThrow(thrown);
                }
                return manager.recycle(connection);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> destroy(TestConnection connection) {
                return manager.destroy(connection);
            }
        };
    }

    @Test
    void a_checked_exception_a_create_throws_undeclared_is_its_failure_at_once_not_a_hang_until_the_create_timeout()
            throws Exception {
        var throwing = new java.util.concurrent.atomic.AtomicBoolean(true);
        UndeclaredChecked thrown = new UndeclaredChecked("a checked exception thrown undeclared by create");
        // A create timeout far beyond the acquire's: a failure counted before the acquire gives up
        // is the thrown exception, not the timeout of a call that never settled.
        Pool<TestConnection> pool = memory.pool(throwingUndeclared(throwing, new java.util.concurrent.atomic.AtomicBoolean(),
                thrown), config().maxSize(1).createTimeout(Duration.ofSeconds(50)).build());
        try (LogCapture log = LogCapture.library()) {
            PoolException e = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofSeconds(3)));
            assertEquals(PoolException.Kind.TIMEOUT, e.kind());
            assertSame(thrown, e.getCause(), () -> "the cause is not the exception create threw: " + e);
            assertTrue(pool.stats().creationFailures() >= 1, pool.stats()::describe);
            assertTrue(monitor.events().stream().filter(ev -> ev.kind() == EventKind.CONNECTION_CREATION_FAILED)
                    .anyMatch(ev -> ev.error().orElse(null) == thrown), monitor.events()::toString);
            assertTrue(log.records().stream().anyMatch(r -> r.getThrown() == thrown), "the failure was not logged");
            throwing.set(false);
            PooledConnection<TestConnection> c = pool.acquire(SOON);
            use(c);
            c.close();
        }
        assertQuiet(pool);
    }

    @Test
    void a_checked_exception_a_recycle_throws_undeclared_destroys_the_connection_and_never_reaches_the_holder()
            throws Exception {
        var throwing = new java.util.concurrent.atomic.AtomicBoolean(true);
        UndeclaredChecked thrown = new UndeclaredChecked("a checked exception thrown undeclared by recycle");
        Pool<TestConnection> pool = memory.pool(throwingUndeclared(new java.util.concurrent.atomic.AtomicBoolean(),
                throwing, thrown), config().maxSize(1).build());
        try (LogCapture log = LogCapture.library()) {
            PooledConnection<TestConnection> c = pool.acquire(SOON);
            TestConnection first = c.get();
            c.close();
            await("the connection whose recycle threw destroyed", first::isDestroyed);
            assertTrue(log.records().stream().anyMatch(r -> r.getThrown() == thrown), "the failure was not logged");
            throwing.set(false);
            PooledConnection<TestConnection> next = pool.acquire(SOON);
            assertNotEquals(first.id(), next.get().id());
            use(next);
            next.close();
        }
        await("the destroy counted", () -> pool.stats().destroyed() == 1);
        assertQuiet(pool);
    }

    // ---- invalidation --------------------------------------------------------------------------

    @Test
    void invalidate_frees_capacity_and_wakes_a_waiter() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection bad = c.get();
        CompletableFuture<PooledConnection<TestConnection>> waiter = pool.acquire();
        awaitStats(pool, "the waiter queued", s -> s.pending() == 1);
        c.invalidate();
        PooledConnection<TestConnection> next = waiter.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertNotEquals(bad.id(), next.get().id());
        await("the invalidated connection destroyed", bad::isDestroyed);
        assertEquals(0, manager.recycled(), "an invalidated connection is destroyed, not recycled");
        next.close();
        assertQuiet(pool);
    }

    @Test
    void a_failed_validation_frees_capacity_and_wakes_a_waiter() throws Exception {
        Duration threshold = Duration.ofMillis(100);
        Pool<TestConnection> pool = pool(config().maxSize(1).validateOnAcquire(true).validationIdleThreshold(threshold));
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection bad = c.get();
        c.close();
        Thread.sleep(threshold.multipliedBy(3));
        manager.breakConnection(bad);
        manager.validateDelay(Duration.ofMillis(300));
        CompletableFuture<PooledConnection<TestConnection>> first = pool.acquire();
        await("the idle connection is being validated", () -> manager.validating() == 1);
        CompletableFuture<PooledConnection<TestConnection>> second = pool.acquire();
        PooledConnection<TestConnection> a = first.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertNotEquals(bad.id(), a.get().id());
        await("the connection that failed validation destroyed", bad::isDestroyed);
        a.close();
        PooledConnection<TestConnection> b = second.get(SOON.toSeconds(), TimeUnit.SECONDS);
        use(b);
        b.close();
        assertEquals(1, pool.stats().validationFailures());
        assertQuiet(pool);
    }

    // ---- leak detection ----------------------------------------------------------------------

    @Test
    void a_connection_held_too_long_after_a_blocking_acquire_is_reported_with_the_stack_that_took_it()
            throws Exception {
        Pool<TestConnection> pool = pool(config().leakDetectionThreshold(Duration.ofMillis(200)));
        acquire_and_return_at_once(pool);
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        MonitorEvent leak = awaitEvent(EventKind.LEAK_SUSPECTED);
        assertTrue(stackHas(leak, "a_connection_held_too_long_after_a_blocking_acquire_is_reported_with_the_stack_that_took_it"),
                () -> "the stack does not show the acquiring test method: " + stackOf(leak));
        // The quick one was taken earlier, so it would have been reported by now.
        assertTrue(monitor.events().stream().filter(e -> e.kind() == EventKind.LEAK_SUSPECTED)
                .noneMatch(e -> stackHas(e, "acquire_and_return_at_once")), "a connection returned in time was reported");
        assertTrue(pool.stats().leaksSuspected() >= 1, pool.stats()::toString);
        c.close();
        assertQuiet(pool);
    }

    @Test
    void a_connection_held_too_long_after_an_async_acquire_is_reported_with_the_stack_that_took_it()
            throws Exception {
        Pool<TestConnection> pool = pool(config().leakDetectionThreshold(Duration.ofMillis(200)));
        PooledConnection<TestConnection> c = pool.acquire().get(SOON.toSeconds(), TimeUnit.SECONDS);
        MonitorEvent leak = awaitEvent(EventKind.LEAK_SUSPECTED);
        assertTrue(stackHas(leak, "a_connection_held_too_long_after_an_async_acquire_is_reported_with_the_stack_that_took_it"),
                () -> "the stack does not show the acquiring test method: " + stackOf(leak));
        c.close();
        assertQuiet(pool);
    }

    @Test
    void a_suspected_leak_is_logged_and_reported_in_the_same_words_by_every_implementation() throws Exception {
        Pool<TestConnection> pool = pool(config().leakDetectionThreshold(Duration.ofMillis(200)));
        try (LogCapture log = LogCapture.library()) {
            PooledConnection<TestConnection> c = pool.acquire(SOON);
            MonitorEvent leak = awaitEvent(EventKind.LEAK_SUSPECTED);
            assertEquals(pool.name(), leak.source());
            assertEquals(java.util.Set.of("heldMillis"), leak.attributes().keySet(), leak::describe);
            long heldMillis = ((Number) leak.attributes().get("heldMillis")).longValue();
            assertTrue(heldMillis >= 200, leak::describe);
            Throwable site = leak.error().orElseThrow();
            assertEquals("Connection acquired from pool " + pool.name() + " by thread " + Thread.currentThread().getName(),
                    site.getMessage());
            await("the leak logged", () -> log.records().stream().anyMatch(r -> r.getThrown() == site));
            java.util.logging.LogRecord logged = log.records().stream().filter(r -> r.getThrown() == site)
                    .findFirst().orElseThrow();
            assertEquals(java.util.logging.Level.WARNING, logged.getLevel());
            assertTrue(logged.getMessage().matches(java.util.regex.Pattern.quote("Pool " + pool.name()
                            + ": a connection has been held for ") + "\\d+" + java.util.regex.Pattern.quote(
                            " ms, past the leak-detection threshold; it was acquired here")), logged.getMessage());
            c.close();
        }
        assertQuiet(pool);
    }

    // ---- destroy reasons ---------------------------------------------------------------------

    @Test
    void every_destroyed_connection_is_reported_with_its_destroy_reason() throws Exception {
        try (LogCapture log = LogCapture.library()) {
            Pool<TestConnection> pool = pool(config());
            pool.acquire(SOON).invalidate();
            awaitDestroyed(pool, DestroyReason.INVALIDATED);

            manager.failRecycles(true);
            pool.acquire(SOON).close();
            awaitDestroyed(pool, DestroyReason.RECYCLE_FAILED);
            manager.failRecycles(false);

            Pool<TestConnection> validating = pool(config().validateOnAcquire(true).validationIdleThreshold(Duration.ZERO));
            validating.acquire(SOON).close();
            manager.validation(TestConnectionManager.Validation.INVALID);
            PooledConnection<TestConnection> fresh = validating.acquire(SOON); // the idle one fails, a new one is made
            awaitDestroyed(validating, DestroyReason.VALIDATION_FAILED);
            manager.validation(TestConnectionManager.Validation.VALID);
            fresh.close();

            Pool<TestConnection> aging = pool(config().maxLifetime(Duration.ofMillis(300)));
            aging.acquire(SOON).close();
            awaitDestroyed(aging, DestroyReason.MAX_LIFETIME);

            Pool<TestConnection> idling = pool(config().idleTimeout(Duration.ofMillis(300)));
            idling.acquire(SOON).close();
            awaitDestroyed(idling, DestroyReason.IDLE_TIMEOUT);

            Pool<TestConnection> closing = pool(config().closeGracePeriod(Duration.ofMillis(100)));
            PooledConnection<TestConnection> returned = closing.acquire(SOON);
            PooledConnection<TestConnection> kept = closing.acquire(SOON);
            returned.close(); // idle at close
            closing.close();
            awaitDestroyed(closing, DestroyReason.CLOSED);
            awaitDestroyed(closing, DestroyReason.CLOSE_GRACE_EXPIRED);
            kept.close();
            assertTrue(log.records().stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.WARNING),
                    "the failed recycle and the close's wait were not logged");
        }
        List<MonitorEvent> destroyed = monitor.events().stream()
                .filter(e -> e.kind() == EventKind.CONNECTION_DESTROYED).toList();
        assertTrue(destroyed.stream().allMatch(e -> e.attributes().get("reason") instanceof DestroyReason),
                destroyed::toString);
    }

    @Test
    void a_created_connection_is_reported_alike_by_every_implementation() throws Exception {
        Pool<TestConnection> pool = pool(config());
        pool.acquire(SOON).close();
        await("a connection of " + pool.name() + " reported created", () -> monitor.events().stream()
                .anyMatch(e -> e.kind() == EventKind.CONNECTION_CREATED && e.source().equals(pool.name())));
        MonitorEvent created = monitor.events().stream()
                .filter(e -> e.kind() == EventKind.CONNECTION_CREATED && e.source().equals(pool.name()))
                .findFirst().orElseThrow();
        // A monitor plugin sees the same event whichever implementation runs: no attribute of one's own.
        assertEquals(java.util.Map.of(), created.attributes(), created.describe());
        assertTrue(created.error().isEmpty(), created.describe());
    }

    private void awaitDestroyed(Pool<?> pool, DestroyReason reason) {
        await("a connection of " + pool.name() + " destroyed with reason " + reason, () -> monitor.events().stream()
                .anyMatch(e -> e.kind() == EventKind.CONNECTION_DESTROYED && e.source().equals(pool.name())
                        && e.attributes().get("reason") == reason));
    }

    // ---- cancellation ------------------------------------------------------------------------

    @Test
    void cancelling_an_acquire_gives_up_its_place() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        CompletableFuture<PooledConnection<TestConnection>> cancelled = pool.acquire();
        CompletableFuture<PooledConnection<TestConnection>> next = pool.acquire();
        awaitStats(pool, "two waiters queued", s -> s.pending() == 2);
        assertTrue(cancelled.cancel(true));
        awaitStats(pool, "the cancelled waiter left the queue", s -> s.pending() == 1);
        held.close();
        PooledConnection<TestConnection> c = next.get(SOON.toSeconds(), TimeUnit.SECONDS);
        use(c);
        c.close();
        assertHandsOutMaxSize(pool);
    }

    @Test
    void a_connection_created_for_a_cancelled_acquire_goes_back_to_the_pool() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        manager.hangCreates(true);
        CompletableFuture<PooledConnection<TestConnection>> cancelled = pool.acquire();
        await("the create started", () -> manager.hanging() == 1);
        assertTrue(cancelled.cancel(true));
        manager.hangCreates(false);
        manager.releaseHangingCreates();
        awaitStats(pool, "the creation settled", s -> s.creating() == 0 && s.pending() == 0);
        if (manager.created() == 1) {
            TestConnection arrived = manager.allCreated().getFirst();
            awaitStats(pool, "the connection that arrived anyway is idle in the pool", s -> s.idle() == 1);
            PooledConnection<TestConnection> c = pool.acquire(SOON);
            assertSame(arrived, c.get(), "the connection that arrived anyway did not go back to the pool");
            c.close();
        }
        assertHandsOutMaxSize(pool);
    }

    @Test
    void cancellations_racing_with_releases_lose_no_capacity() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1));
        for (int round = 0; round < 200; round++) {
            PooledConnection<TestConnection> held = pool.acquire(Duration.ofSeconds(5));
            CompletableFuture<PooledConnection<TestConnection>> waiter = pool.acquire();
            awaitStats(pool, "the waiter queued", s -> s.pending() == 1);
            Thread releaser = Thread.ofVirtual().start(held::close);
            if (!waiter.cancel(true)) {
                waiter.get(SOON.toSeconds(), TimeUnit.SECONDS).close();
            }
            assertTrue(releaser.join(SOON), "the release did not finish");
        }
        assertHandsOutMaxSize(pool);
    }

    @Test
    void a_long_chain_of_asynchronous_waiters_each_returning_its_connection_in_its_continuation_is_served_to_the_end()
            throws Exception {
        // Each continuation returns the connection, which goes to the next waiter: a pool that
        // completed every future on the returning thread would nest them all on one stack, and the
        // StackOverflowError, swallowed by CompletableFuture, would strand a connection.
        Pool<TestConnection> pool = pool(config().maxSize(1).acquireTimeout(Duration.ofSeconds(30)));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        int waiters = 20_000;
        List<CompletableFuture<Void>> served = new ArrayList<>(waiters);
        for (int i = 0; i < waiters; i++) {
            served.add(pool.acquire().thenAccept(c -> {
                use(c);
                c.close();
            }));
        }
        held.close();
        CompletableFuture.allOf(served.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertQuiet(pool);
        assertEquals(waiters + 1L, pool.stats().acquired());
        assertHandsOutMaxSize(pool);
    }

    @Test
    void a_future_its_caller_completes_gives_up_its_place_like_a_cancelled_one() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).acquireTimeout(Duration.ofSeconds(30)));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        int waiters = 20_000;
        for (int i = 0; i < waiters; i++) {
            CompletableFuture<PooledConnection<TestConnection>> waiter = pool.acquire();
            if (i % 2 == 0) {
                waiter.complete(null);
            } else {
                waiter.completeExceptionally(new IllegalStateException("given up by its caller"));
            }
        }
        awaitStats(pool, "no waiter left pending", s -> s.pending() == 0);
        // Released on a small stack: giving the connection back past abandoned waiters must not nest.
        Thread releaser = Thread.ofPlatform().stackSize(256 * 1024).start(held::close);
        assertTrue(releaser.join(SOON), "the release did not finish");
        pool.acquire(SOON).close();
        assertQuiet(pool);
        assertEquals(2, pool.stats().acquired());
    }

    // ---- close -------------------------------------------------------------------------------

    @Test
    void close_fails_new_acquires_and_current_waiters_with_closed() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(1).closeGracePeriod(Duration.ofSeconds(30)));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        TestConnection borrowed = held.get();
        CompletableFuture<PooledConnection<TestConnection>> asyncWaiter = pool.acquire();
        AtomicReference<Throwable> blockingOutcome = new AtomicReference<>();
        Thread blockingWaiter = Thread.ofVirtual().start(() -> {
            try {
                pool.acquire(Duration.ofSeconds(30)).close();
                blockingOutcome.set(new AssertionError("acquired from a closing pool"));
            } catch (Throwable t) {
                blockingOutcome.set(t);
            }
        });
        awaitStats(pool, "two waiters queued", s -> s.pending() == 2);
        // Close reports, in the log too, that it waits for the borrowed connection.
        LogCapture quiet = LogCapture.library();
        Thread closer = Thread.ofVirtual().start(pool::close);
        await("the pool says it is closed", pool::isClosed);
        assertEquals(PoolException.Kind.CLOSED, poolFailure(asyncWaiter).kind());
        assertTrue(blockingWaiter.join(SOON), "the blocking waiter was not woken by close");
        assertTrue(blockingOutcome.get() instanceof PoolException p && p.kind() == PoolException.Kind.CLOSED,
                () -> "not a CLOSED PoolException: " + blockingOutcome.get());
        assertEquals(PoolException.Kind.CLOSED, poolFailure(pool.acquire()).kind());
        PoolException e = assertThrows(PoolException.class, () -> pool.acquire(SOON));
        assertEquals(PoolException.Kind.CLOSED, e.kind());
        assertTrue(closer.isAlive(), "close returned while a connection was still borrowed");
        assertFalse(borrowed.isDestroyed(), "destroyed while borrowed, within the grace period");
        held.close();
        assertTrue(closer.join(SOON), "close did not return once the borrowed connection came back");
        quiet.close();
        assertTrue(borrowed.isDestroyed());
        assertClosedCleanly(pool);
    }

    @Test
    void close_waits_for_borrowed_connections_up_to_the_grace_period_then_destroys_them() throws Exception {
        Duration grace = Duration.ofMillis(300);
        Pool<TestConnection> pool = pool(config().closeGracePeriod(grace));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        TestConnection borrowed = held.get();
        pool.acquire(SOON).close();
        long start = System.nanoTime();
        LogCapture.quietly(pool::close);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertFalse(took.compareTo(grace.minusMillis(20)) < 0, "did not wait the grace period: " + took);
        assertTrue(borrowed.isDestroyed(), "the connection still borrowed after the grace period was not destroyed");
        // The holder's late return must neither recycle nor destroy it again (the manager checks).
        held.close();
        assertClosedCleanly(pool);
    }

    @Test
    void a_handle_refuses_get_once_close_destroyed_its_connection_after_the_grace_period() throws Exception {
        Pool<TestConnection> pool = pool(config().closeGracePeriod(Duration.ofMillis(100)));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        TestConnection borrowed = held.get();
        LogCapture.quietly(pool::close);
        assertTrue(borrowed.isDestroyed());
        IllegalStateException e = assertThrows(IllegalStateException.class, held::get,
                "get() handed out a destroyed connection");
        // The holder never gave it back: the message says the close took it, not that it was returned.
        assertEquals("This connection of pool " + pool.name()
                + " was destroyed when the pool closed, its grace period over; the pool is closed", e.getMessage());
        held.invalidate();
        held.close();
        assertThrows(IllegalStateException.class, held::get);
        assertClosedCleanly(pool);
    }

    @Test
    void close_says_once_what_borrowed_connections_it_waits_for_and_where_they_were_acquired() throws Exception {
        Pool<TestConnection> pool = pool(config().closeGracePeriod(Duration.ofMillis(200))
                .leakDetectionThreshold(Duration.ofHours(1)));
        PooledConnection<TestConnection> blocking = pool.acquire(SOON);
        PooledConnection<TestConnection> async = pool.acquire().get(SOON.toSeconds(), TimeUnit.SECONDS);
        pool.acquire(SOON).close(); // idle at close: not waited for
        Pool<TestConnection> untracked = pool(config().closeGracePeriod(Duration.ofMillis(100)));
        PooledConnection<TestConnection> other = untracked.acquire(SOON);
        List<java.util.logging.LogRecord> logged;
        try (LogCapture log = LogCapture.library()) {
            pool.close();
            untracked.close();
            logged = log.records();
        }

        List<MonitorEvent> waiting = monitor.events().stream()
                .filter(e -> e.kind() == EventKind.POOL_CLOSE_WAITING && e.source().equals(pool.name())).toList();
        assertEquals(1, waiting.size(), () -> "POOL_CLOSE_WAITING events: " + waiting);
        MonitorEvent event = waiting.getFirst();
        assertEquals(2, ((Number) event.attributes().get("borrowed")).intValue(), event::describe);
        assertEquals(200L, ((Number) event.attributes().get("graceMillis")).longValue(), event::describe);
        Throwable where = event.error().orElse(null);
        assertNotNull(where, "leak detection recorded the acquires, but the event does not say where they were");
        assertEquals(2, where.getSuppressed().length, () -> "acquire stacks: " + Arrays.toString(where.getSuppressed()));
        for (Throwable site : where.getSuppressed()) {
            assertTrue(Arrays.stream(site.getStackTrace()).anyMatch(e -> e.getMethodName()
                    .equals("close_says_once_what_borrowed_connections_it_waits_for_and_where_they_were_acquired")),
                    () -> "not the acquiring test method: " + Arrays.toString(site.getStackTrace()));
        }
        List<java.util.logging.LogRecord> aboutPool = logged.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains(pool.name() + ":")).toList();
        assertEquals(1, aboutPool.size(), () -> "logged about the pool: " + aboutPool.stream().map(r -> r.getMessage()).toList());
        java.util.logging.LogRecord record = aboutPool.getFirst();
        assertTrue(record.getLevel() == java.util.logging.Level.WARNING || record.getLevel() == java.util.logging.Level.INFO,
                record.getLevel()::toString);
        assertTrue(record.getMessage().contains("2 borrowed connections"), record.getMessage());
        assertNotNull(record.getThrown(), "the log does not say where the connections were acquired");
        assertEquals(2, record.getThrown().getSuppressed().length);

        MonitorEvent untrackedEvent = monitor.events().stream()
                .filter(e -> e.kind() == EventKind.POOL_CLOSE_WAITING && e.source().equals(untracked.name()))
                .findFirst().orElseThrow(() -> new AssertionError("no POOL_CLOSE_WAITING event for the other pool"));
        assertEquals(1, ((Number) untrackedEvent.attributes().get("borrowed")).intValue(), untrackedEvent::describe);
        assertTrue(untrackedEvent.error().isEmpty(), "without leak detection no acquire was recorded");
        assertTrue(logged.stream().anyMatch(r -> r.getMessage() != null
                && r.getMessage().contains(untracked.name() + ":") && r.getMessage().contains("1 borrowed connection")),
                () -> logged.stream().map(r -> r.getMessage()).toList().toString());

        blocking.close();
        async.close();
        other.close();
        assertClosedCleanly(pool);
        assertClosedCleanly(untracked);
        assertEquals(List.of(), monitor.events().stream().filter(e -> e.kind() == EventKind.POOL_CLOSE_WAITING)
                .filter(e -> !e.source().equals(pool.name()) && !e.source().equals(untracked.name())).toList());
    }

    @Test
    void close_with_nothing_borrowed_reports_no_wait() throws Exception {
        Pool<TestConnection> pool = pool(config().minSize(1));
        awaitStats(pool, "min-size filled", s -> s.idle() == 1);
        pool.acquire(SOON).close();
        pool.close();
        assertFalse(monitor.kinds().contains(EventKind.POOL_CLOSE_WAITING), monitor.kinds()::toString);
        assertClosedCleanly(pool);
    }

    @Test
    void after_close_every_count_is_zero_and_every_connection_was_destroyed_exactly_once() throws Exception {
        Pool<TestConnection> pool = pool(config().minSize(2).maxSize(4));
        List<PooledConnection<TestConnection>> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(pool.acquire(SOON));
        }
        held.get(0).invalidate();
        held.subList(1, 4).forEach(PooledConnection::close);
        pool.close();
        assertClosedCleanly(pool);
        assertEquals(1, monitor.events().stream()
                .filter(e -> e.kind() == EventKind.POOL_CLOSED && e.source().equals(pool.name())).count());
    }

    @Test
    void close_returns_only_after_a_creation_it_gave_up_has_ended_and_its_late_connection_is_destroyed()
            throws Exception {
        // A create that does not heed the interrupt close sends it still yields a connection. Unless
        // close waits for it, that connection is destroyed after close returned, or never, if the
        // instance's executor is shut down by then (as closing the library right after does).
        manager.hangCreates(true).hangIgnoresInterrupts(true);
        Pool<TestConnection> pool = pool(config());
        CompletableFuture<PooledConnection<TestConnection>> waiter = pool.acquire();
        await("the creation for the waiter hanging", () -> manager.hanging() == 1);
        Thread closer = Thread.ofVirtual().start(pool::close);
        await("close interrupting the creation", () -> manager.interruptsIgnored() == 1);
        // Well within the grace period (2 s), which close may spend waiting for the creation.
        boolean returnedEarly = closer.join(Duration.ofMillis(500));
        manager.releaseHangingCreates();
        assertTrue(closer.join(SOON), "close did not return once the creation ended");
        assertFalse(returnedEarly, "close returned while a creation it gave up was still running");
        assertEquals(0, manager.open(), () -> "close returned while a connection was being created or destroyed: " + manager);
        assertEquals(List.of(), manager.notDestroyedExactlyOnce(), "close returned before the late connection was destroyed");
        assertEquals(1, manager.interruptsIgnored(), "close did not interrupt the creation it gave up");
        assertEquals(1, manager.created(), manager::toString);
        assertEquals(PoolException.Kind.CLOSED, poolFailure(waiter).kind());
        assertClosedCleanly(pool);
    }

    @RepeatedTest(20)
    void close_racing_a_refill_to_min_size_leaves_no_connection_to_destroy_after_it() throws Exception {
        // The refill after a destruction races close: its creation, given up by close but not
        // interrupted in time, yields a connection close must destroy before it returns.
        Pool<TestConnection> pool = pool(config().minSize(1));
        awaitStats(pool, "min-size filled", s -> s.idle() == 1);
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection gone = c.get();
        c.invalidate();
        await("destroy started", gone::isDestroyed);
        pool.close();
        assertEquals(0, manager.open(), () -> "close returned while a connection was being created or destroyed: " + manager);
        assertEquals(List.of(), manager.notDestroyedExactlyOnce());
    }

    @Test
    void a_continuation_of_a_new_connection_that_closes_the_pool_returns_at_once_and_the_close_finishes()
            throws Exception {
        // The continuation runs inside the creation's handling: a close that waited for the creation
        // to be over would wait for itself, until the creation timeout and the registry's cleanup timeout.
        Pool<TestConnection> pool = pool(config().maxSize(1).createTimeout(Duration.ofSeconds(30)));
        CompletableFuture<Long> closeNanos = new CompletableFuture<>();
        pool.acquire().thenAccept(c -> {
            use(c);
            c.close();
            long start = System.nanoTime();
            pool.close();
            pool.close(); // a second call from there returns at once too
            closeNanos.complete(System.nanoTime() - start);
        }).exceptionally(e -> {
            closeNanos.completeExceptionally(e);
            return null;
        });
        long nanos = closeNanos.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertTrue(nanos < SOON.toNanos(), () -> "close inside the continuation took " + nanos / 1_000_000 + " ms");
        assertTrue(pool.isClosed());
        assertEquals(PoolException.Kind.CLOSED, assertThrows(PoolException.class, () -> pool.acquire(SOON)).kind());
        awaitStats(pool, "closed: nothing open", s -> s.total() == 0 && s.creating() == 0);
        await("every connection destroyed", () -> manager.live().isEmpty());
        assertClosedCleanly(pool);
    }

    /** The test's manager, forwarded: a test overrides the one callback it makes misbehave. */
    private class Forwarding implements ConnectionManager<TestConnection> {
        @Override
        public CompletionStage<TestConnection> create() {
            return manager.create();
        }

        @Override
        public CompletionStage<Boolean> validate(TestConnection connection) {
            return manager.validate(connection);
        }

        @Override
        public CompletionStage<Void> recycle(TestConnection connection) {
            return manager.recycle(connection);
        }

        @Override
        public CompletionStage<Void> destroy(TestConnection connection) {
            return manager.destroy(connection);
        }
    }

    @Test
    void a_validation_that_closes_its_pool_is_not_waited_for_by_that_close_and_its_connection_is_destroyed()
            throws Exception {
        // Before: the close waited for the validation it was made from until the validation
        // timeout, reported the validation as timed out, and returned with the connection open.
        AtomicReference<Pool<TestConnection>> self = new AtomicReference<>();
        CompletableFuture<Long> closeNanos = new CompletableFuture<>();
        Pool<TestConnection> pool = memory.pool(new Forwarding() {
            @Override
            public CompletionStage<Boolean> validate(TestConnection connection) {
                long start = System.nanoTime();
                self.get().close();
                closeNanos.complete(System.nanoTime() - start);
                return manager.validate(connection);
            }
        }, config().validateOnAcquire(true).validationIdleThreshold(Duration.ZERO).validationTimeout(SOON).build());
        self.set(pool);
        pool.acquire(SOON).close(); // just created: handed out unchecked
        assertEquals(PoolException.Kind.CLOSED, assertThrows(PoolException.class, () -> pool.acquire(SOON)).kind());
        long nanos = closeNanos.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertTrue(nanos < SOON.toNanos() / 2, () -> "close inside the validation took " + nanos / 1_000_000 + " ms");
        awaitStats(pool, "closed: nothing open", s -> s.total() == 0);
        await("every connection destroyed", () -> manager.live().isEmpty());
        assertClosedCleanly(pool);
        assertEquals(0, pool.stats().validationFailures(), "the validation answered true in time");
    }

    @Test
    void a_recycle_that_closes_its_pool_is_not_waited_for_by_that_close_and_its_connection_is_destroyed()
            throws Exception {
        // Before: recycle was not marked as a callback, so its close waited for the connection being
        // returned (still the holder's, or the pool's in transit) for the whole grace period.
        AtomicReference<Pool<TestConnection>> self = new AtomicReference<>();
        CompletableFuture<Long> closeNanos = new CompletableFuture<>();
        Pool<TestConnection> pool = memory.pool(new Forwarding() {
            @Override
            public CompletionStage<Void> recycle(TestConnection connection) {
                long start = System.nanoTime();
                self.get().close();
                self.get().close(); // a second call from there returns at once too
                closeNanos.complete(System.nanoTime() - start);
                return manager.recycle(connection);
            }
        }, config().maxSize(1).closeGracePeriod(Duration.ofMinutes(5)).build());
        self.set(pool);
        pool.acquire(SOON).close();
        long nanos = closeNanos.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertTrue(nanos < SOON.toNanos() / 2, () -> "close inside the recycle took " + nanos / 1_000_000 + " ms");
        assertTrue(pool.isClosed());
        assertEquals(PoolException.Kind.CLOSED, assertThrows(PoolException.class, () -> pool.acquire(SOON)).kind());
        awaitStats(pool, "closed: nothing open", s -> s.total() == 0);
        await("every connection destroyed", () -> manager.live().isEmpty());
        assertClosedCleanly(pool);
    }

    @Test
    void close_is_idempotent_and_every_concurrent_caller_returns_after_it_finished() throws Exception {
        Pool<TestConnection> pool = pool(config().closeGracePeriod(Duration.ofMillis(300)));
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        TestConnection borrowed = held.get();
        pool.acquire(SOON).close();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        List<Thread> closers = new ArrayList<>();
        LogCapture quiet = LogCapture.library();
        for (int i = 0; i < 4; i++) {
            closers.add(Thread.ofPlatform().start(() -> {
                pool.close();
                if (!borrowed.isDestroyed() || pool.stats().total() != 0 || manager.open() != 0) {
                    wrong.add("close returned before it finished: " + pool.stats().describe() + " " + manager);
                }
            }));
        }
        joinAll(closers);
        pool.close();
        quiet.close();
        held.close();
        assertEquals(List.of(), wrong);
        assertClosedCleanly(pool);
        assertEquals(1, monitor.events().stream()
                .filter(e -> e.kind() == EventKind.POOL_CLOSED && e.source().equals(pool.name())).count(),
                "closed once, however many callers");
    }

    @Test
    void closing_a_pooled_connection_twice_returns_it_once() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(2));
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        c.close();
        c.close();
        assertEquals(1, manager.recycled());
        assertEquals(1, pool.stats().idle(), pool.stats()::describe);
        PooledConnection<TestConnection> a = pool.acquire(SOON);
        PooledConnection<TestConnection> b = pool.acquire(SOON);
        assertNotEquals(a.get().id(), b.get().id(), "the connection returned twice was handed out twice");
        a.close();
        b.close();
        assertQuiet(pool);
    }

    @Test
    void a_handle_refuses_get_after_close_or_invalidate_and_ignores_what_follows() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(2));
        PooledConnection<TestConnection> closed = pool.acquire(SOON);
        TestConnection returned = closed.get();
        closed.close();
        assertEquals("This connection of pool " + pool.name() + " has been returned or invalidated; acquire another",
                assertThrows(IllegalStateException.class, closed::get).getMessage());
        closed.invalidate();
        assertFalse(returned.isDestroyed(), "invalidate after close destroyed the returned connection");

        PooledConnection<TestConnection> invalidated = pool.acquire(SOON);
        TestConnection broken = invalidated.get();
        invalidated.invalidate();
        assertThrows(IllegalStateException.class, invalidated::get);
        long recycledBefore = manager.recycled();
        invalidated.close();
        invalidated.invalidate();
        assertEquals(recycledBefore, manager.recycled(), "close after invalidate recycled the connection");
        await("the invalidated connection destroyed", broken::isDestroyed);
        assertQuiet(pool);
    }

    @Test
    void closing_memory_utilities_closes_its_open_pools() throws Exception {
        Pool<TestConnection> busy = pool(config().closeGracePeriod(Duration.ofMillis(200)));
        Pool<TestConnection> idle = pool(config().minSize(2));
        PooledConnection<TestConnection> held = busy.acquire(SOON);
        awaitStats(idle, "min-size filled", s -> s.idle() == 2);
        LogCapture.quietly(memory::close);
        assertTrue(busy.isClosed());
        assertTrue(idle.isClosed());
        assertEquals(manager.created(), manager.destroyed());
        held.close();
        assertClosedCleanly(busy);
        assertClosedCleanly(idle);
    }

    // ---- names, stats, threads ---------------------------------------------------------------

    @Test
    void a_pool_has_its_configured_name_or_an_assigned_one_and_reports_opening() {
        Pool<TestConnection> named = pool(config().name("orders"));
        Pool<TestConnection> first = pool(config());
        Pool<TestConnection> second = pool(config());
        assertEquals("orders", named.name());
        assertEquals(named.config().name(), named.name());
        assertEquals(4, named.config().maxSize());
        assertFalse(first.name().isBlank());
        assertNotEquals(first.name(), second.name());
        assertEquals("orders", named.stats().name());
        await("a POOL_OPENED event from the pool", () -> monitor.events().stream()
                .anyMatch(e -> e.kind() == EventKind.POOL_OPENED && e.source().equals("orders")));
    }

    @Test
    void stats_add_up_when_quiet_and_count_acquires_and_timeouts() throws Exception {
        Pool<TestConnection> pool = pool(config().maxSize(3).acquireTimeout(Duration.ofMillis(200)));
        PooledConnection<TestConnection> a = pool.acquire(SOON);
        PooledConnection<TestConnection> b = pool.acquire(SOON);
        PooledConnection<TestConnection> c = pool.acquire().get(SOON.toSeconds(), TimeUnit.SECONDS);
        PoolStats s = pool.stats();
        assertEquals(List.of(3, 0, 3, 0, 0, 3L, 0L, 3L, 0L),
                List.of(s.total(), s.idle(), s.active(), s.pending(), s.creating(), s.created(), s.destroyed(),
                        s.acquired(), s.timeouts()), s::describe);
        assertEquals(PoolException.Kind.TIMEOUT, poolFailure(pool.acquire()).kind());
        a.close();
        b.invalidate();
        awaitStats(pool, "the invalidated connection destroyed", x -> x.destroyed() == 1);
        s = pool.stats();
        assertEquals(List.of(2, 1, 1, 3L, 1L, 1L), List.of(s.total(), s.idle(), s.active(), s.created(),
                s.destroyed(), s.timeouts()), s::describe);
        assertFalse(s.maxAcquireWait().isNegative());
        assertFalse(s.totalAcquireWait().compareTo(s.maxAcquireWait()) < 0, s::toString);
        c.close();
        assertQuiet(pool);
        assertEquals(manager.created(), pool.stats().created());
        assertEquals(manager.destroyed(), pool.stats().destroyed());
    }

    @Test
    void create_validate_and_destroy_run_on_virtual_threads() throws Exception {
        Pool<TestConnection> pool = pool(config().minSize(1).validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO).healthCheckInterval(Duration.ofMillis(100)));
        awaitStats(pool, "min-size filled", s -> s.idle() == 1);
        await("a validation", () -> manager.validated() > 0);
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        TestConnection gone = c.get();
        c.invalidate();
        await("destroyed", gone::isDestroyed);
        pool.close();
        assertEquals(List.of(), manager.platformThreadCalls());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Claims and releases the connection, as a holder using it does. */
    protected static void use(PooledConnection<TestConnection> c) {
        TestConnection connection = c.get();
        connection.claim();
        Thread.yield();
        connection.release();
    }

    /**
     * Waits for a future to fail, as an acquire that times out or meets a closed pool does.
     *
     * @param future the acquire
     * @return the {@link PoolException} it failed with
     */
    protected static PoolException poolFailure(CompletableFuture<PooledConnection<TestConnection>> future)
            throws InterruptedException {
        try {
            PooledConnection<TestConnection> c = future.get(SOON.toSeconds(), TimeUnit.SECONDS);
            c.close();
            return fail("acquired " + c + " instead of failing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PoolException p) {
                return p;
            }
            return fail("failed with something else than a PoolException", e.getCause());
        } catch (TimeoutException e) {
            return fail("neither completed nor failed within " + SOON);
        } catch (CancellationException e) {
            return fail("cancelled instead of failed", e);
        }
    }

    /**
     * Waits until a condition holds.
     *
     * @param what the condition, for the failure message
     * @param condition what to wait for
     */
    protected static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SOON.toNanos();
        for (int polls = 0; !condition.getAsBoolean(); polls++) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + SOON + ": " + what);
            }
            pause(polls);
        }
    }

    /**
     * Waits until the pool's counts satisfy a condition.
     *
     * @param pool the pool
     * @param what the condition, for the failure message
     * @param condition what to wait for
     */
    public static void awaitStats(Pool<?> pool, String what, Predicate<PoolStats> condition) {
        AtomicReference<PoolStats> last = new AtomicReference<>();
        long deadline = System.nanoTime() + SOON.toNanos();
        for (int polls = 0; ; polls++) {
            PoolStats s = pool.stats();
            last.set(s);
            if (condition.test(s)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + SOON + ": " + what + "; last stats " + last.get().describe());
            }
            pause(polls);
        }
    }

    private static void pause(int polls) {
        // Short pauses first: most conditions hold within microseconds, and tests poll often.
        LockSupport.parkNanos(polls < 200 ? 20_000 : 1_000_000);
    }

    /**
     * Waits for a pool to settle (nothing borrowed, waiting or being created, and destroys done),
     * then checks that its counts add up and the manager saw no breach.
     *
     * @param pool the pool
     */
    protected void assertQuiet(Pool<?> pool) {
        awaitStats(pool, "quiet: counts add up", s -> s.active() == 0 && s.pending() == 0 && s.creating() == 0
                && s.total() == s.idle() + s.active() && s.created() - s.destroyed() == s.total()
                && s.total() == manager.live().size());
        assertEquals(List.of(), manager.errors());
    }

    /**
     * Checks a closed pool: counts at zero, every connection destroyed exactly once.
     *
     * @param pool the pool
     */
    protected void assertClosedCleanly(Pool<?> pool) {
        assertTrue(pool.isClosed());
        PoolStats s = pool.stats();
        assertEquals(List.of(0, 0, 0, 0, 0), List.of(s.total(), s.idle(), s.active(), s.pending(), s.creating()),
                s::describe);
        assertEquals(s.created(), s.destroyed(), s::describe);
        assertEquals(List.of(), manager.notDestroyedExactlyOnce());
        assertEquals(Collections.emptySet(), manager.live());
        assertEquals(List.of(), manager.errors());
    }

    /**
     * Checks that no capacity was lost: the pool still hands out max-size connections at once.
     *
     * @param pool the pool
     */
    protected void assertHandsOutMaxSize(Pool<TestConnection> pool) throws InterruptedException {
        awaitStats(pool, "nothing borrowed or waiting", s -> s.active() == 0 && s.pending() == 0);
        List<PooledConnection<TestConnection>> all = new ArrayList<>();
        for (int i = 0; i < pool.config().maxSize(); i++) {
            all.add(pool.acquire(Duration.ofSeconds(5)));
        }
        assertEquals(pool.config().maxSize(), all.stream().map(c -> c.get().id()).distinct().count());
        assertEquals(0, pool.stats().pending());
        all.forEach(PooledConnection::close);
        assertQuiet(pool);
    }

    /**
     * Joins threads, failing when one is still running after {@link #SOON}.
     *
     * @param threads the threads
     */
    protected static void joinAll(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.multipliedBy(2).toNanos();
        for (Thread t : threads) {
            long left = Math.max(1, deadline - System.nanoTime());
            if (!t.join(Duration.ofNanos(left))) {
                fail("thread " + t + " still running: a waiter was lost");
            }
        }
    }

    private MonitorEvent awaitEvent(EventKind kind) {
        AtomicReference<MonitorEvent> found = new AtomicReference<>();
        await("a " + kind + " event", () -> {
            monitor.events().stream().filter(e -> e.kind() == kind).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    private static void acquire_and_return_at_once(Pool<TestConnection> pool) throws InterruptedException {
        pool.acquire(SOON).close();
    }

    private static boolean stackHas(MonitorEvent event, String method) {
        Throwable error = event.error().orElse(null);
        assertNotNull(error, () -> "the event carries no stack: " + event.describe());
        for (Throwable t = error; t != null; t = t.getCause()) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getMethodName().equals(method)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String stackOf(MonitorEvent event) {
        return event.error().map(e -> Arrays.toString(e.getStackTrace())).orElse("none");
    }

    private static Throwable injectedIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TestConnectionManager.InjectedFailure
                    || c instanceof TestConnectionManager.InjectedCheckedFailure) {
                return c;
            }
        }
        return null;
    }
}
