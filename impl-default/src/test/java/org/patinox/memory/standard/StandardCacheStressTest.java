package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.standard.CacheFixtures.Lru;
import org.patinox.memory.standard.CacheFixtures.ManualTicker;
import org.patinox.memory.standard.CacheFixtures.Note;
import org.patinox.memory.standard.CacheFixtures.Notes;
import org.patinox.memory.standard.CacheFixtures.TestContext;
import org.patinox.memory.tck.RecordingMonitor;
import org.patinox.memory.tck.CheckingStrategy;

/**
 * The standard cache under load: platform and virtual threads mixing every read and write,
 * loads that succeed, fail or return nothing, the map view's atomic operations, invalidations,
 * clean-ups and a fake ticker moved by the workers while the background sweep runs, round after
 * round, for each kind of cache. At the end of each round, once the cache is quiet and cleaned
 * up, it checks what must hold whatever the interleaving:
 *
 * <ul>
 *   <li>the size is the number of entries the view iterates, and the total weight is their sum and
 *       within the bound;
 *   <li>every value that entered the cache is either still in it or was reported removed, exactly
 *       once, and nothing else was reported: inserts minus removals is the size;
 *   <li>the stats count one request per read issued, one load per loader that ran, and as many
 *       evictions and expirations, by count and weight, as the listener heard;
 *   <li>the strategy was never called concurrently, never told of an entry before its insert or
 *       after its removal, and holds exactly the cached entries; the listener never ran under the
 *       cache's lock.
 * </ul>
 */
@Tag("stress")
@Timeout(300)
final class StandardCacheStressTest {

    private static final int KEYS = 96;
    private static final int PLATFORM_THREADS = 4;
    private static final int VIRTUAL_THREADS = 12;
    private static final int OPS = 2_500;
    private static final int ROUNDS = 4;
    private static final long EXPIRY = TimeUnit.MILLISECONDS.toNanos(100);

    private final TestContext context = new TestContext();

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void a_count_bounded_lru_cache() throws Exception {
        rounds(() -> CacheConfig.<Integer, String>builder().maximumSize(32), Lru::new, false);
    }

    @Test
    void a_weight_bounded_cache_with_weights_of_zero_and_more() throws Exception {
        rounds(() -> CacheConfig.<Integer, String>builder().maximumWeight(60)
                .weigher((k, v) -> Math.floorMod(v.hashCode(), 5)), Lru::new, false);
    }

    @Test
    void a_cache_of_one_entry() throws Exception {
        rounds(() -> CacheConfig.<Integer, String>builder().maximumSize(1), Lru::new, false);
    }

    @Test
    void a_cache_that_expires_after_write() throws Exception {
        rounds(() -> CacheConfig.<Integer, String>builder().maximumSize(48)
                .expireAfterWrite(Duration.ofNanos(EXPIRY)), Lru::new, true);
    }

    @Test
    void a_cache_that_expires_after_access() throws Exception {
        rounds(() -> CacheConfig.<Integer, String>builder().maximumSize(48)
                .expireAfterAccess(Duration.ofNanos(EXPIRY)), Lru::new, true);
    }

    @Test
    void an_unbounded_cache_whose_strategy_condemns_by_age() throws Exception {
        rounds(CacheConfig::<Integer, String>builder, () -> new Lru<>() {
            @Override
            public boolean usesTime() {
                return true;
            }

            @Override
            public boolean shouldEvict(CacheEntry<Integer, String> entry, long now) {
                return now - entry.writeTime() >= EXPIRY / 2;
            }
        }, true);
    }

