package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.patinox.memory.tck.PoolContract.SOON;
import static org.patinox.memory.tck.PoolContract.awaitStats;
import static org.patinox.memory.tck.PoolContract.joinAll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;

/**
 * A connection {@link Pool} under load: many platform threads, then a thousand virtual threads on a
 * pool of ten, borrowing, sometimes invalidating and returning, round after round. At the end it
 * checks what must hold whatever the interleaving: no connection was ever handed to two holders,
 * the pool never had more than its maximum open, every acquire either succeeded or timed out and
 * the pool counted both, no waiter was lost, waiters were served in order as far as that can be
 * observed, and closing destroys every connection exactly once.
 *
 * <p>Separate from {@link PoolContract} so that builds can tag ({@code stress}) or time it apart.
 * Extend it with the implementation's name. It takes a few seconds on two cores.
 */
@Tag("stress")
@Timeout(120)
public abstract class PoolStressContract {

    private TestConnectionManager manager;
    private MemoryUtilities memory;

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    @BeforeEach
    void open_a_fresh_instance() {
        manager = new TestConnectionManager();
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close_the_instance() {
        memory.close();
    }

    @Test
    void platform_threads_borrow_invalidate_and_return_without_breaking_an_invariant() throws Exception {
        int max = 6;
        Pool<TestConnection> pool = memory.pool(manager, config(max).validateOnAcquire(true)
                .validationIdleThreshold(Duration.ZERO).build());
        manager.randomlyInvalid(0.02);
        Tally tally = new Tally();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofPlatform().name("stress-" + i).start(() -> borrow(pool, 1_500, tally)));
        }
        joinAll(threads);
        checkInvariants(pool, max, tally);
    }

    @Test
    void a_thousand_virtual_threads_share_ten_connections_without_breaking_an_invariant() throws Exception {
        int max = 10;
        Pool<TestConnection> pool = memory.pool(manager, config(max).build());
        manager.destroyDelay(Duration.ofMillis(1));
        Tally tally = new Tally();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            threads.add(Thread.ofVirtual().name("stress-" + i).start(() -> borrow(pool, 30, tally)));
        }
        joinAll(threads);
        checkInvariants(pool, max, tally);
    }

    @Test
    void many_more_threads_than_connections_cycle_with_no_timeout_and_no_connection_held_twice() throws Exception {
        // Barging: running callers take idle connections while others wait. Nobody may starve
        // past a generous timeout, nor be handed a connection someone holds.
        int max = 6;
        Pool<TestConnection> pool = memory.pool(manager, config(max).acquireTimeout(Duration.ofSeconds(60)).build());
        AtomicLong received = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 64 + 1_000; i++) {
            boolean platform = i < 64;
            int cycles = platform ? 400 : 40;
            boolean async = i % 3 == 0;
            Thread.Builder builder = platform ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.name("barging-" + i).start(() -> {
                try {
                    for (int c = 0; c < cycles; c++) {
                        PooledConnection<TestConnection> h = async
                                ? pool.acquire().get(60, TimeUnit.SECONDS)
                                : pool.acquire(Duration.ofSeconds(60));
                        received.incrementAndGet();
                        TestConnection connection = h.get();
                        if (!connection.claim()) {
                            failures.add(new AssertionError("handed to two holders: " + connection));
                        }
                        if ((c & 7) == 0) {
                            Thread.yield();
                        }
                        connection.release();
                        h.close();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        joinAll(threads);
        assertEquals(List.of(), failures, "every acquire was served within its generous timeout");
        assertEquals(List.of(), manager.errors(), "breaches seen by the manager");
        assertTrue(manager.peakOpen() <= max, () -> "open at once: " + manager.peakOpen() + " > max-size " + max);
        awaitStats(pool, "quiet: counts add up", s -> s.active() == 0 && s.pending() == 0 && s.creating() == 0
                && s.total() == s.idle() && s.created() - s.destroyed() == s.total());
        PoolStats s = pool.stats();
        assertEquals(64L * 400 + 1_000L * 40, received.get());
        assertEquals(received.get(), s.acquired(), s::describe);
        assertEquals(0, s.timeouts(), s::describe);
        pool.close();
        assertClosedCleanly(pool);
    }

    @Test
    void waiters_starving_behind_running_threads_are_all_served_within_their_timeout() throws Exception {
        // Sixteen times more threads than connections, cycling with no pause for well past the time
        // after which a waiter counts as starving: returns then hand connections to starving waiters
        // a few at a time and leave the rest to running callers. Every acquire must still be served
        // within its timeout, to one holder at a time, and the counts must add up.
        int max = 2;
        Duration timeout = Duration.ofSeconds(30);
        Pool<TestConnection> pool = memory.pool(manager, config(max).acquireTimeout(timeout).build());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        AtomicLong received = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            boolean async = i % 4 == 0;
            threads.add(Thread.ofPlatform().name("starving-" + i).start(() -> {
                try {
                    // At least one cycle each, however late the thread starts: each must be served.
                    do {
                        PooledConnection<TestConnection> h = async
                                ? pool.acquire().get(timeout.toSeconds(), TimeUnit.SECONDS)
                                : pool.acquire(timeout);
                        received.incrementAndGet();
                        TestConnection connection = h.get();
                        if (!connection.claim()) {
                            failures.add(new AssertionError("handed to two holders: " + connection));
                        }
                        connection.release();
                        h.close();
                    } while (System.nanoTime() - deadline < 0);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        joinAll(threads);
        assertEquals(List.of(), failures, "every acquire was served within its timeout, to one holder");
        assertEquals(List.of(), manager.errors(), "breaches seen by the manager");
        assertTrue(manager.peakOpen() <= max, () -> "open at once: " + manager.peakOpen() + " > max-size " + max);
        awaitStats(pool, "quiet: counts add up", s -> s.active() == 0 && s.pending() == 0 && s.creating() == 0
                && s.total() == s.idle() && s.created() - s.destroyed() == s.total());
        PoolStats s = pool.stats();
        assertEquals(received.get(), s.acquired(), s::describe);
        assertEquals(0, s.timeouts(), s::describe);
        // Half the timeout is when a waiter is handed the next return whatever else waits for one:
        // a wait that long means a waiter slept through its hand-off until then.
        assertTrue(s.maxAcquireWait().compareTo(timeout.dividedBy(2)) < 0, s::describe);
        pool.close();
        assertClosedCleanly(pool);
    }

    @Test
    void a_thousand_queued_virtual_threads_are_served_in_order_up_to_the_pool_size() throws Exception {
        int max = 10;
        int waiters = 1_000;
        Pool<TestConnection> pool = memory.pool(manager, config(max).acquireTimeout(Duration.ofSeconds(60)).build());
        List<PooledConnection<TestConnection>> held = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            held.add(pool.acquire(SOON));
        }
        AtomicInteger turns = new AtomicInteger();
        int[] turnOf = new int[waiters];
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    PooledConnection<TestConnection> c = index % 2 == 0
                            ? pool.acquire(Duration.ofSeconds(60))
                            : pool.acquire().get(60, TimeUnit.SECONDS);
                    // Taken while holding the connection: a waiter served earlier but not yet
                    // recorded still holds one too, which bounds how far out of order turns can be.
                    turnOf[index] = turns.getAndIncrement();
                    PoolContract.use(c);
                    c.close();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
            // Only a waiter seen queued is known to have come before the next one.
            awaitQueued(pool, index + 1);
        }
        held.forEach(PooledConnection::close);
        joinAll(threads);
        assertEquals(List.of(), failures);
        for (int i = 0; i < waiters; i++) {
            int overtaken = 0;
            for (int j = 0; j < i; j++) {
                if (turnOf[j] > turnOf[i]) {
                    overtaken++;
                }
            }
            int waiter = i;
            int count = overtaken;
            assertTrue(overtaken <= max - 1, () -> "waiter " + waiter + " was served before " + count
                    + " waiters queued ahead of it, more than the " + (max - 1) + " other connections allow");
        }
        assertEquals(waiters + max, pool.stats().acquired());
        assertEquals(List.of(), manager.errors());
        pool.close();
        assertClosedCleanly(pool);
    }

    // ---- the work ----------------------------------------------------------------------------

    /** What the borrowing threads did, for comparison with the pool's counts. */
    private static final class Tally {
        final AtomicLong attempts = new AtomicLong();
        final AtomicLong successes = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    }

    private PoolConfig.Builder config(int max) {
        return PoolConfig.builder().maxSize(max).acquireTimeout(Duration.ofSeconds(30)).createTimeout(SOON)
                .idleTimeout(Duration.ZERO).maxLifetime(Duration.ZERO).healthCheckInterval(Duration.ZERO)
                .validateOnAcquire(false).closeGracePeriod(Duration.ofSeconds(2));
    }

    private static void borrow(Pool<TestConnection> pool, int rounds, Tally tally) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int round = 0; round < rounds; round++) {
            tally.attempts.incrementAndGet();
            try {
                PooledConnection<TestConnection> c;
                int mode = random.nextInt(10);
                if (mode == 0) {
                    // Short enough to time out now and then under contention.
                    c = pool.acquire(Duration.ofMillis(1));
                } else if (mode < 5) {
                    c = pool.acquire(Duration.ofSeconds(30));
                } else {
                    c = pool.acquire().get(60, TimeUnit.SECONDS);
                }
                tally.successes.incrementAndGet();
                TestConnection connection = c.get();
                connection.claim();
                if (random.nextInt(4) == 0) {
                    LockSupport.parkNanos(random.nextInt(200_000));
                }
                connection.release();
                if (random.nextInt(20) == 0) {
                    c.invalidate();
                } else {
                    c.close();
                }
            } catch (PoolException e) {
                if (e.kind() == PoolException.Kind.TIMEOUT) {
                    tally.timeouts.incrementAndGet();
                } else {
                    tally.failures.add(e);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof PoolException p && p.kind() == PoolException.Kind.TIMEOUT) {
                    tally.timeouts.incrementAndGet();
                } else {
                    tally.failures.add(e);
                }
            } catch (Throwable t) {
                tally.failures.add(t);
            }
        }
    }

    // ---- the checks --------------------------------------------------------------------------

    private void checkInvariants(Pool<TestConnection> pool, int max, Tally tally) {
        assertEquals(List.of(), tally.failures, "every acquire either succeeded or timed out");
        assertEquals(List.of(), manager.errors(), "breaches seen by the manager");
        assertTrue(manager.peakOpen() <= max, () -> "open at once: " + manager.peakOpen() + " > max-size " + max);
        assertEquals(tally.attempts.get(), tally.successes.get() + tally.timeouts.get());
        awaitStats(pool, "quiet: counts add up", s -> s.active() == 0 && s.pending() == 0 && s.creating() == 0
                && s.total() == s.idle() && s.created() - s.destroyed() == s.total()
                && s.destroyed() == manager.destroyed());
        PoolStats s = pool.stats();
        assertEquals(tally.successes.get(), s.acquired(), s::toString);
        assertEquals(tally.timeouts.get(), s.timeouts(), s::toString);
        assertEquals(manager.created(), s.created(), s::toString);
        pool.close();
        assertClosedCleanly(pool);
    }

    private void assertClosedCleanly(Pool<TestConnection> pool) {
        PoolStats s = pool.stats();
        assertEquals(List.of(0, 0, 0, 0, 0), List.of(s.total(), s.idle(), s.active(), s.pending(), s.creating()),
                s::describe);
        assertEquals(List.of(), manager.notDestroyedExactlyOnce());
        assertEquals(0, manager.open(), manager::toString);
        assertEquals(List.of(), manager.errors());
    }

    private static void awaitQueued(Pool<?> pool, int pending) {
        // Tight polling: a thousand waiters are queued one after the other.
        long deadline = System.nanoTime() + SOON.toNanos();
        while (pool.stats().pending() != pending) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waiter " + pending + " not queued within " + SOON + ": "
                        + pool.stats().describe());
            }
            LockSupport.parkNanos(20_000);
        }
    }
}
