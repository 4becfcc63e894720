package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.tck.RecordingMonitor;

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
        assertEquals(1, StandardPool.stripeCount(1));
        assertEquals(2, StandardPool.stripeCount(2));
        assertEquals(2, StandardPool.stripeCount(3));
        assertEquals(8, StandardPool.stripeCount(8));
        assertEquals(8, StandardPool.stripeCount(10));
        assertEquals(16, StandardPool.stripeCount(32));
        assertEquals(16, StandardPool.stripeCount(Integer.MAX_VALUE));
    }

    /**
     * Each connection has a stripe of its own and returns there, whoever returns it: connections stay
     * spread one a stripe, so that threads whose homes follow their connections do not share a
     * stripe. The main thread borrows all four and returns them; then threads of every home cycle,
     * and the main thread borrows and returns all four again.
     */
    @Test
    void connections_return_to_stripes_of_their_own_one_a_stripe() throws Exception {
        try (CacheFixtures.TestContext context = new CacheFixtures.TestContext()) {
            StandardPool<FakeManager.Conn> pool = StandardPool.open(manager, PoolConfig.builder().name("owned")
                    .minSize(4).maxSize(4).build(), context, new RecordingMonitor());
            try {
                List<PooledConnection<FakeManager.Conn>> all = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    all.add(pool.acquire(Duration.ofSeconds(5)));
                }
                all.forEach(PooledConnection::close);
                assertEquals("[1, 1, 1, 1]", Arrays.toString(pool.idleByStripe()));
                List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            for (int i = 0; i < 1_000; i++) {
                                pool.acquire(Duration.ofSeconds(5)).close();
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }));
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                assertEquals(List.of(), failures);
                // A return that finds its stripe held at that instant goes to another, so the count is
                // taken after one more quiet round by one thread.
                all.clear();
                for (int i = 0; i < 4; i++) {
                    all.add(pool.acquire(Duration.ofSeconds(5)));
                }
                all.forEach(PooledConnection::close);
                assertEquals("[1, 1, 1, 1]", Arrays.toString(pool.idleByStripe()));
            } finally {
                pool.close();
            }
        }
    }

    /**
     * The pool is full and one holder returns its connection while one caller acquires, the two
     * released at the same instant by a spinning start and then jittered, so that across the rounds
     * the return's check-in crosses the waiter's registration at every point. Nothing but that return
     * can serve the caller (the pool may create nothing more): a waiter that registered while the
     * connection was being put on a stripe, and that neither side saw, would sleep beside it until its
     * timeout. Blocking and asynchronous waiters alternate; two stripes, so that the waiter's scan
     * must look beyond its own.
     */
    @Test
    void no_waiter_sleeps_beside_a_connection_returned_as_it_registers() throws Exception {
        int size = 2;
        int rounds = 20_000;
        Pool<FakeManager.Conn> pool = memory.pool(manager, PoolConfig.builder().maxSize(size)
                .acquireTimeout(Duration.ofSeconds(2)).build());
        AtomicReference<PooledConnection<FakeManager.Conn>> returned = new AtomicReference<>();
        AtomicReference<PooledConnection<FakeManager.Conn>> got = new AtomicReference<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger go = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Thread returner = Thread.ofPlatform().start(() -> rounds(rounds, go, finished, failures,
                () -> returned.get().close()));
        Thread acquirer = Thread.ofPlatform().start(() -> rounds(rounds, go, finished, failures,
                () -> got.set((go.get() & 1) == 0 ? pool.acquire(Duration.ofSeconds(2))
                        : pool.acquire().get(10, TimeUnit.SECONDS))));
        PooledConnection<FakeManager.Conn> kept = pool.acquire(Duration.ofSeconds(2));
        int round = 1;
        for (; round <= rounds && failures.isEmpty(); round++) {
            returned.set(pool.acquire(Duration.ofSeconds(2)));
            go.set(round);
            while (finished.get() < 2 * round) {
                Thread.yield(); // two cores: leave them to the two racing threads
            }
            PooledConnection<FakeManager.Conn> c = got.getAndSet(null);
            if (c != null) {
                c.close();
            }
        }
        go.set(-1); // stops the racing threads, early after a failure: one lost hand-off is enough
        returner.join();
        acquirer.join();
        kept.close();
        assertEquals(List.of(), failures);
        PoolStats s = pool.stats();
        assertEquals(List.of(size, size, 0, 0, 0L), List.of(s.total(), s.idle(), s.pending(), s.creating(), s.timeouts()),
                s::describe);
        assertEquals(1 + 2L * rounds, s.acquired(), s::describe);
        assertTrue(manager.maxOpen.get() <= size);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void rounds(int rounds, AtomicInteger go, AtomicInteger finished, List<Throwable> failures, Step step) {
        for (int round = 1; round <= rounds; round++) {
            int now;
            for (int spin = 0; (now = go.get()) < round && now >= 0; spin++) {
                // Spinning, so that both start together; then yielding, so that the main thread gets a core.
                if (spin < 1_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            if (now < 0) {
                return;
            }
            int spins = ThreadLocalRandom.current().nextInt(256);
            for (int i = 0; i < spins; i++) {
                Thread.onSpinWait();
            }
            try {
                step.run();
            } catch (Exception e) {
                failures.add(e);
            }
            finished.incrementAndGet();
        }
    }
}
