package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.tck.CheckingStrategy;
import org.patinox.memory.tck.FakeTicker;

/**
 * Many threads, platform and virtual, over many rounds, mixing lookups, loads, writes, removals,
 * map-view writes, a moving ticker and maintenance, on small write buffers so that writers often
 * find them full. Every value is unique, so that once the threads are done and the cache cleaned
 * up the test can check: the size is the number of entries by iteration; the weight is within the
 * bound and is what the maintainer counted; every value that entered is either cached or was
 * reported exactly once (so entries in minus entries reported is the size); the strategy was told
 * {@code onInsert} and {@code onRemove} once per entry, never touched an entry after its removal,
 * and holds exactly the cached entries; the stats add up with the operations issued and the
 * notifications heard.
 */
@Timeout(170)
@Tag("stress")
final class LockFreeCacheStressTest {

    private static final int KEYS = 200;
    private static final int ROUNDS = 5;
    private static final int PLATFORM = 6;
    private static final int VIRTUAL = 32;
    private static final int OPERATIONS = 20_000;

    private final CacheTesting.Context context = new CacheTesting.Context();

    @AfterEach
    void close() {
        context.close();
    }

    /** The configurations stressed. */
    enum Shape {
        /** Entries counted, expiring after write, the default write buffer. */
        COUNTED(64, false, WriteBuffer.defaultCapacity(), false),
        /** Entries weighed, expiring after access, a write buffer of 8. */
        WEIGHED(150, true, 8, false),
        /** Entries counted, a strategy that condemns some in time, a write buffer of 2. */
        CONDEMNING(48, false, 2, true),
        /**
         * Entries weighed, no time at all, a write buffer of 16: updates that keep their weight go
         * through the read buffer, the others through the write buffer.
         */
        TIMELESS(120, true, 16, false);

        final long maximum;
        final boolean weighed;
        final int writeCapacity;
        final boolean condemns;

        Shape(long maximum, boolean weighed, int writeCapacity, boolean condemns) {
            this.maximum = maximum;
            this.weighed = weighed;
            this.writeCapacity = writeCapacity;
            this.condemns = condemns;
        }

        boolean expires() {
            return this != TIMELESS;
        }
    }

    private static int weight(String value) {
        return 1 + Math.floorMod(value.hashCode(), 3);
    }

    /** An LRU that, when the shape says so, condemns values whose sequence number is a multiple of 11. */
    private static final class Condemning extends CacheTesting.Lru<Integer, String> {
        @Override
        public boolean usesTime() {
            return true;
        }

        @Override
        public boolean shouldEvict(CacheEntry<Integer, String> entry, long now) {
            String value = entry.value();
            return Long.parseLong(value.substring(value.indexOf(':') + 1)) % 11 == 0;
        }
    }

