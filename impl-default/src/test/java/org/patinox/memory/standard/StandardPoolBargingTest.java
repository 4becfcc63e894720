package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;

/**
 * Barging: a running thread takes an idle connection even while another caller waits, instead of
 * handing its connection to the parked waiter and then parking in turn. The waiter is kept from
 * running, deterministically, by spinning virtual threads on every carrier: it is woken, but cannot
 * look before the running thread has taken the connection again; it is served once it can run.
 */
@Timeout(60)
final class StandardPoolBargingTest {

    private final FakeManager manager = new FakeManager();
    private final MemoryUtilities memory = MemoryUtilities.open(
            UtilityConfig.builder().provider(StandardMemoryProvider.NAME).build());

    @AfterEach
    void close() {
        memory.close();
        assertEquals(Set.of(), manager.errors);
        assertEquals(Set.of(), manager.open, "every connection destroyed");
    }

    @Test
    void a_running_thread_takes_back_a_connection_it_returned_while_a_woken_waiter_cannot_run_yet()
            throws Exception {
        Pool<FakeManager.Conn> pool = memory.pool(manager, PoolConfig.builder().maxSize(1)
                .acquireTimeout(Duration.ofSeconds(30)).build());
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        FakeManager.Conn only = held.get();
        AtomicReference<Object> waiterOutcome = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(30));
                waiterOutcome.set(c.get());
                c.close();
            } catch (Throwable t) {
                waiterOutcome.set(t);
            }
        });
        awaitPending(pool, 1);

        // Every carrier busy: the waiter, a virtual thread, cannot run until they stop.
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger spinning = new AtomicInteger();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < carriers; i++) {
            spinners.add(Thread.ofVirtual().start(() -> {
                spinning.incrementAndGet();
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            }));
        }
        while (spinning.get() < carriers) {
            LockSupport.parkNanos(100_000);
        }
        try {
            held.close();
            // Strict hand-off would have given the connection to the waiter, and this would time out.
            PooledConnection<FakeManager.Conn> again = pool.acquire(Duration.ofMillis(500));
            assertSame(only, again.get(), "the running thread did not take the idle connection back");
            assertEquals(1, pool.stats().pending(), "the waiter keeps its place");
            assertFalse(waiterOutcome.get() != null, () -> "the waiter ran: " + waiterOutcome.get());
            again.close();
        } finally {
            stop.set(true);
        }
        for (Thread t : spinners) {
            t.join();
        }
        assertTrue(waiter.join(Duration.ofSeconds(10)), "the woken waiter was not served once it could run");
        assertSame(only, waiterOutcome.get(), () -> "the waiter was not served: " + waiterOutcome.get());
        assertEquals(3, pool.stats().acquired());
        assertEquals(0, pool.stats().timeouts());
    }

    private static void awaitPending(Pool<?> pool, int pending) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pool.stats().pending() != pending) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not " + pending + " waiting: " + pool.stats().describe());
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
