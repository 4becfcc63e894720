package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.tck.LogCapture;
import org.patinox.memory.tck.RecordingMonitor;

/** The standard pool's own behaviour, beyond what the contract suite checks for every provider. */
@Timeout(30)
final class StandardPoolBehaviourTest {

    private final FakeManager manager = new FakeManager();
    private final RecordingMonitor events = new RecordingMonitor();
    private final MemoryUtilities memory = MemoryUtilities.open(
            UtilityConfig.builder().provider(StandardMemoryProvider.NAME).addMonitor(events).build());

    @AfterEach
    void close() {
        memory.close();
        assertEquals(Set.of(), manager.errors);
        assertEquals(Set.of(), manager.open, "every connection destroyed");
    }

    private Pool<FakeManager.Conn> pool(PoolConfig.Builder config) {
        return memory.pool(manager, config.build());
    }

    private static PoolConfig.Builder config() {
        return PoolConfig.builder().maxSize(2).acquireTimeout(Duration.ofSeconds(5));
    }

    @Test
    void a_returned_connection_is_handed_out_again_and_recycled() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config());
        FakeManager.Conn first;
        try (PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(5))) {
            first = c.get();
        }
        try (PooledConnection<FakeManager.Conn> c = pool.acquire().get(5, TimeUnit.SECONDS)) {
            assertSame(first, c.get());
        }
        assertEquals(1, manager.created.get());
        assertEquals(2, manager.recycles.get());
        PoolStats s = pool.stats();
        assertEquals(List.of(1, 1, 0, 0, 0, 2L), List.of(s.total(), s.idle(), s.active(), s.pending(), s.creating(), s.acquired()));
    }

    @Test
    void a_handle_is_dead_after_close_and_close_is_idempotent() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config());
        PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(5));
        c.close();
        c.close();
        c.invalidate();
        assertThrows(IllegalStateException.class, c::get);
        assertEquals(1, manager.recycles.get());
        assertEquals(0, manager.destroyed.get());
        assertEquals(1, pool.stats().idle());
    }

    @Test
    void an_invalidated_connection_is_destroyed_and_its_place_goes_to_a_waiter() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config().maxSize(1));
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        CompletableFuture<PooledConnection<FakeManager.Conn>> waiting = pool.acquire();
        assertEquals(1, pool.stats().pending());
        held.invalidate();
        assertThrows(IllegalStateException.class, held::get);
        try (PooledConnection<FakeManager.Conn> next = waiting.get(5, TimeUnit.SECONDS)) {
            assertNotSame(held, next);
            assertEquals(2, next.get().id);
        }
        assertEquals(1, manager.destroyed.get());
        assertEquals(1, manager.maxOpen.get(), "never more than maxSize, destroys included");
        await(() -> events.kinds().contains(EventKind.CONNECTION_DESTROYED));
        assertEquals(org.patinox.memory.monitor.DestroyReason.INVALIDATED, events.events().stream().filter(e -> e.kind() == EventKind.CONNECTION_DESTROYED)
                .findFirst().orElseThrow().attributes().get("reason"));
    }

    @Test
    void waiters_blocking_and_async_are_served_in_their_order() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config().maxSize(1));
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Object> pending = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            if (i % 2 == 0) {
                pending.add(pool.acquire().thenAccept(c -> {
                    order.add(n);
                    c.close();
                }));
            } else {
                Thread t = Thread.ofVirtual().start(() -> {
                    try (PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(10))) {
                        order.add(n);
                        assertTrue(c.get().id > 0);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
                pending.add(t);
            }
            int queued = i + 1;
            await(() -> pool.stats().pending() == queued);
        }
        held.close();
        for (Object p : pending) {
            if (p instanceof Thread t) {
                t.join();
            } else {
                ((CompletableFuture<?>) p).get(5, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), order);
    }

    @Test
    void a_timeout_says_why_and_carries_the_last_creation_failure() throws Exception {
        manager.failCreate = true;
        Pool<FakeManager.Conn> pool = pool(config().acquireTimeout(Duration.ofMillis(200)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> pool.acquire().get(5, TimeUnit.SECONDS));
        PoolException timeout = (PoolException) e.getCause();
        assertEquals(PoolException.Kind.TIMEOUT, timeout.kind());
        assertTrue(timeout.getMessage().contains("creationFailures="), timeout.getMessage());
        assertEquals("server down", timeout.getCause().getMessage());
        PoolException blocking = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(100)));
        assertEquals(PoolException.Kind.TIMEOUT, blocking.kind());
        assertTrue(pool.stats().creationFailures() >= 1);
        assertEquals(2, pool.stats().timeouts());
        assertTrue(events.kinds().contains(EventKind.CONNECTION_CREATION_FAILED));
        assertTrue(events.kinds().contains(EventKind.ACQUIRE_TIMEOUT));
        manager.failCreate = false;
        try (PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(5))) {
            assertEquals(1, c.get().id);
        }
    }

    @Test
    void a_hanging_creation_is_abandoned_at_its_bound_and_a_late_connection_destroyed() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        manager.createGate = gate;
        Pool<FakeManager.Conn> pool = pool(config().maxSize(1).createTimeout(Duration.ofMillis(100))
                .acquireTimeout(Duration.ofMillis(300)));
        assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(300)));
        assertTrue(pool.stats().creationFailures() >= 1, pool.stats()::describe);
        manager.createGate = null;
        gate.countDown();
        try (PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(5))) {
            assertTrue(c.get().id >= 1);
        }
        assertTrue(manager.maxOpen.get() <= 1);
    }

    @Test
    void an_interrupted_blocking_acquire_throws_and_loses_no_capacity() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config().maxSize(1));
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                pool.acquire(Duration.ofSeconds(20)).close();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        await(() -> pool.stats().pending() == 1);
        waiter.interrupt();
        assertTrue(outcome.get(5, TimeUnit.SECONDS) instanceof InterruptedException);
        assertEquals(0, pool.stats().pending());
        held.close();
        pool.acquire(Duration.ofSeconds(1)).close();
        assertEquals(1, manager.created.get());
    }

    @Test
    void a_cancelled_waiter_gives_up_its_place() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config().maxSize(1));
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        CompletableFuture<PooledConnection<FakeManager.Conn>> cancelled = pool.acquire();
        CompletableFuture<PooledConnection<FakeManager.Conn>> next = pool.acquire();
        cancelled.cancel(false);
        assertEquals(1, pool.stats().pending());
        held.close();
        next.get(5, TimeUnit.SECONDS).close();
        assertEquals(1, pool.stats().idle());
    }

    @Test
    void validation_on_acquire_replaces_a_broken_idle_connection() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config().validationIdleThreshold(Duration.ZERO));
        PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(5));
        FakeManager.Conn broken = c.get();
        c.close();
        broken.valid = false;
        Thread.sleep(2);
        try (PooledConnection<FakeManager.Conn> fresh = pool.acquire(Duration.ofSeconds(5))) {
            assertNotSame(broken, fresh.get());
        }
        assertEquals(1, pool.stats().validationFailures());
        assertTrue(events.kinds().contains(EventKind.CONNECTION_VALIDATION_FAILED));
    }

    @Test
    void a_failed_recycle_destroys_the_connection() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config());
        manager.failRecycle = true;
        pool.acquire(Duration.ofSeconds(5)).close();
        assertEquals(0, pool.stats().total());
        assertEquals(1, pool.stats().destroyed());
    }

    @Test
    void min_size_is_filled_and_idle_connections_above_it_time_out() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config().minSize(1).maxSize(3).idleTimeout(Duration.ofMillis(100)));
        await(() -> pool.stats().idle() == 1);
        List<PooledConnection<FakeManager.Conn>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(pool.acquire(Duration.ofSeconds(5)));
        }
        held.forEach(PooledConnection::close);
        await(() -> pool.stats().total() == 1);
        Thread.sleep(300);
        assertEquals(1, pool.stats().total(), "never below the minimum");
    }

    @Test
    void a_leak_is_reported_once_with_the_stack_that_took_the_connection() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config().leakDetectionThreshold(Duration.ofMillis(50)));
        try (PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(5))) {
            assertEquals(1, c.get().id);
            await(() -> pool.stats().leaksSuspected() == 1);
            Thread.sleep(200);
        }
        assertEquals(1, pool.stats().leaksSuspected());
        var leak = events.events().stream().filter(e -> e.kind() == EventKind.LEAK_SUSPECTED).toList();
        assertEquals(1, leak.size());
        assertTrue(java.util.Arrays.stream(leak.get(0).error().orElseThrow().getStackTrace())
                .anyMatch(f -> f.getMethodName().startsWith("a_leak_is_reported")));
    }

    @Test
    void close_fails_waiters_waits_for_borrowed_connections_and_leaves_zero_stats() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config().maxSize(1).closeGracePeriod(Duration.ofSeconds(5)));
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        CompletableFuture<PooledConnection<FakeManager.Conn>> waiting = pool.acquire();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.close();
        });
        // Close reports, in the log too, that it waits for the borrowed connection: the TCK asserts it.
        LogCapture.quietly(pool::close);
        pool.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(1, TimeUnit.SECONDS));
        assertEquals(PoolException.Kind.CLOSED, ((PoolException) e.getCause()).kind());
        assertEquals(PoolException.Kind.CLOSED, assertThrows(PoolException.class, () -> pool.acquire(Duration.ofSeconds(1))).kind());
        assertEquals(Set.of(), manager.open);
        PoolStats s = pool.stats();
        assertEquals(List.of(0, 0, 0, 0, 0), List.of(s.total(), s.idle(), s.active(), s.pending(), s.creating()));
        assertEquals(1, manager.recycles.get(), "returned within the grace period");
        assertTrue(events.kinds().contains(EventKind.POOL_CLOSED));
    }

    @Test
    void close_destroys_connections_still_borrowed_after_the_grace_period() throws Exception {
        Pool<FakeManager.Conn> pool = pool(config().closeGracePeriod(Duration.ofMillis(100)));
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        LogCapture.quietly(pool::close);
        assertEquals(Set.of(), manager.open);
        held.close();
        assertEquals(0, manager.recycles.get(), "never recycled after being destroyed");
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
