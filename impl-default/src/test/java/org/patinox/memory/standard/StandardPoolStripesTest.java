package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;

/** The standard pool's idle stripes: how many, and the handshake between returners and waiters. */
@Timeout(120)
final class StandardPoolStripesTest {

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
    void stripes_are_a_power_of_two_no_more_than_the_connections() {
        assertEquals(1, StandardPool.stripeCount(1, 2));
        assertEquals(2, StandardPool.stripeCount(2, 2));
        assertEquals(2, StandardPool.stripeCount(3, 2));
        assertEquals(4, StandardPool.stripeCount(8, 2));
        assertEquals(4, StandardPool.stripeCount(32, 2));
        assertEquals(2, StandardPool.stripeCount(32, 1));
        assertEquals(16, StandardPool.stripeCount(32, 64));
    }

    /**
     * Every connection is held; then, all at once, each holder returns one while as many callers
     * acquire. The pool is full, so nothing but the returns can serve them: a waiter that registered
     * while a returner was putting its connection on a stripe, and that neither of them saw, would
     * sleep beside it until its timeout. Thousands of rounds, with jitter, cross the two paths at
     * every point; blocking and asynchronous waiters alike.
     */
    @Test
    void no_waiter_sleeps_beside_a_connection_returned_as_it_registers() throws Exception {
        int size = 4;
        int rounds = 3000;
        Pool<FakeManager.Conn> pool = memory.pool(manager, PoolConfig.builder().maxSize(size)
                .acquireTimeout(Duration.ofSeconds(2)).build());
        AtomicReferenceArray<PooledConnection<FakeManager.Conn>> held = new AtomicReferenceArray<>(size);
        AtomicReferenceArray<PooledConnection<FakeManager.Conn>> got = new AtomicReferenceArray<>(size);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier start = new CyclicBarrier(2 * size + 1);
        CyclicBarrier end = new CyclicBarrier(2 * size + 1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int n = i;
            threads.add(Thread.ofPlatform().start(() -> rounds(rounds, start, end, failures, () -> held.get(n).close())));
            Thread.Builder builder = i % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> rounds(rounds, start, end, failures, () -> {
                got.set(n, n % 4 < 2 ? pool.acquire(Duration.ofSeconds(2))
                        : pool.acquire().get(10, TimeUnit.SECONDS));
            })));
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < size; i++) {
                held.set(i, pool.acquire(Duration.ofSeconds(2)));
            }
            start.await(30, TimeUnit.SECONDS);
            end.await(30, TimeUnit.SECONDS);
            for (int i = 0; i < size; i++) {
                PooledConnection<FakeManager.Conn> c = got.getAndSet(i, null);
                if (c != null) {
                    c.close();
                }
            }
            if (!failures.isEmpty()) {
                break; // one lost hand-off is enough; the others would each cost a timeout
            }
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join();
        }
        assertEquals(List.of(), failures);
        PoolStats s = pool.stats();
        assertEquals(List.of(size, size, 0, 0, 0L), List.of(s.total(), s.idle(), s.pending(), s.creating(), s.timeouts()),
                s::describe);
        assertEquals(2L * size * rounds, s.acquired(), s::describe);
        assertTrue(manager.maxOpen.get() <= size);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void rounds(int rounds, CyclicBarrier start, CyclicBarrier end, List<Throwable> failures, Step step) {
        try {
            for (int round = 0; round < rounds; round++) {
                start.await();
                // A little jitter, so that the two paths cross at ever different points.
                int spins = ThreadLocalRandom.current().nextInt(64);
                for (int i = 0; i < spins; i++) {
                    Thread.onSpinWait();
                }
                try {
                    step.run();
                } catch (Exception e) {
                    failures.add(e);
                }
                end.await();
            }
        } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
            // The main thread stopped early after a failure, which it reports.
        }
    }
}
