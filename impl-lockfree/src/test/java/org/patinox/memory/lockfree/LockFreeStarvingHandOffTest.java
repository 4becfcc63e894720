package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.tck.BusyCarriers;
import org.patinox.memory.tck.PoolContract;
import org.patinox.memory.tck.TestConnection;
import org.patinox.memory.tck.TestConnectionManager;

/**
 * The bound on hand-offs to starving waiters ({@link LockFreePool#maxInTransit}): a connection
 * handed to a thread that has not run yet serves nobody, so returns hand starving waiters only the
 * connections that running threads can spare. The waiters are virtual threads kept from running,
 * deterministically, by spinning virtual threads on every carrier.
 */
@Timeout(60)
final class LockFreeStarvingHandOffTest {

    private final TestConnectionManager manager = new TestConnectionManager();
    private final MemoryUtilities memory = MemoryUtilities.open(
            UtilityConfig.builder().provider(LockFreeMemoryProvider.NAME).shutdownTimeout(Duration.ofSeconds(5)).build());

    @AfterEach
    void close() {
        memory.close();
        assertEquals(List.of(), manager.errors());
        assertEquals(List.of(), manager.notDestroyedExactlyOnce());
    }

    @Test
    void all_but_two_connections_per_processor_at_least_one_may_be_in_transit() {
        assertEquals(1, LockFreePool.maxInTransit(1, 2));
        assertEquals(1, LockFreePool.maxInTransit(4, 2));
        assertEquals(4, LockFreePool.maxInTransit(8, 2));
        assertEquals(28, LockFreePool.maxInTransit(32, 2));
        assertEquals(1, LockFreePool.maxInTransit(8, 64));
    }

    @Test
    void starving_waiters_that_cannot_run_are_handed_only_the_connections_running_threads_can_spare()
            throws Exception {
        int processors = Runtime.getRuntime().availableProcessors();
        int max = 2 * processors + 2;
        int inTransit = LockFreePool.maxInTransit(max, processors);
        Pool<TestConnection> pool = memory.pool(manager, PoolConfig.builder().maxSize(max)
                .acquireTimeout(Duration.ofSeconds(30)).healthCheckInterval(Duration.ZERO)
                .idleTimeout(Duration.ZERO).maxLifetime(Duration.ZERO).validateOnAcquire(false).build());
        List<PooledConnection<TestConnection>> held = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            held.add(pool.acquire(Duration.ofSeconds(10)));
        }
        List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    PooledConnection<TestConnection> c = pool.acquire(Duration.ofSeconds(30));
                    outcomes.add(c.get());
                    c.close();
                } catch (Throwable t) {
                    outcomes.add(t);
                }
            }));
        }
        PoolContract.awaitStats(pool, max + " waiting", s -> s.pending() == max);
        // Past the time after which a waiter counts as starving.
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(LockFreePool.STARVING_NANOS) + 150);
        List<PooledConnection<TestConnection>> barged = new ArrayList<>();
        BusyCarriers carriers = BusyCarriers.occupy();
        try {
            // This (platform) thread returns every connection while no waiter can run.
            held.forEach(PooledConnection::close);
            assertEquals(max - inTransit, pool.stats().pending(), () -> "hand-offs in transit: " + pool.stats().describe());
            for (int i = 0; i < max - inTransit; i++) {
                // Without the bound, every return went to a waiter that cannot run, and this timed out.
                barged.add(pool.acquire(Duration.ofSeconds(2)));
            }
            assertEquals(List.of(), outcomes, "no waiter could run");
        } finally {
            carriers.release();
        }
        barged.forEach(PooledConnection::close);
        for (Thread waiter : waiters) {
            assertTrue(waiter.join(Duration.ofSeconds(30)), "a waiter did not return");
        }
        assertEquals(max, outcomes.size());
        for (Object outcome : outcomes) {
            assertTrue(outcome instanceof TestConnection, () -> "a waiter was not served: " + outcome);
        }
        PoolStats s = pool.stats();
        assertEquals(3L * max - inTransit, s.acquired(), s::describe);
        assertEquals(0, s.timeouts(), s::describe);
    }
}
