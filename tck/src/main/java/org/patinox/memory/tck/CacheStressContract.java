package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.CacheException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CachePolicy;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.cache.Weigher;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * The cache under many threads, platform and virtual, mixing reads, loads, writes, removals, map
 * view writes, expiry and maintenance over many rounds. Every value written is unique, so that the
 * suite can check, once the threads are done and the cache cleaned up, that each value that
 * entered the cache is either still in it or was reported to the listener exactly once, that no
 * value was reported that never entered, that the bound holds, and that the stats add up with the
 * operations issued.
 */
@Timeout(180)
@Tag("stress")
public abstract class CacheStressContract {

    private static final int KEYS = 256;
    private static final int MAXIMUM = 64;

    /** The instance of the current test, closed after it. */
    protected MemoryUtilities memory;
    /** Every event of the current test's {@link MemoryUtilities}. */
    protected RecordingMonitor monitor;

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

    /** @return rounds of operations each platform thread runs; a virtual thread runs a tenth */
    protected int rounds() {
        return 20_000;
    }

    /** @return whether the cache takes a strategy of the user's ({@link EvictionPolicy#custom}) */
    protected boolean takesStrategies() {
        return true;
    }

    @BeforeEach
    void open_a_fresh_instance() {
        monitor = new RecordingMonitor();
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).addMonitor(monitor)
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close_the_instance() {
        memory.close();
        assertEquals(List.of(), monitor.eventsOnScheduler(), "events recorded on the scheduler thread");
    }

    /** What the workers did, summed. */
    private static final class Tally {
        final Set<String> entered = ConcurrentHashMap.newKeySet();
        final LongAdder requests = new LongAdder();
        final LongAdder loads = new LongAdder();
        final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    }

    @Test
    void values_are_cached_or_reported_exactly_once_and_the_counts_add_up() throws Exception {
        valuesAreCachedOrReportedExactlyOnce(true);
    }

    /**
     * The same race in a cache without expiry, whose entries all weigh 1: there a put over a present
     * entry may replace its value in place, racing with the removals of that entry.
     */
    @Test
    void values_are_cached_or_reported_exactly_once_in_a_cache_without_expiry() throws Exception {
        valuesAreCachedOrReportedExactlyOnce(false);
    }

