package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.tck.BusyCarriers;
import org.patinox.memory.tck.PoolContract;

/**
 * Barging: a running thread takes an idle connection even while another caller waits, instead of
 * handing its connection to the parked waiter and then parking in turn; but a waiter that has
 * waited too long is handed the next connection returned. The waiter is kept from running,
 * deterministically, by spinning virtual threads on every carrier.
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
        // A waiter starts to starve after 20 ms (a quarter of its timeout, at most 20 ms), and is
        // then handed connections: an attempt that took longer to set up proves nothing, and is retried.
        for (int attempt = 0; attempt < 50; attempt++) {
            PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
            FakeManager.Conn only = held.get();
            AtomicLong waiterStart = new AtomicLong();
            AtomicReference<Object> waiterOutcome = new AtomicReference<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    waiterStart.set(System.nanoTime());
                    PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(30));
                    waiterOutcome.set(c.get());
                    c.close();
                } catch (Throwable t) {
                    waiterOutcome.set(t);
                }
            });
            PoolContract.awaitStats(pool, 1 + " waiting", s -> s.pending() == 1);
            BusyCarriers carriers = BusyCarriers.occupy();
            boolean barged;
            try {
                if (System.nanoTime() - waiterStart.get() >= TimeUnit.MILLISECONDS.toNanos(15)) {
                    barged = false; // too late: the waiter may be starving; the return is then a hand-off
                    held.close();
                } else {
                    held.close();
                    // Strict hand-off would have given the connection to the waiter, and this would time out.
                    PooledConnection<FakeManager.Conn> again = pool.acquire(Duration.ofMillis(500));
                    assertSame(only, again.get(), "the running thread did not take the idle connection back");
                    assertEquals(1, pool.stats().pending(), "the waiter keeps its place");
                    assertFalse(waiterOutcome.get() != null, () -> "the waiter ran: " + waiterOutcome.get());
                    again.close();
                    barged = true;
                }
            } finally {
                carriers.release();
            }
            assertTrue(waiter.join(Duration.ofSeconds(10)), "the woken waiter was not served once it could run");
            assertSame(only, waiterOutcome.get(), () -> "the waiter was not served: " + waiterOutcome.get());
            if (barged) {
                assertEquals(0, pool.stats().timeouts());
                return;
            }
        }
        fail("the machine was too slow to set up a waiter within 15 ms in 50 attempts");
    }

    @Test
    void a_waiter_that_starves_is_handed_the_next_returned_connection_rather_than_left_to_barging()
            throws Exception {
        Pool<FakeManager.Conn> pool = memory.pool(manager, PoolConfig.builder().maxSize(1)
                .acquireTimeout(Duration.ofSeconds(30)).build());
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        FakeManager.Conn only = held.get();
        AtomicReference<Object> waiterOutcome = new AtomicReference<>();
        // It starves after 20 ms (a quarter of its timeout, at most 20 ms), long before its deadline;
        // served, it takes its connection however late it runs.
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(2));
                waiterOutcome.set(c.get());
                c.close();
            } catch (Throwable t) {
                waiterOutcome.set(t);
            }
        });
        PoolContract.awaitStats(pool, 1 + " waiting", s -> s.pending() == 1);
        Thread.sleep(40);
        BusyCarriers carriers = BusyCarriers.occupy();
        try {
            held.close();
            PoolException e = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(100)),
                    "the running thread barged past a starving waiter");
            assertEquals(PoolException.Kind.TIMEOUT, e.kind());
        } finally {
            carriers.release();
        }
        assertTrue(waiter.join(Duration.ofSeconds(10)), "the starving waiter did not return");
        assertSame(only, waiterOutcome.get(), () -> "the starving waiter was not served: " + waiterOutcome.get());
    }
}
