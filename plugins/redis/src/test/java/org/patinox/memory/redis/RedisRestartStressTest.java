package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import redis.clients.jedis.Jedis;

/**
 * A Redis server of its own killed and started again (empty: it keeps nothing) while threads read
 * and write two instances of one two-level cache and borrow from a pool. Afterwards: both instances
 * subscribed again, every key read through either equals what Redis holds (a local copy kept across
 * the restart would be stale: Redis lost everything), the pool serves again, nothing is left
 * borrowed. Also, across the whole run, the two instances agree after every quiet point.
 */
@Tag("stress")
final class RedisRestartStressTest {

    private static final int KEYS = 32;
    private static final int THREADS = 6;

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_restart_under_load_leaves_no_stale_copy_and_the_pool_recovers(String provider) throws Exception {
        String name = "restart-" + UUID.randomUUID();
        try (RedisServer server = RedisServer.start();
             MemoryUtilities memory = RedisPoolTest.open(provider, null);
             RedisTieredCache<String, String> a = RedisTieredCacheTest.open(memory, server.url(), name);
             RedisTieredCache<String, String> b = RedisTieredCacheTest.open(memory, server.url(), name);
             Pool<Jedis> pool = memory.pool(server.url(), Jedis.class, PoolConfig.builder().name("restart-" + provider)
                     .minSize(2).maxSize(4).acquireTimeout(Duration.ofMillis(500)).build())) {
            for (int round = 0; round < 3; round++) {
                // Keys the load leaves alone, cached in both before the restart: only the drop on
                // reconnection can take these copies out, since no later write of them will.
                for (int q = 0; q < 8; q++) {
                    String key = "quiet" + q;
                    a.put(key, "before-restart");
                    Await.until("both cache " + key, () -> "before-restart".equals(a.get(key))
                            && "before-restart".equals(b.get(key)) && a.local().getIfPresent(key) != null
                            && b.local().getIfPresent(key) != null);
                }
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong operations = new AtomicLong();
                AtomicLong refused = new AtomicLong();
                AtomicReference<Throwable> unexpected = new AtomicReference<>();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int id = t;
                    threads.add(Thread.ofPlatform().name("load-" + t).start(() -> {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        while (!stop.get()) {
                            String key = "k" + r.nextInt(KEYS);
                            RedisTieredCache<String, String> c = (id % 2 == 0) ? a : b;
                            try {
                                switch (r.nextInt(4)) {
                                    case 0 -> c.put(key, id + ":" + operations.get());
                                    case 1 -> c.get(key, k -> "loaded");
                                    case 2 -> c.get(key);
                                    default -> {
                                        try (PooledConnection<Jedis> conn = pool.acquire(Duration.ofMillis(500))) {
                                            conn.get().ping();
                                        }
                                    }
                                }
                                operations.incrementAndGet();
                            } catch (RedisUnavailableException | PoolException | redis.clients.jedis.exceptions.JedisException e) {
                                refused.incrementAndGet(); // Redis is down: the defined failures
                            } catch (Throwable e) {
                                unexpected.compareAndSet(null, e);
                            }
                        }
                    }));
                }
                Thread.sleep(400);
                server.kill();
                Thread.sleep(300);
                server.startAgain();
                Thread.sleep(400);
                stop.set(true);
                for (Thread t : threads) {
                    t.join();
                }
                if (unexpected.get() != null) {
                    throw new AssertionError("an unexpected failure under load", unexpected.get());
                }
                assertTrue(operations.get() > 0, "the load ran");
                long expected = round + 2L;
                Await.until("both subscribed again", () -> a.subscriptions() == expected && b.subscriptions() == expected
                        && a.connected() && b.connected(), () -> a.subscriptions() + " " + b.subscriptions());
                // Every message sent before it has been applied once b's own barrier comes back to a.
                long before = a.invalidationsReceived();
                b.put("barrier", "r" + round);
                Await.until("a hears the barrier", () -> a.invalidationsReceived() > before);
                try (Jedis direct = new Jedis("127.0.0.1", server.port())) {
                    List<String> keys = new ArrayList<>();
                    for (int k = 0; k < KEYS; k++) {
                        keys.add("k" + k);
                    }
                    for (int q = 0; q < 8; q++) {
                        keys.add("quiet" + q);
                    }
                    for (String key : keys) {
                        String stored = direct.get("patinox:cache:" + name + ":key:" + key);
                        assertEquals(stored, a.get(key), "a, " + key + ", round " + round);
                        assertEquals(stored, b.get(key), "b, " + key + ", round " + round);
                    }
                }
                try (PooledConnection<Jedis> conn = pool.acquire(Duration.ofSeconds(10))) {
                    assertEquals("PONG", conn.get().ping(), "the pool serves again");
                }
                assertEquals(0, pool.stats().active(), "nothing left borrowed");
                assertEquals(0, a.pool().stats().active());
                assertEquals(0, b.pool().stats().active());
            }
        }
    }
}
