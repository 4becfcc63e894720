package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.patinox.memory.standard.StandardPoolBehaviourTest.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
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

/**
 * The standard pool under load from platform and virtual threads, async and blocking acquires,
 * cancellations, timeouts, invalidations and failing validations at once, then checked for the
 * invariants: no connection with two holders, never more than {@code maxSize} at the manager, the
 * counts adding up once quiet, and strict FIFO among waiters.
 */
@Timeout(60)
final class StandardPoolInvariantsTest {

    private final FakeManager manager = new FakeManager();
    private final MemoryUtilities memory = MemoryUtilities.open(
            UtilityConfig.builder().provider(StandardMemoryProvider.NAME).build());

    @AfterEach
    void close() {
        memory.close();
        assertEquals(Set.of(), manager.errors);
        assertEquals(Set.of(), manager.open, "every connection destroyed");
    }

    @RepeatedTest(3)
    void mixed_churn_keeps_every_invariant() throws Exception {
        int max = 3;
        Pool<FakeManager.Conn> pool = memory.pool(manager, PoolConfig.builder().maxSize(max)
                .acquireTimeout(Duration.ofMillis(50)).validationIdleThreshold(Duration.ofNanos(1)).build());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger served = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            Thread.Builder builder = t % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int round = 0; round < 300; round++) {
                    try {
                        PooledConnection<FakeManager.Conn> c = switch (random.nextInt(3)) {
                            case 0 -> pool.acquire(Duration.ofMillis(random.nextInt(1, 30)));
                            case 1 -> pool.acquire().get(5, TimeUnit.SECONDS);
                            default -> {
                                CompletableFuture<PooledConnection<FakeManager.Conn>> f = pool.acquire();
                                if (random.nextInt(3) == 0) {
                                    f.cancel(false);
                                }
                                yield f.isCancelled() ? null : f.get(5, TimeUnit.SECONDS);
                            }
                        };
                        if (c == null) {
                            continue;
                        }
                        FakeManager.Conn conn = c.get();
                        if (!conn.borrowed.compareAndSet(false, true)) {
                            failures.add(new AssertionError(conn + " handed to two holders"));
                        }
                        served.incrementAndGet();
                        if (random.nextInt(10) == 0) {
                            conn.valid = false; // found broken on the next validation
                        }
                        conn.borrowed.set(false);
                        if (random.nextInt(8) == 0) {
                            c.invalidate();
                        } else {
                            c.close();
                        }
                    } catch (PoolException e) {
                        if (e.kind() != PoolException.Kind.TIMEOUT) {
                            failures.add(e);
                        }
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof PoolException p) || p.kind() != PoolException.Kind.TIMEOUT) {
                            failures.add(e);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertTrue(served.get() > 0);
        assertTrue(manager.maxOpen.get() <= max, "open at once: " + manager.maxOpen.get());
        await(() -> {
            PoolStats s = pool.stats();
            return s.pending() == 0 && s.creating() == 0 && s.active() == 0;
        });
        PoolStats s = pool.stats();
        assertEquals(s.total(), s.idle() + s.active(), s::describe);
        assertEquals(s.total(), s.created() - s.destroyed(), s::describe);
        await(() -> manager.open.size() == pool.stats().total());
        assertEquals(manager.created.get(), s.created(), s::describe);
        // Every connection goes back to the pool usable: all of them can be had at once.
        List<PooledConnection<FakeManager.Conn>> all = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            all.add(pool.acquire(Duration.ofSeconds(5)));
        }
        all.forEach(PooledConnection::close);
    }

    @Test
    void forty_mixed_waiters_are_served_strictly_in_arrival_order() throws Exception {
        Pool<FakeManager.Conn> pool = memory.pool(manager, PoolConfig.builder().maxSize(1)
                .acquireTimeout(Duration.ofSeconds(30)).build());
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            if (i % 3 == 0) {
                pool.acquire().thenAccept(c -> {
                    order.add(n);
                    c.close();
                    finished.complete(null);
                });
            } else {
                Thread.Builder builder = i % 3 == 1 ? Thread.ofVirtual() : Thread.ofPlatform();
                builder.start(() -> {
                    try {
                        PooledConnection<FakeManager.Conn> c = pool.acquire(Duration.ofSeconds(30));
                        order.add(n);
                        c.close();
                        finished.complete(null);
                    } catch (Throwable t) {
                        finished.completeExceptionally(t);
                    }
                });
            }
            int queued = i + 1;
            await(() -> pool.stats().pending() == queued);
        }
        held.close();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
        assertEquals(1, manager.created.get());
    }

    @Test
    void a_borrowed_connection_past_its_lifetime_is_kept_until_returned_then_retired() throws Exception {
        Pool<FakeManager.Conn> pool = memory.pool(manager, PoolConfig.builder().maxSize(1)
                .maxLifetime(Duration.ofMillis(100)).build());
        PooledConnection<FakeManager.Conn> held = pool.acquire(Duration.ofSeconds(5));
        Thread.sleep(300);
        assertEquals(1, held.get().id, "never taken from its holder");
        assertEquals(0, manager.destroyed.get());
        held.close();
        assertEquals(0, pool.stats().total(), "retired on return");
        try (PooledConnection<FakeManager.Conn> next = pool.acquire(Duration.ofSeconds(5))) {
            assertEquals(2, next.get().id);
        }
        await(() -> manager.destroyed.get() == 2); // the idle one retires in the background too
    }

    @Test
    void the_health_check_destroys_a_broken_idle_connection_and_min_size_is_refilled() throws Exception {
        Pool<FakeManager.Conn> pool = memory.pool(manager, PoolConfig.builder().minSize(1).maxSize(2)
                .healthCheckInterval(Duration.ofMillis(50)).build());
        await(() -> pool.stats().idle() == 1);
        FakeManager.Conn first = manager.open.iterator().next();
        first.valid = false;
        await(() -> manager.destroyed.get() == 1 && pool.stats().idle() == 1);
        assertTrue(pool.stats().validationFailures() >= 1);
        assertTrue(!manager.open.contains(first));
    }
}
