package org.patinox.memory.caffeine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.tck.RecordingMonitor;

/**
 * Many threads, many rounds, every kind of write on few keys: each value written is unique, so
 * that once the threads are done, every value is either still cached or was told to the listener,
 * never both and never twice; and the stats add up to the calls made.
 */
@Tag("stress")
final class CaffeineCacheStressTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 6;
    private static final int OPERATIONS = 20_000;
    private static final int KEYS = 200;

    private final TestContext context = new TestContext();

    @AfterEach
    void close() throws InterruptedException {
        context.close();
    }

    @Test
    void a_size_bound_cache_reports_every_value_once_and_counts_every_call() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            run(round, b -> b.maximumSize(64), null);
        }
    }

    @Test
    void a_weighed_expiring_cache_reports_every_value_once_and_counts_every_call() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            AtomicLong ticker = new AtomicLong();
            run(round, b -> b.maximumWeight(100).weigher((k, v) -> (int) (v % 5))
                    .expireAfterWrite(Duration.ofMillis(50)).expireAfterAccess(Duration.ofMillis(20))
                    .ticker(ticker::get), ticker);
        }
    }

    /** What one round counted, beside what the cache and its listener say. */
    private static final class Tally {
        final Set<Long> written = ConcurrentHashMap.newKeySet();
        final Map<Long, RemovalCause> heard = new ConcurrentHashMap<>();
        final LongAdder heardTwice = new LongAdder();
        final LongAdder requests = new LongAdder();
        final LongAdder loads = new LongAdder();
        final AtomicLong ids = new AtomicLong(1_000);
    }

    private void run(int round, UnaryOperator<CacheConfig.Builder<Integer, Long>> settings, AtomicLong ticker)
            throws Exception {
        Tally tally = new Tally();
        CacheConfig<Integer, Long> config = settings.apply(CacheConfig.<Integer, Long>builder()
                .name("stress-" + round).policy(EvictionPolicy.named("w-tinylfu"))
                .removalListener((key, value, cause) -> {
                    if (tally.heard.putIfAbsent(value, cause) != null) {
                        tally.heardTwice.increment();
                    }
                })).build();
        Cache<Integer, Long> cache = new CaffeineBackendProvider().createCache(config, context, new RecordingMonitor());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            try (ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
                for (int t = 0; t < THREADS; t++) {
                    long seed = round * 1_000L + t;
                    workers.add(threads.submit(() -> {
                        start.await();
                        work(cache, tally, new SplittableRandom(seed), ticker);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> worker : workers) {
                    worker.get(120, TimeUnit.SECONDS);
                }
            }
            cache.cleanUp();
            check(cache, tally, config);
        } finally {
            cache.close();
        }
    }

    private static void work(Cache<Integer, Long> cache, Tally tally, SplittableRandom random, AtomicLong ticker) {
        for (int i = 0; i < OPERATIONS; i++) {
            Integer key = random.nextInt(KEYS);
            if (ticker != null) {
                ticker.addAndGet(random.nextInt(200_000));
            }
            int op = random.nextInt(1_000);
            if (op < 300) {
                tally.requests.increment();
                cache.getIfPresent(key);
            } else if (op < 500) {
                tally.requests.increment();
                Long[] loaded = new Long[1];
                Long value = cache.get(key, k -> {
                    tally.loads.increment();
                    loaded[0] = tally.ids.incrementAndGet();
                    return loaded[0];
                });
                if (value == loaded[0]) {
                    tally.written.add(value);
                }
            } else if (op < 750) {
                Long value = tally.ids.incrementAndGet();
                tally.written.add(value);
                cache.put(key, value);
            } else if (op < 850) {
                cache.remove(key);
            } else if (op < 900) {
                Long value = tally.ids.incrementAndGet();
                if (cache.asMap().putIfAbsent(key, value) == null) {
                    tally.written.add(value);
                }
            } else if (op < 950) {
                Long value = tally.ids.incrementAndGet();
                cache.asMap().compute(key, (k, old) -> value);
                tally.written.add(value);
            } else if (op < 999) {
                Long current = cache.asMap().get(key);
                if (current != null) {
                    cache.asMap().remove(key, current);
                }
            } else {
                cache.invalidateAll();
            }
        }
    }

    private static void check(Cache<Integer, Long> cache, Tally tally, CacheConfig<Integer, Long> config) {
        assertEquals(0, tally.heardTwice.sum(), "a value was told to the listener twice");
        Set<Long> live = new HashSet<>(cache.asMap().values());
        assertEquals(cache.size(), live.size(), "size counts the live entries once quiet");
        for (Long value : live) {
            assertTrue(!tally.heard.containsKey(value), () -> "value " + value + " is cached and was reported removed");
        }
        Set<Long> accounted = new HashSet<>(live);
        accounted.addAll(tally.heard.keySet());
        assertEquals(tally.written, accounted, "every value written is cached or was reported, and nothing else");

        Map<RemovalCause, Long> byCause = new EnumMap<>(RemovalCause.class);
        for (RemovalCause cause : RemovalCause.values()) {
            byCause.put(cause, tally.heard.values().stream().filter(c -> c == cause).count());
        }
        // Entries in = values written - those that replaced another; entries out = the other causes.
        assertTrue(byCause.get(RemovalCause.SIZE) > 0, "the round evicted nothing: " + byCause);
        assertTrue(!config.expires() || byCause.get(RemovalCause.EXPIRED) > 0, "the round expired nothing: " + byCause);
        long inserts = tally.written.size() - byCause.get(RemovalCause.REPLACED);
        long removed = byCause.get(RemovalCause.EXPLICIT) + byCause.get(RemovalCause.SIZE)
                + byCause.get(RemovalCause.EXPIRED);
        assertEquals(inserts - removed, cache.size(), "inserts - removals = size; by cause " + byCause);

        long weight = cache.asMap().entrySet().stream()
                .mapToLong(e -> config.weigher().weigh(e.getKey(), e.getValue())).sum();
        assertTrue(weight <= config.maximumWeight(), "weight " + weight + " over " + config.maximumWeight());

        CacheStats stats = cache.stats();
        assertEquals(tally.requests.sum(), stats.requestCount(), "every lookup is one hit or one miss");
        assertEquals(tally.loads.sum(), stats.loadSuccessCount() + stats.loadFailureCount());
        assertEquals(byCause.get(RemovalCause.SIZE), stats.evictionCount());
        assertEquals(byCause.get(RemovalCause.EXPIRED), stats.expirationCount());
        if (!config.weighted()) {
            assertEquals(stats.evictionCount(), stats.evictionWeight());
        }
    }
}