    /** What the workers did and heard. */
    private static final class Tally {
        final Set<String> entered = ConcurrentHashMap.newKeySet();
        final Map<String, RemovalCause> reported = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> reportedTwice = new ConcurrentLinkedQueue<>();
        final LongAdder requests = new LongAdder();
        final LongAdder loads = new LongAdder();
        final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void every_value_is_cached_or_reported_once_and_everything_adds_up(Shape shape) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            run(shape, round);
        }
    }

    private void run(Shape shape, int round) throws Exception {
        FakeTicker ticker = new FakeTicker();
        Tally tally = new Tally();
        EvictionStrategy<Integer, String> inner = shape.condemns ? new Condemning() : new CacheTesting.Lru<>();
        CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(inner);
        CacheConfig.Builder<Integer, String> config = CacheConfig.<Integer, String>builder()
                .name("stress-" + shape + "-" + round).ticker(ticker)
                .removalListener((key, value, cause) -> {
                    if (tally.reported.putIfAbsent(value, cause) != null) {
                        tally.reportedTwice.add(value + " " + cause);
                    }
                });
        if (shape == Shape.TIMELESS) {
            config.maximumWeight(shape.maximum).weigher((k, v) -> weight(v));
        } else if (shape.weighed) {
            config.maximumWeight(shape.maximum).weigher((k, v) -> weight(v)).expireAfterAccess(Duration.ofMillis(400));
        } else {
            config.maximumSize(shape.maximum);
            if (!shape.condemns) {
                config.expireAfterWrite(Duration.ofSeconds(1));
            }
        }
        LockFreeCache<Integer, String> cache = CacheTesting.cache(config, strategy, context, CacheTesting.quiet(),
                ReadBuffer.defaultStripes(), shape.writeCapacity);
        AtomicLong sequence = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService platform = Executors.newFixedThreadPool(PLATFORM);
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < PLATFORM + VIRTUAL; t++) {
                long seed = 31L * round + t;
                int operations = t < PLATFORM ? OPERATIONS : OPERATIONS / 10;
                workers.add((t < PLATFORM ? platform : virtual).submit(() -> {
                    start.await();
                    work(cache, ticker, new SplittableRandom(seed), operations, sequence, tally);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(150, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(), List.copyOf(tally.unexpected), "operations failed");
        cache.cleanUp();
        check(shape, cache, strategy, tally);
        cache.close();
    }

    private static void work(LockFreeCache<Integer, String> cache, FakeTicker ticker, SplittableRandom random,
                             int operations, AtomicLong sequence, Tally tally) {
        for (int i = 0; i < operations; i++) {
            int key = random.nextInt(KEYS);
            int op = random.nextInt(100);
            try {
                if (op < 35) {
                    tally.requests.increment();
                    cache.getIfPresent(key);
                } else if (op < 55) {
                    String value = key + ":" + sequence.incrementAndGet();
                    tally.entered.add(value);
                    cache.put(key, value);
                } else if (op < 63) {
                    cache.remove(key);
                } else if (op < 78) {
                    String value = key + ":" + sequence.incrementAndGet();
                    tally.requests.increment();
                    String got = cache.get(key, k -> {
                        tally.loads.increment();
                        return value;
                    });
                    if (got == value) {
                        tally.entered.add(value);
                    }
                } else if (op < 84) {
                    String value = key + ":" + sequence.incrementAndGet();
                    tally.entered.add(value); // first: once mapped, another thread may replace it at once
                    if (cache.asMap().putIfAbsent(key, value) != null) {
                        tally.entered.remove(value);
                    }
                } else if (op < 90) {
                    String value = key + ":" + sequence.incrementAndGet();
                    tally.entered.add(value);
                    cache.asMap().compute(key, (k, present) -> value);
                } else if (op < 92) {
                    cache.asMap().remove(key, cache.asMap().get(key) == null ? "" : cache.asMap().get(key));
                } else if (op < 98) {
                    ticker.advance(Duration.ofMillis(30));
                } else {
                    cache.cleanUp();
                }
            } catch (RuntimeException | Error e) {
                tally.unexpected.add(e);
            }
        }
    }

    private static void check(Shape shape, LockFreeCache<Integer, String> cache,
                              CheckingStrategy<Integer, String> strategy, Tally tally) {
        Map<Integer, String> present = new HashMap<>(cache.asMap());
        Set<String> values = Set.copyOf(present.values());
        assertEquals(List.of(), strategy.breaches(), "the strategy's side of the SPI");
        assertEquals(List.of(), List.copyOf(tally.reportedTwice), "values reported more than once");
        assertEquals(List.of(), tally.reported.keySet().stream().filter(v -> !tally.entered.contains(v)).limit(5)
                .toList(), "values reported that never entered");
        assertEquals(List.of(), values.stream().filter(tally.reported::containsKey).limit(5).toList(),
                "values both cached and reported");
        assertEquals(List.of(), tally.entered.stream().filter(v -> !values.contains(v) && !tally.reported.containsKey(v))
                .limit(5).toList(), "values neither cached nor reported");

        long size = cache.size();
        int iterated = 0;
        for (Map.Entry<Integer, String> ignored : cache.asMap().entrySet()) {
            iterated++;
        }
        assertEquals(size, iterated, "size against iteration");
        assertEquals(size, present.size());
        assertEquals(tally.entered.size() - tally.reported.size(), size, "entries in minus entries reported");
        assertEquals(size, strategy.held(), "the strategy holds exactly the cached entries");
        assertEquals(size, strategy.inserts() - strategy.removes(), "inserts minus removes");

        long weight = shape.weighed ? values.stream().mapToLong(LockFreeCacheStressTest::weight).sum() : size;
        assertTrue(weight <= shape.maximum, () -> "weight " + weight + " over " + shape.maximum);
        assertEquals(weight, cache.weightedSize(), "the maintainer's count");
        assertEquals(0, cache.writesOutstanding());

        CacheStats stats = cache.stats();
        assertEquals(tally.requests.sum(), stats.requestCount(), "every getIfPresent and get is one request");
        assertEquals(tally.loads.sum(), stats.loadSuccessCount(), "every loader run is one load");
        List<String> evicted = tally.reported.entrySet().stream().filter(e -> e.getValue() == RemovalCause.SIZE)
                .map(Map.Entry::getKey).toList();
        assertEquals(evicted.size(), stats.evictionCount(), "evictions");
        assertEquals(shape.weighed ? evicted.stream().mapToLong(LockFreeCacheStressTest::weight).sum() : evicted.size(),
                stats.evictionWeight(), "evicted weight");
        long expired = tally.reported.values().stream().filter(c -> c == RemovalCause.EXPIRED).count();
        assertEquals(expired, stats.expirationCount(), "expirations");
        assertTrue(!shape.expires() || expired > 0, "some entries expired");
        assertTrue(!evicted.isEmpty(), "the bound was reached");
    }
}