    private void valuesAreCachedOrReportedExactlyOnce(boolean expiring) throws Exception {
        FakeTicker ticker = new FakeTicker();
        Map<String, RemovalCause> reported = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> reportedTwice = new ConcurrentLinkedQueue<>();
        CacheConfig.Builder<Integer, String> builder = CacheConfig.<Integer, String>builder()
                .backend(backend()).policy(policy()).maximumSize(MAXIMUM).ticker(ticker)
                .removalListener((key, value, cause) -> {
                    if (reported.putIfAbsent(value, cause) != null) {
                        reportedTwice.add(value + " " + cause);
                    }
                });
        Cache<Integer, String> cache = memory.cache(
                (expiring ? builder.expireAfterWrite(Duration.ofSeconds(1)) : builder).build());
        Tally tally = new Tally();
        AtomicLong sequence = new AtomicLong();
        int platform = 8;
        int virtual = 64;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService platformThreads = Executors.newFixedThreadPool(platform);
             ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < platform + virtual; t++) {
                long seed = 0x5eed_0000L + t;
                int rounds = t < platform ? rounds() : rounds() / 10;
                ExecutorService on = t < platform ? platformThreads : virtualThreads;
                workers.add(on.submit(() -> {
                    start.await();
                    work(cache, ticker, new SplittableRandom(seed), rounds, sequence, tally);
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
        Set<String> present = new HashSet<>(cache.asMap().values());
        assertEachValueOnce(tally.entered, present, reported, reportedTwice);
        assertEquals(present.size(), cache.size());
        assertTrue(cache.size() <= MAXIMUM, () -> "size " + cache.size() + " over " + MAXIMUM);

        CacheStats stats = cache.stats();
        assertEquals(tally.requests.sum(), stats.requestCount(), "every getIfPresent and get counts one request");
        assertEquals(tally.loads.sum(), stats.loadSuccessCount(), "every loader run counts one load");
        assertEquals(0, stats.loadFailureCount());
        assertEquals(count(reported, RemovalCause.SIZE), stats.evictionCount(), "size evictions");
        assertEquals(count(reported, RemovalCause.SIZE), stats.evictionWeight(), "weights of size evictions");
        assertEquals(count(reported, RemovalCause.EXPIRED), stats.expirationCount(), "expirations");
        assertEquals(expiring, count(reported, RemovalCause.EXPIRED) > 0, "the ticker moved: some entries expired");
        assertTrue(count(reported, RemovalCause.SIZE) > 0, "the bound was reached: some entries were evicted");
    }

    /**
     * Puts over a few present entries racing their removals, conditional replaces and evictions,
     * every value unique: each value written is cached or reported exactly once, whichever of the
     * racing writes reached the entry first.
     */
    @Test
    void puts_over_present_entries_racing_their_removals_report_each_value_once() throws Exception {
        putsOverPresentEntriesReportEachValueOnce(false);
    }

    /** The same race where values weigh 1 or 2, so that some puts keep their entry's weight and some change it. */
    @Test
    void weighted_puts_over_present_entries_racing_their_removals_report_each_value_once() throws Exception {
        putsOverPresentEntriesReportEachValueOnce(true);
    }

    private void putsOverPresentEntriesReportEachValueOnce(boolean weighted) throws Exception {
        Map<String, RemovalCause> reported = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> reportedTwice = new ConcurrentLinkedQueue<>();
        // By the last digit of the value's sequence number: 1 or 2, changing from one put to the next.
        Weigher<Integer, String> weigher = (key, value) -> value.charAt(value.length() - 1) % 2 + 1;
        long bound = weighted ? 5 : 3;
        CacheConfig.Builder<Integer, String> builder = CacheConfig.<Integer, String>builder().backend(backend())
                .policy(policy()).removalListener((key, value, cause) -> {
                    if (reported.putIfAbsent(value, cause) != null) {
                        reportedTwice.add(value + " " + cause);
                    }
                });
        Cache<Integer, String> cache = memory.cache(
                (weighted ? builder.maximumWeight(bound).weigher(weigher) : builder.maximumSize(bound)).build());
        Set<String> entered = ConcurrentHashMap.newKeySet();
        AtomicLong sequence = new AtomicLong();
        race(6, 0xfeed, rounds(), Duration.ofSeconds(30), random -> {
            int key = random.nextInt(4);
            String value = key + ":" + sequence.incrementAndGet();
            entered.add(value); // first: once in the map, another thread may replace it at once
            boolean stored = switch (random.nextInt(8)) {
                case 0 -> {
                    cache.remove(key);
                    yield false;
                }
                case 1 -> {
                    String seen = cache.asMap().get(key);
                    yield seen != null && cache.asMap().replace(key, seen, value);
                }
                case 2 -> {
                    String seen = cache.asMap().get(key);
                    if (seen != null) {
                        cache.asMap().remove(key, seen);
                    }
                    yield false;
                }
                default -> {
                    cache.put(key, value);
                    yield true;
                }
            };
            if (!stored) {
                entered.remove(value);
            }
        });
        cache.cleanUp();
        Set<String> present = new HashSet<>(cache.asMap().values());
        assertEachValueOnce(entered, present, reported, reportedTwice);
        long held = present.stream().mapToLong(v -> weighted ? weigher.weigh(0, v) : 1).sum();
        assertEquals(held, cache.policy().orElseThrow().weightedSize(), "the cache's weight is its values' weights");
        assertTrue(held <= bound, () -> "weight " + held + " over " + bound);
    }

    /**
     * Each value that entered the cache is in it or was reported once, and nothing else was
     * reported; the lists name up to ten offenders.
     */
    private static void assertEachValueOnce(Set<String> entered, Set<String> present, Map<String, RemovalCause> reported,
                                            Collection<String> reportedTwice) {
        assertEquals(List.of(), reportedTwice.stream().limit(10).toList(), "values reported more than once");
        assertEquals(List.of(), reported.keySet().stream().filter(v -> !entered.contains(v)).limit(10).toList(),
                "values reported that never entered the cache");
        assertEquals(List.of(), present.stream().filter(reported::containsKey).limit(10).toList(),
                "values both cached and reported removed");
        assertEquals(List.of(), entered.stream().filter(v -> !present.contains(v) && !reported.containsKey(v))
                .limit(10).toList(), "values neither cached nor reported");
    }

    /**
     * Runs a step on each of {@code threads} platform threads, each with a generator of its own
     * (seeded {@code seed} plus its number), {@code rounds} times or until {@code limit} passed, and
     * fails naming what the steps threw.
     */
    private static void race(int threads, long seed, int rounds, Duration limit, Consumer<SplittableRandom> step)
            throws Exception {
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + limit.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(seed + t);
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < rounds && System.nanoTime() - deadline < 0; i++) {
                        try {
                            step.accept(random);
                        } catch (RuntimeException | Error e) {
                            unexpected.add(e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(), List.copyOf(unexpected), "operations failed");
    }

    private static long count(Map<String, RemovalCause> reported, RemovalCause cause) {
        return reported.values().stream().filter(c -> c == cause).count();
    }

    private static void work(Cache<Integer, String> cache, FakeTicker ticker, SplittableRandom random, int rounds,
                             AtomicLong sequence, Tally tally) {
        for (int i = 0; i < rounds; i++) {
            int key = random.nextInt(KEYS);
            int op = random.nextInt(100);
            try {
                if (op < 40) {
                    tally.requests.increment();
                    cache.getIfPresent(key);
                } else if (op < 55) {
                    String value = key + ":" + sequence.incrementAndGet();
                    tally.entered.add(value);
                    cache.put(key, value);
                } else if (op < 60) {
                    // Conditional writes, which a put over the same entry may race.
                    String value = key + ":" + sequence.incrementAndGet();
                    tally.entered.add(value);
                    boolean stored;
                    if (op < 58) {
                        String seen = cache.asMap().get(key);
                        stored = seen != null && cache.asMap().replace(key, seen, value);
                    } else {
                        stored = cache.asMap().computeIfPresent(key, (k, v) -> {
                            Thread.yield(); // widens the window for a put over the same entry
                            return value;
                        }) == value;
                    }
                    if (!stored) {
                        tally.entered.remove(value);
                    }
                } else if (op < 70) {
                    cache.remove(key);
                } else if (op < 85) {
                    String value = key + ":" + sequence.incrementAndGet();
                    tally.requests.increment();
                    String got = cache.get(key, k -> {
                        tally.loads.increment();
                        return value;
                    });
                    if (got == value) {
                        tally.entered.add(value);
                    }
                } else if (op < 90) {
                    String value = key + ":" + sequence.incrementAndGet();
                    // Recorded first: once in the map, another thread may replace it at once.
                    tally.entered.add(value);
                    if (cache.asMap().putIfAbsent(key, value) != null) {
                        tally.entered.remove(value);
                    }
                } else if (op < 97) {
                    ticker.advance(Duration.ofMillis(50));
                } else {
                    cache.cleanUp();
                }
            } catch (RuntimeException | Error e) {
                tally.unexpected.add(e);
            }
        }
    }

    /**
     * Writers racing on a few keys of a small bounded cache, inserting, removing and computing to
     * {@code null}: the cache's strategy must be told of every entry in order (a checking strategy
     * wraps LRU where the cache takes strategies), its victims must be entries the cache holds (no
     * callback is reported failed, which is how a cache reports a victim it does not hold), and the
     * bound holds once cleaned up.
     */
    @Test
    void racing_removals_keep_the_strategy_told_in_order_and_the_bound() throws Exception {
        int maximum = 8;
        int keys = 32;
        List<CheckingStrategy<Integer, String>> made = new ArrayList<>();
        EvictionPolicy policy = takesStrategies() ? EvictionPolicy.custom(() -> {
            CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(lru());
            made.add(strategy);
            return strategy;
        }) : policy();
        Cache<Integer, String> cache = memory.cache(CacheConfig.<Integer, String>builder().backend(backend())
                .policy(policy).maximumSize(maximum).build());
        race(8, 0xace0, rounds() * 10, Duration.ofSeconds(3), random -> {
            int key = random.nextInt(keys);
            String value = "v" + random.nextInt(1_000_000);
            switch (random.nextInt(6)) {
                case 0, 1 -> cache.put(key, value);
                case 2 -> cache.remove(key);
                case 3 -> cache.asMap().compute(key, (k, v) -> v == null ? value : null);
                case 4 -> cache.asMap().computeIfPresent(key, (k, v) -> null);
                default -> cache.getIfPresent(key);
            }
        });
        cache.cleanUp();
        List<String> failed = monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                .map(e -> e.attributes() + " " + e.error().map(Throwable::getMessage).orElse("")).limit(5).toList();
        assertEquals(List.of(), failed, "callbacks reported failed");
        assertTrue(cache.size() <= maximum, () -> "size " + cache.size() + " over " + maximum);
        if (takesStrategies()) {
            CheckingStrategy<Integer, String> strategy = made.getFirst();
            assertEquals(List.of(), strategy.breaches().stream().limit(5).toList(), "the strategy's calls");
            assertEquals(cache.size(), strategy.held(), "the strategy holds exactly the cached entries");
        }
    }

    /**
     * Every built-in policy (or the backend's own) in tiny caches (a maximum of 1, 2 or 10, counted
     * and weighed, some weights 0) under threads mixing every kind of write with reads, {@code
     * invalidateAll}, {@code clear}, changes of the maximum (to 0 too) and listings, the ticker
     * moving so that {@code ttl} condemns entries as they are read: a strategy refuses a call about
     * an entry it does not hold, so no callback may be reported failed; once cleaned up, the bound
     * holds, the weight is the entries' own, and the strategy lists exactly the cached keys.
     */
    @Test
    void every_policy_is_told_only_of_entries_it_holds_under_every_kind_of_write() throws Exception {
        List<EvictionPolicy> policies = takesStrategies()
                ? List.of(EvictionPolicy.lru(), EvictionPolicy.lfu(), EvictionPolicy.ttl(Duration.ofMillis(5)))
                : List.of(policy());
        for (EvictionPolicy policy : policies) {
            for (long maximum : new long[] {1, 2, 10}) {
                tellOnlyHeld(policy, maximum, false);
                tellOnlyHeld(policy, maximum, true);
            }
        }
    }

    private void tellOnlyHeld(EvictionPolicy policy, long maximum, boolean weighed) throws Exception {
        String where = policy.name() + (weighed ? ", weighed" : ", counted") + ", maximum " + maximum;
        int keys = 12;
        FakeTicker ticker = new FakeTicker();
        CacheConfig.Builder<Integer, Integer> builder = CacheConfig.<Integer, Integer>builder().backend(backend())
                .policy(policy).ticker(ticker);
        Cache<Integer, Integer> cache = memory.cache(weighed
                ? builder.maximumWeight(maximum).weigher((Integer k, Integer v) -> v & 3).build()
                : builder.maximumSize(maximum).build());
        CachePolicy<Integer, Integer> inspection = cache.policy().orElseThrow();
        Map<Integer, Integer> map = cache.asMap();
        race(8, maximum * 31 + (weighed ? 1 : 0), rounds() / 4, Duration.ofSeconds(4), random -> {
            int key = random.nextInt(keys);
            int value = random.nextInt(16);
            switch (random.nextInt(16)) {
                case 0, 1 -> cache.put(key, value);
                case 2 -> map.putIfAbsent(key, value);
                case 3 -> map.replace(key, value);
                case 4 -> cache.remove(key);
                case 5 -> map.compute(key, (k, v) -> v == null ? value : null);
                case 6 -> map.merge(key, value, (a, b) -> (a + b) % 3 == 0 ? null : a + b);
                case 7 -> map.computeIfPresent(key, (k, v) -> null);
                case 8 -> cache.get(key, k -> value);
                case 9 -> inspection.setMaximum(random.nextInt(4) == 0 ? 0 : random.nextLong(maximum + 1));
                case 10 -> {
                    if (random.nextInt(8) == 0) {
                        cache.invalidateAll();
                    } else if (random.nextInt(8) == 0) {
                        map.clear();
                    } else {
                        ticker.advance(Duration.ofMillis(1));
                    }
                }
                case 11 -> inspection.coldest(random.nextInt(4));
                case 12 -> inspection.hottest(random.nextInt(4));
                default -> cache.getIfPresent(key);
            }
        });
        inspection.setMaximum(maximum);
        cache.cleanUp();
        List<String> failed = monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                .map(e -> e.attributes() + " " + e.error().map(Throwable::getMessage).orElse("")).limit(5).toList();
        assertEquals(List.of(), failed, where + ": callbacks reported failed");
        assertTrue(inspection.weightedSize() <= maximum, () -> where + ": weight " + inspection.weightedSize());
        long weight = map.values().stream().mapToLong(v -> weighed ? v & 3 : 1).sum();
        assertEquals(weight, inspection.weightedSize(), where + ": the weight is the entries' own");
        Set<Integer> held = new HashSet<>(map.keySet());
        List<Integer> coldest = List.copyOf(inspection.coldest(Integer.MAX_VALUE).keySet());
        List<Integer> hottest = List.copyOf(inspection.hottest(Integer.MAX_VALUE).keySet());
        assertEquals(held.size(), coldest.size(), () -> where + ": coldest " + coldest + ", cached " + held);
        assertEquals(held, new HashSet<>(coldest), where + ": coldest lists the cached keys");
        assertEquals(held.size(), hottest.size(), () -> where + ": hottest " + hottest + ", cached " + held);
        assertEquals(held, new HashSet<>(hottest), where + ": hottest lists the cached keys");
        cache.close();
    }

    private static EvictionStrategy<Integer, String> lru() {
        return ServiceLoader.load(EvictionStrategyProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("lru")).findFirst().orElseThrow()
                .create(CacheConfig.<Integer, String>builder().build());
    }

    @Test
    void closing_under_load_fails_operations_cleanly_and_notifies_nobody_afterwards() throws Exception {
        AtomicLong notifications = new AtomicLong();
        Cache<Integer, String> cache = memory.cache(CacheConfig.<Integer, String>builder()
                .backend(backend()).policy(policy()).maximumSize(MAXIMUM)
                .removalListener((key, value, cause) -> notifications.incrementAndGet()).build());
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        LongAdder refused = new LongAdder();
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                SplittableRandom random = new SplittableRandom(t);
                workers.add(threads.submit(() -> {
                    while (!stop.get()) {
                        int key = random.nextInt(KEYS);
                        try {
                            switch (random.nextInt(4)) {
                                case 0 -> cache.put(key, "v" + key);
                                case 1 -> cache.getIfPresent(key);
                                case 2 -> cache.get(key, k -> "l" + k);
                                default -> cache.remove(key);
                            }
                        } catch (CacheException e) {
                            if (e.kind() != CacheException.Kind.CLOSED) {
                                unexpected.add(e);
                            }
                            refused.increment();
                        } catch (RuntimeException | Error e) {
                            unexpected.add(e);
                        }
                    }
                }));
            }
            Thread.sleep(200);
            cache.close();
            long atClose = notifications.get();
            Thread.sleep(200);
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), List.copyOf(unexpected), "only CLOSED refusals may come of closing");
            assertTrue(refused.sum() > 0, "operations after close were refused");
            // A removal in flight when close began may still be delivered; none may start later.
            assertTrue(notifications.get() - atClose <= 4, () -> "notifications after close: " + (notifications.get() - atClose));
        }
    }
}
