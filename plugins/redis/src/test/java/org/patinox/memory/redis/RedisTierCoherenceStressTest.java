package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;
import redis.clients.jedis.Jedis;

/**
 * Threads of two instances of one two-level cache (two processes, as far as coherence goes) write,
 * read and load a few keys at once, so that reads race writes of the same key in both. After each
 * round, once every announcement has been applied, both instances must read exactly what Redis
 * holds for every key: a read that installed a value an invalidation had already overtaken would
 * leave a stale local copy that no later message removes.
 */
@Tag("stress")
final class RedisTierCoherenceStressTest {

    private static final int KEYS = 4;
    private static final int THREADS = 8;
    private static final int ROUNDS = 20;
    private static final int OPERATIONS = 400;

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void racing_reads_and_writes_leave_both_instances_equal_to_redis(String provider) throws Exception {
        String url = RedisServer.sharedUrl();
        String name = "race-" + UUID.randomUUID();
        try (MemoryUtilities memory = RedisPoolTest.open(provider, null);
             RedisTieredCache<String, String> a = RedisTieredCacheTest.open(memory, url, name);
             RedisTieredCache<String, String> b = RedisTieredCacheTest.open(memory, url, name);
             Jedis direct = new Jedis(RedisUrl.parse(url).host(), RedisUrl.parse(url).port())) {
            AtomicLong written = new AtomicLong();
            for (int round = 0; round < ROUNDS; round++) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    RedisTieredCache<String, String> c = t % 2 == 0 ? a : b;
                    threads.add(Thread.ofPlatform().start(() -> {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        try {
                            for (int i = 0; i < OPERATIONS; i++) {
                                String key = "k" + r.nextInt(KEYS);
                                switch (r.nextInt(5)) {
                                    case 0 -> c.put(key, "w" + written.incrementAndGet());
                                    case 1 -> c.invalidate(key);
                                    case 2 -> c.get(key, k -> "loaded" + written.incrementAndGet());
                                    default -> c.get(key);
                                }
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                if (failure.get() != null) {
                    throw new AssertionError("round " + round, failure.get());
                }
                // Announcements arrive in Redis's order: once both have seen a later one, all are applied.
                String mark = "r" + round;
                long seenA = a.invalidationsReceived();
                long seenB = b.invalidationsReceived();
                b.put("barrier-a", mark);
                a.put("barrier-b", mark);
                Await.until("a and b hear the barriers", () -> a.invalidationsReceived() > seenA
                        && b.invalidationsReceived() > seenB);
                for (int k = 0; k < KEYS; k++) {
                    String key = "k" + k;
                    String stored = direct.get("patinox:cache:" + name + ":key:" + key);
                    assertEquals(stored, a.get(key), "a, " + key + ", round " + round);
                    assertEquals(stored, b.get(key), "b, " + key + ", round " + round);
                }
            }
        }
    }
}