    private void rounds(java.util.function.Supplier<CacheConfig.Builder<Integer, String>> config,
                        java.util.function.Supplier<EvictionStrategy<Integer, String>> strategy,
                        boolean moveTime) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            new Round(config.get(), new CheckingStrategy<>(strategy.get()), moveTime).run();
        }
    }

    /** One cache under load and the tallies kept on it. */
    private final class Round {
        final ManualTicker ticker = new ManualTicker();
        final Notes<Integer, String> notes = new Notes<>();
        final RecordingMonitor monitor = new RecordingMonitor();
        final CheckingStrategy<Integer, String> strategy;
        final StandardCache<Integer, String> cache;
        final boolean moveTime;
        final AtomicLong unique = new AtomicLong();
        final Set<String> entered = ConcurrentHashMap.newKeySet();
        final LongAdder reads = new LongAdder();
        final LongAdder loadsReturned = new LongAdder();
        final LongAdder loadsThrown = new LongAdder();
        final LongAdder listenerUnderLock = new LongAdder();
        final List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();

        Round(CacheConfig.Builder<Integer, String> config, CheckingStrategy<Integer, String> strategy, boolean moveTime) {
            this.strategy = strategy;
            this.moveTime = moveTime;
            AtomicReference<StandardCache<Integer, String>> self = new AtomicReference<>();
            this.cache = StandardCache.open(config.name("stress").ticker(ticker).removalListener((k, v, cause) -> {
                if (self.get().lock().isHeldByCurrentThread()) {
                    listenerUnderLock.increment();
                }
                notes.onRemoval(k, v, cause);
            }).build(), strategy, context, monitor);
            self.set(cache);
        }

        String fresh(int key) {
            return key + ":" + unique.incrementAndGet();
        }

        void run() throws Exception {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < PLATFORM_THREADS + VIRTUAL_THREADS; i++) {
                Thread.Builder builder = i < PLATFORM_THREADS ? Thread.ofPlatform() : Thread.ofVirtual();
                threads.add(builder.name("stress-" + i).start(() -> {
                    try {
                        start.await();
                        for (int op = 0; op < OPS; op++) {
                            step(ThreadLocalRandom.current());
                        }
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(2));
                assertTrue(!t.isAlive(), () -> t + " is stuck");
            }
            cache.cleanUp();
            check();
            cache.close();
        }

        void step(ThreadLocalRandom random) {
            int key = random.nextInt(KEYS);
            int dice = random.nextInt(1000);
            if (dice < 300) {
                reads.increment();
                cache.getIfPresent(key);
            } else if (dice < 480) {
                reads.increment();
                load(key, random, loader -> cache.get(key, loader));
            } else if (dice < 520) {
                reads.increment();
                load(key, random, loader -> {
                    try {
                        return cache.getAsync(key, loader).join();
                    } catch (CompletionException e) {
                        throw (RuntimeException) e.getCause();
                    }
                });
            } else if (dice < 780) {
                String value = fresh(key);
                entered.add(value);
                cache.put(key, value);
            } else if (dice < 860) {
                cache.remove(key);
            } else if (dice < 900) {
                String computed = cache.asMap().compute(key, (k, v) -> random.nextInt(4) == 0 ? null : fresh(k));
                if (computed != null) {
                    entered.add(computed);
                }
            } else if (dice < 920) {
                String value = fresh(key);
                if (cache.asMap().putIfAbsent(key, value) == null) {
                    entered.add(value);
                }
            } else if (dice < 940) {
                String merged = cache.asMap().merge(key, fresh(key), (a, b) -> b + "+");
                entered.add(merged);
            } else if (dice < 960) {
                String value = cache.asMap().get(key);
                if (value != null) {
                    cache.asMap().remove(key, value);
                }
            } else if (dice < 975) {
                cache.cleanUp();
            } else if (dice < 977) {
                cache.invalidateAll();
            } else if (moveTime) {
                ticker.advance(random.nextLong(EXPIRY / 4));
            }
        }

        /** A get with a loader that succeeds, fails or returns nothing; what it stored entered the cache. */
        void load(int key, ThreadLocalRandom random, Function<Function<Integer, String>, String> get) {
            int outcome = random.nextInt(20);
            AtomicReference<String> made = new AtomicReference<>();
            Function<Integer, String> loader = k -> {
                if (outcome == 0) {
                    loadsThrown.increment();
                    throw new IllegalStateException("planned failure");
                }
                loadsReturned.increment();
                if (outcome == 1) {
                    return null;
                }
                made.set(fresh(k));
                return made.get();
            };
            try {
                String result = get.apply(loader);
                if (result != null && result == made.get()) {
                    // The store step returns the loaded value itself only when it cached it.
                    entered.add(result);
                }
            } catch (IllegalStateException e) {
                if (!"planned failure".equals(e.getMessage())) {
                    throw e;
                }
            }
        }

        void check() {
            assertEquals(List.of(), unexpected);
            assertEquals(0, listenerUnderLock.sum(), "the listener ran under the lock");
            // The size is what the view iterates; the weight is the sum of theirs and within the bound.
            Map<Integer, String> present = new HashMap<>();
            for (Map.Entry<Integer, String> e : cache.asMap().entrySet()) {
                assertEquals(null, present.put(e.getKey(), e.getValue()), "a key iterated twice");
            }
            assertEquals(cache.size(), present.size());
            assertEquals(cache.asMap().size(), present.size());
            long weight = 0;
            for (Map.Entry<Integer, String> e : present.entrySet()) {
                weight += cache.config().weigher().weigh(e.getKey(), e.getValue());
            }
            assertEquals(weight, cache.weightedSize());
            assertTrue(weight <= cache.config().maximumWeight(), "weight " + weight);

            // Every value that entered is present or was reported once; nothing else was reported.
            List<Note<Integer, String>> heard = notes.all();
            Set<String> reported = new HashSet<>();
            Map<RemovalCause, Long> counts = new HashMap<>();
            long evictedWeight = 0;
            for (Note<Integer, String> note : heard) {
                assertTrue(reported.add(note.value()), () -> "reported twice: " + note);
                assertTrue(entered.contains(note.value()), () -> "reported but never entered: " + note);
                counts.merge(note.cause(), 1L, Long::sum);
                if (note.cause() == RemovalCause.SIZE) {
                    evictedWeight += cache.config().weigher().weigh(note.key(), note.value());
                }
            }
            Set<String> kept = new HashSet<>(entered);
            kept.removeAll(reported);
            assertEquals(kept, new HashSet<>(present.values()), "entered minus reported is what the cache holds");
            assertEquals(entered.size() - heard.size(), cache.size());

            CacheStats stats = cache.stats();
            assertEquals(reads.sum(), stats.requestCount());
            assertEquals(loadsReturned.sum(), stats.loadSuccessCount());
            assertEquals(loadsThrown.sum(), stats.loadFailureCount());
            assertEquals(counts.getOrDefault(RemovalCause.SIZE, 0L), stats.evictionCount());
            assertEquals(evictedWeight, stats.evictionWeight());
            assertEquals(counts.getOrDefault(RemovalCause.EXPIRED, 0L), stats.expirationCount());

            assertEquals(List.of(), strategy.breaches());
            assertEquals(present.size(), strategy.held());
            assertEquals(strategy.inserts() - strategy.removes(), cache.size());
        }
    }
}
