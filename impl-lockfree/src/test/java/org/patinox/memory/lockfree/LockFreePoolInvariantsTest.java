package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.tck.TestConnection;
import org.patinox.memory.tck.TestConnectionManager;

/**
 * The paths particular to the lock-free pool, under load and at their races: the striped scan
 * against the waiter queue (no barging), stale idle connections validated on their way to the
 * oldest waiter, hand-offs lost to cancellation, timeouts and interrupts, and close while manager
 * calls are in flight. Every test ends by checking that the manager saw no breach and that every
 * connection was destroyed exactly once.
 */
@Timeout(120)
final class LockFreePoolInvariantsTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    private TestConnectionManager manager;
    private MemoryUtilities memory;

    @BeforeEach
    void open() {
        manager = new TestConnectionManager();
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(LockFreeMemoryProvider.NAME)
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close() {
        manager.hangCreates(false);
        manager.releaseHangingCreates();
        memory.close();
        assertEquals(List.of(), manager.errors(), "breaches seen by the manager");
        assertEquals(List.of(), manager.notDestroyedExactlyOnce());
        assertEquals(0, manager.open(), manager::toString);
    }

    private static PoolConfig.Builder config(int max) {
        return PoolConfig.builder().maxSize(max).acquireTimeout(Duration.ofSeconds(30)).createTimeout(SOON)
                .idleTimeout(Duration.ZERO).maxLifetime(Duration.ZERO).healthCheckInterval(Duration.ZERO)
                .validateOnAcquire(false).closeGracePeriod(Duration.ofSeconds(2));
    }

    @Test
    void a_newcomer_never_takes_a_freed_connection_from_a_queued_waiter() throws Exception {
        Pool<TestConnection> pool = memory.pool(manager, config(2).build());
        PooledConnection<TestConnection> a = pool.acquire(SOON);
        PooledConnection<TestConnection> b = pool.acquire(SOON);
        for (int round = 0; round < 200; round++) {
            CompletableFuture<PooledConnection<TestConnection>> waiter = pool.acquire();
            assertFalse(waiter.isDone());
            // Freed while the waiter queues: it must go to the waiter, never to the barging newcomer.
            a.close();
            CompletableFuture<PooledConnection<TestConnection>> newcomer = pool.acquire();
            a = waiter.get(SOON.toSeconds(), TimeUnit.SECONDS);
            assertFalse(newcomer.isDone(), "round " + round + ": the newcomer overtook the waiter");
            b.close();
            b = newcomer.get(SOON.toSeconds(), TimeUnit.SECONDS);
        }
        a.close();
        b.close();
        awaitQuiet(pool);
        assertEquals(2, pool.stats().total());
    }

    /**
     * Blocking acquirers that find every connection out yield and look again before they queue
     * (LockFreePool.YIELDS_BEFORE_QUEUEING), and running acquirers take idle connections even
     * while others wait (barging). With more of them than connections, and queued asynchronous
     * waiters among them, the queued ones must still be served in their order (a return goes
     * straight to an asynchronous waiter at the head), no wake-up may be lost (every acquirer
     * ends), no connection may go to two holders, and every acquisition is counted once.
     */
    @RepeatedTest(3)
    void acquirers_that_yield_before_queueing_never_overtake_queued_waiters_nor_lose_a_wake_up() throws Exception {
        int max = 2;
        int threads = 6;
        int cycles = 3_000;
        int rounds = 300;
        Pool<TestConnection> pool = memory.pool(manager, config(max).build());
        List<Thread> acquirers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            acquirers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < cycles; i++) {
                        try (PooledConnection<TestConnection> c = pool.acquire(SOON)) {
                            assertTrue(c.get().claim(), "a connection handed to two holders");
                            c.get().release();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        // Meanwhile, queued waiters enqueued in a known order: each round holds both connections,
        // so that its waiters queue, then frees them; every waiter records itself before returning.
        long asyncServed = 0;
        for (int round = 0; round < rounds; round++) {
            PooledConnection<TestConnection> a = pool.acquire(SOON);
            PooledConnection<TestConnection> b = pool.acquire(SOON);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<PooledConnection<TestConnection>>> queued = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                int ticket = k;
                CompletableFuture<PooledConnection<TestConnection>> w = pool.acquire();
                assertFalse(w.isDone(), "round " + round + ": a waiter was served while both connections were held");
                queued.add(w.thenApply(c -> {
                    order.add(ticket);
                    return c;
                }));
            }
            a.close();
            PooledConnection<TestConnection> first = queued.get(0).get(SOON.toSeconds(), TimeUnit.SECONDS);
            b.close();
            PooledConnection<TestConnection> second = queued.get(1).get(SOON.toSeconds(), TimeUnit.SECONDS);
            first.close();
            queued.get(2).get(SOON.toSeconds(), TimeUnit.SECONDS).close();
            second.close();
            assertEquals(List.of(0, 1, 2), order, "round " + round + ": queued waiters served out of order");
            asyncServed += 3 + 2;
        }
        for (Thread t : acquirers) {
            t.join();
        }
        assertEquals(List.of(), failures);
        awaitQuiet(pool);
        assertEquals((long) threads * cycles + asyncServed, pool.stats().acquired(), "acquisitions counted once each");
        assertEquals(max, pool.stats().total());
    }

    @Test
    void stale_connections_are_validated_on_their_way_to_the_oldest_waiter() throws Exception {
        int max = 3;
        Pool<TestConnection> pool = memory.pool(manager, config(max).validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO).build());
        List<PooledConnection<TestConnection>> held = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            held.add(pool.acquire(SOON));
        }
        assertEquals(0, manager.validated(), "a connection just created needs no validation");
        manager.validateDelay(Duration.ofMillis(5));
        List<CompletableFuture<PooledConnection<TestConnection>>> waiters = new ArrayList<>();
        for (int i = 0; i < 2 * max; i++) {
            waiters.add(pool.acquire());
        }
        long validatedBefore = manager.validated();
        // With a threshold of zero every connection is stale by the time it is handed over, so each
        // hand-off to a waiter goes through a validation, in the waiters' order all the same.
        // One return at a time: the order of hand-offs is then the order in which waiters finish.
        List<PooledConnection<TestConnection>> returning = new ArrayList<>(held);
        List<PooledConnection<TestConnection>> kept = new ArrayList<>();
        for (int i = 0; i < waiters.size(); i++) {
            returning.get(i).close();
            PooledConnection<TestConnection> c = waiters.get(i).get(SOON.toSeconds(), TimeUnit.SECONDS);
            (i < max ? returning : kept).add(c);
            for (int j = i + 1; j < waiters.size(); j++) {
                assertFalse(waiters.get(j).isDone(), "waiter " + j + " was served with or before waiter " + i);
            }
        }
        kept.forEach(PooledConnection::close);
        assertEquals(validatedBefore + 6, manager.validated(), "one validation per hand-off");
        // Now idle: the next acquire finds every idle connection stale and validates one.
        awaitQuiet(pool);
        pool.acquire(SOON).close();
        assertEquals(validatedBefore + 7, manager.validated(), "a stale idle connection was handed out unchecked");
    }

    @RepeatedTest(3)
    void cancellations_timeouts_and_interrupts_racing_with_hand_offs_lose_nothing() throws Exception {
        int max = 4;
        Pool<TestConnection> pool = memory.pool(manager, config(max).validateOnAcquire(true)
                .validationIdleThreshold(Duration.ofNanos(ThreadLocalRandom.current().nextInt(200_000))).build());
        manager.randomlyInvalid(0.05);
        AtomicLong served = new AtomicLong();
        AtomicLong timedOut = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int kind = t % 3;
            Thread thread = (t % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int round = 0; round < 150; round++) {
                    try {
                        PooledConnection<TestConnection> c;
                        if (kind == 0) {
                            CompletableFuture<PooledConnection<TestConnection>> f = pool.acquire();
                            if (random.nextInt(3) == 0 && f.cancel(false)) {
                                continue; // gave up its place, or its connection went back
                            }
                            try {
                                c = f.get(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                // Walking away from a future means cancelling it, or returning what it got.
                                if (!f.cancel(false)) {
                                    f.join().close();
                                }
                                continue;
                            }
                        } else if (kind == 1) {
                            c = pool.acquire(Duration.ofNanos(random.nextInt(2_000_000)));
                        } else {
                            c = pool.acquire(Duration.ofSeconds(60));
                        }
                        served.incrementAndGet();
                        TestConnection connection = c.get();
                        assertTrue(connection.claim(), "handed to two holders: " + connection);
                        LockSupport.parkNanos(random.nextInt(50_000));
                        connection.release();
                        if (random.nextInt(15) == 0) {
                            c.invalidate();
                        } else {
                            c.close();
                        }
                    } catch (PoolException e) {
                        if (e.kind() == PoolException.Kind.TIMEOUT) {
                            timedOut.incrementAndGet();
                        } else {
                            failures.add(e);
                        }
                    } catch (InterruptedException e) {
                        // The interrupter's doing: it cost no capacity, as the final checks show.
                    } catch (CancellationException e) {
                        failures.add(e);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            threads.add(thread);
        }
        // Interrupts land on the blocking callers at random moments of their waits and hand-offs.
        Thread interrupter = Thread.ofPlatform().start(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (threads.stream().anyMatch(Thread::isAlive)) {
                threads.get(random.nextInt(threads.size())).interrupt();
                LockSupport.parkNanos(random.nextInt(300_000));
            }
        });
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(90)), "a borrower hung: " + pool.stats().describe());
        }
        interrupter.join();
        assertEquals(List.of(), failures);
        awaitQuiet(pool);
        PoolStats s = pool.stats();
        assertEquals(s.created() - s.destroyed(), s.total(), s::describe);
        assertEquals(manager.destroyed(), s.destroyed(), s::describe);
        assertEquals(timedOut.get(), s.timeouts(), s::describe);
        assertTrue(s.acquired() >= served.get(), s::describe);
        assertTrue(manager.peakOpen() <= max, () -> "peak open " + manager.peakOpen());
        // No capacity leaked: the whole pool can still be borrowed at once.
        List<PooledConnection<TestConnection>> all = new ArrayList<>();
        Set<TestConnection> distinct = new HashSet<>();
        for (int i = 0; i < max; i++) {
            PooledConnection<TestConnection> c = pool.acquire(SOON);
            all.add(c);
            distinct.add(c.get());
        }
        assertEquals(max, distinct.size());
        all.forEach(PooledConnection::close);
        pool.close();
        assertClosedAtZero(pool);
    }

    @Test
    void a_connection_created_after_its_create_timeout_is_destroyed_and_never_counted() throws Exception {
        Pool<TestConnection> pool = memory.pool(manager, config(1).createTimeout(Duration.ofMillis(100)).build());
        manager.hangCreates(true);
        CompletableFuture<PooledConnection<TestConnection>> f = pool.acquire();
        await("the creation was abandoned", () -> pool.stats().creationFailures() >= 1);
        manager.hangCreates(false);
        manager.releaseHangingCreates();
        PooledConnection<TestConnection> c = f.get(SOON.toSeconds(), TimeUnit.SECONDS);
        c.close();
        awaitQuiet(pool);
        await("every late connection destroyed", () -> manager.open() == pool.stats().total());
        PoolStats s = pool.stats();
        assertEquals(s.created() - s.destroyed(), s.total(), s::describe);
        assertTrue(s.total() <= 1, s::describe);
    }

    @RepeatedTest(3)
    void close_during_validations_recycles_and_creations_destroys_each_connection_once() throws Exception {
        int max = 8;
        Pool<TestConnection> pool = memory.pool(manager, config(max).minSize(2).validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO).closeGracePeriod(Duration.ofMillis(200)).build());
        manager.validateDelay(Duration.ofMillis(2)).createDelay(Duration.ofMillis(2)).destroyDelay(Duration.ofMillis(1));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 16; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (true) {
                    try (PooledConnection<TestConnection> c = pool.acquire(SOON)) {
                        assertNotNull(c.get());
                        LockSupport.parkNanos(100_000);
                    } catch (PoolException e) {
                        if (e.kind() != PoolException.Kind.CLOSED) {
                            failures.add(e);
                        }
                        return;
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            }));
        }
        await("the pool is busy", () -> pool.stats().acquired() > 50);
        pool.close();
        for (Thread t : threads) {
            assertTrue(t.join(SOON));
        }
        assertEquals(List.of(), failures);
        assertClosedAtZero(pool);
        assertEquals(List.of(), manager.notDestroyedExactlyOnce());
        assertEquals(0, manager.open(), manager::toString);
    }

    @Test
    void a_served_future_cancelled_afterwards_keeps_its_connection_and_an_unserved_one_gives_up_its_place()
            throws Exception {
        Pool<TestConnection> pool = memory.pool(manager, config(1).build());
        PooledConnection<TestConnection> held = pool.acquire(SOON);
        CompletableFuture<PooledConnection<TestConnection>> first = pool.acquire();
        CompletableFuture<PooledConnection<TestConnection>> second = pool.acquire();
        assertTrue(first.cancel(false));
        assertEquals(1, pool.stats().pending());
        TestConnection connection = held.get();
        held.close();
        PooledConnection<TestConnection> c = second.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertSame(connection, c.get());
        assertFalse(second.cancel(false), "a served waiter cannot be cancelled");
        assertTrue(first.isCancelled());
        c.close();
        awaitQuiet(pool);
        assertEquals(new PoolStatsCounts(1, 1, 0), PoolStatsCounts.of(pool.stats()));
    }

    @Test
    void a_manager_that_throws_or_returns_null_is_reported_and_never_breaks_the_pool() throws Exception {
        int[] calls = new int[1];
        TestConnectionManager real = manager;
        org.patinox.memory.spi.ConnectionManager<TestConnection> odd = new org.patinox.memory.spi.ConnectionManager<>() {
            @Override
            public java.util.concurrent.CompletionStage<TestConnection> create() {
                synchronized (calls) {
                    calls[0]++;
                    if (calls[0] == 1) {
                        throw new IllegalStateException("thrown by create");
                    }
                    if (calls[0] == 2) {
                        return null;
                    }
                    if (calls[0] == 3) {
                        return CompletableFuture.completedFuture(null);
                    }
                }
                return real.create();
            }

            @Override
            public java.util.concurrent.CompletionStage<Boolean> validate(TestConnection connection) {
                return real.validate(connection);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> recycle(TestConnection connection) {
                throw new IllegalStateException("thrown by recycle");
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> destroy(TestConnection connection) {
                return real.destroy(connection);
            }
        };
        Pool<TestConnection> pool = memory.pool(odd, config(1).build());
        PooledConnection<TestConnection> c = pool.acquire(SOON);
        assertEquals(3, pool.stats().creationFailures());
        TestConnection first = c.get();
        c.close(); // recycle throws: destroyed, replaced on demand
        PooledConnection<TestConnection> d = pool.acquire(SOON);
        assertFalse(first == d.get(), "a connection whose recycle failed was handed out again");
        d.close();
        awaitQuiet(pool);
        assertEquals(2, pool.stats().destroyed() + pool.stats().total());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** The counts a quiet pool settles to: total, idle, active. */
    private record PoolStatsCounts(int total, int idle, int active) {
        static PoolStatsCounts of(PoolStats s) {
            return new PoolStatsCounts(s.total(), s.idle(), s.active());
        }
    }

    private static void awaitQuiet(Pool<?> pool) {
        try {
            await("the pool is quiet", () -> {
                PoolStats s = pool.stats();
                return s.active() == 0 && s.pending() == 0 && s.creating() == 0 && s.total() == s.idle();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + pool.stats().describe(), e);
        }
    }

    private static void assertClosedAtZero(Pool<?> pool) {
        PoolStats s = pool.stats();
        assertEquals(List.of(0, 0, 0, 0, 0), List.of(s.total(), s.idle(), s.active(), s.pending(), s.creating()),
                s::describe);
        assertEquals(s.created(), s.destroyed(), s::describe);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + SOON);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
