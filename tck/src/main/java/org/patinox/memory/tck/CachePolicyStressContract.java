package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CachePolicy;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.RemovalCause;

/**
 * {@link CachePolicy#setMaximum} under load: writers put unique values over a small key space,
 * reading and listing the coldest and hottest entries as they go, while another thread changes
 * the maximum again and again. Over several rounds, counted and weighed: every listing is within
 * its limit and without duplicates (a map cannot hold any), and after {@code cleanUp()} the weight
 * is within the maximum last set, every value written is either still cached or was reported
 * removed exactly once, and the evictions counted are those reported with cause {@link
 * RemovalCause#SIZE}. Tagged {@code stress}, as {@link CacheStressContract} is.
 */
@Timeout(180)
@Tag("stress")
public abstract class CachePolicyStressContract {

    private static final int WRITERS = 4;
    private static final int ROUNDS = 3;
    private static final int WRITES = 6_000;
    private static final int KEYS = 400;

    private MemoryUtilities memory;

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    /** @return the backend under test, or empty for the implementation's own cache */
    protected String backend() {
        return "";
    }

    /** @return the policy of the caches under test */
    protected EvictionPolicy policy() {
        return EvictionPolicy.lru();
    }

    @BeforeEach
    void open_a_fresh_instance() {
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close_the_instance() {
        memory.close();
    }

    @Test
    void the_maximum_changed_under_writes_bounds_the_cache_and_every_removal_is_reported_once() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            run(round, false);
            run(round, true);
        }
    }

    private void run(int round, boolean weighed) throws Exception {
        String where = "round " + round + (weighed ? ", weighed" : ", counted");
        ConcurrentHashMap<String, RemovalCause> removed = new ConcurrentHashMap<>();
        AtomicInteger twice = new AtomicInteger();
        CacheConfig.Builder<Integer, String> builder = CacheConfig.<Integer, String>builder().backend(backend())
                .policy(policy()).name("policy-stress-" + round + (weighed ? "-weighed" : ""))
                .removalListener((Integer k, String v, RemovalCause cause) -> {
                    if (removed.putIfAbsent(v, cause) != null) {
                        twice.incrementAndGet();
                    }
                });
        Cache<Integer, String> cache = weighed
                ? memory.cache(builder.maximumWeight(300).weigher((Integer k, String v) -> 1 + (k % 4)).build())
                : memory.cache(builder.maximumSize(100).build());
        CachePolicy<Integer, String> policy = cache.policy().orElseThrow();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                int thread = t;
                writers.add(threads.submit(() -> {
                    SplittableRandom random = new SplittableRandom(round * 31L + thread);
                    start.await();
                    for (int i = 0; i < WRITES; i++) {
                        int key = random.nextInt(KEYS);
                        cache.put(key, thread + "-" + i);
                        if (i % 3 == 0) {
                            cache.getIfPresent(random.nextInt(KEYS));
                        }
                        if (i % 500 == 0) {
                            int limit = random.nextInt(8);
                            int listed = (i % 1000 == 0 ? policy.coldest(limit) : policy.hottest(limit)).size();
                            assertTrue(listed <= limit, where + ": " + listed + " entries listed for a limit of " + limit);
                        }
                    }
                    return null;
                }));
            }
            Future<?> resizer = threads.submit(() -> {
                SplittableRandom random = new SplittableRandom(round);
                start.await();
                while (writing.get()) {
                    policy.setMaximum(random.nextInt(weighed ? 600 : 200));
                    Thread.yield();
                }
                return null;
            });
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            resizer.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        long last = weighed ? 150 : 50;
        policy.setMaximum(last);
        cache.cleanUp();
        assertEquals(last, policy.maximum(), where);
        assertTrue(policy.weightedSize() <= last, where + ": weight " + policy.weightedSize() + " over the maximum " + last);
        assertTrue(cache.size() <= last, where + ": " + cache.size() + " entries over the maximum " + last);
        assertEquals(0, twice.get(), where + ": values reported removed twice");
        Set<String> live = new HashSet<>(cache.asMap().values());
        for (String value : live) {
            assertTrue(!removed.containsKey(value), where + ": the cached value " + value + " was reported removed");
        }
        assertEquals((long) WRITERS * WRITES, live.size() + removed.size(), where
                + ": every value written is either cached or reported removed once");
        long evictions = removed.values().stream().filter(c -> c == RemovalCause.SIZE).count();
        assertEquals(evictions, cache.stats().evictionCount(), where + ": evictions counted and reported");
        List<Integer> coldest = new ArrayList<>(policy.coldest(Integer.MAX_VALUE).keySet());
        assertEquals(cache.size(), coldest.size(), where + ": coldest(MAX) lists every entry once");
        cache.close();
    }
}
