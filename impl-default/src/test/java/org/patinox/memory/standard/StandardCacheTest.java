package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.CacheException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.standard.CacheFixtures.Lru;
import org.patinox.memory.standard.CacheFixtures.ManualTicker;
import org.patinox.memory.standard.CacheFixtures.Note;
import org.patinox.memory.standard.CacheFixtures.Notes;
import org.patinox.memory.standard.CacheFixtures.TestContext;
import org.patinox.memory.support.TimerWheel;
import org.patinox.memory.tck.RecordingMonitor;
import org.patinox.memory.tck.CheckingStrategy;

/** The standard cache's own behaviour, beyond what the contract suite checks for every cache. */
@Timeout(60)
final class StandardCacheTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final TestContext context = new TestContext();
    private final RecordingMonitor events = new RecordingMonitor();
    private final ManualTicker ticker = new ManualTicker();
    private final Notes<Integer, String> notes = new Notes<>();

    @AfterEach
    void close() {
        context.close();
    }

    private CacheConfig.Builder<Integer, String> config() {
        return CacheConfig.<Integer, String>builder().name("test").ticker(ticker).removalListener(notes);
    }

    private StandardCache<Integer, String> cache(CacheConfig.Builder<Integer, String> config,
                                                 EvictionStrategy<Integer, String> strategy) {
        return StandardCache.open(config.build(), strategy, context, events);
    }

    private StandardCache<Integer, String> cache(CacheConfig.Builder<Integer, String> config) {
        return cache(config, new Lru<>());
    }

    private long failures(String callback) {
        return events.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                .filter(e -> callback.equals(e.attributes().get("callback"))).count();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(2);
        }
    }

    // ---- eviction order ------------------------------------------------------------------------

    /**
     * Single-threaded, every read reaches the strategy, so the cache evicts exactly as an
     * access-ordered {@link LinkedHashMap} bounded to the same size, over a long random run.
     */
    @Test
    void single_threaded_lru_evicts_exactly_as_an_access_ordered_map() {
        runAgainstOracle(cache(config().maximumSize(16)), notes, 7);
    }

    @Test
    void the_built_in_lru_through_the_runtime_evicts_exactly_as_an_access_ordered_map() {
        Notes<Integer, String> heard = new Notes<>();
        try (MemoryUtilities memory = MemoryUtilities.open(
                UtilityConfig.builder().provider(StandardMemoryProvider.NAME).build())) {
            Cache<Integer, String> cache = memory.cache(CacheConfig.<Integer, String>builder()
                    .maximumSize(16).policy(EvictionPolicy.lru()).removalListener(heard).build());
            runAgainstOracle(cache, heard, 11);
        }
    }

    /** Records the keys the strategy is told of, in order. */
    private static final class AccessLog extends Lru<Integer, String> {
        final List<Integer> accessed = new ArrayList<>();

        @Override
        public void onAccess(CacheEntry<Integer, String> entry) {
            accessed.add(entry.key());
            super.onAccess(entry);
        }
    }

    /**
     * Reads are buffered, but a single thread loses none: the strategy hears each one, in the order
     * made, and the reads still buffered when a write comes are replayed before it picks a victim.
     */
    @Test
    void a_single_threads_reads_are_all_replayed_in_order_before_a_writes_eviction() {
        AccessLog log = new AccessLog();
        CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(log);
        int max = 8;
        StandardCache<Integer, String> cache = cache(config().maximumSize(max), strategy);
        LinkedHashMap<Integer, String> oracle = new LinkedHashMap<>(16, 0.75f, true);
        for (int key = 0; key < max; key++) {
            cache.put(key, "v" + key);
            oracle.put(key, "v" + key);
        }
        Random random = new Random(3);
        List<Integer> made = new ArrayList<>();
        int drained = ReadBuffer.DRAIN_AT * 40;
        for (int i = 0; i < drained; i++) {
            int key = random.nextInt(max);
            assertEquals("v" + key, cache.getIfPresent(key));
            oracle.get(key);
            made.add(key);
        }
        // The oracle's eldest now is the victim these reads choose; three more reads, the first of
        // it, stay buffered and must change the choice of the next write.
        int eldest = oracle.keySet().iterator().next();
        int[] last = {eldest, (eldest + 1) % max, (eldest + 2) % max};
        for (int key : last) {
            cache.getIfPresent(key);
            oracle.get(key);
            made.add(key);
        }
        assertEquals(made.subList(0, drained), log.accessed, "every read drained at half a ring, in order");
        cache.put(max, "new");
        oracle.put(max, "new");
        int victim = oracle.keySet().iterator().next();
        oracle.remove(victim);
        assertEquals(made, log.accessed, "the write replayed the buffered reads first");
        assertEquals(List.of(victim), notes.keys(RemovalCause.SIZE));
        assertFalse(victim == eldest, "the buffered read of " + eldest + " saved it");
        assertEquals(oracle, Map.copyOf(cache.asMap()));
        assertEquals(List.of(), strategy.breaches());
    }

    private static void runAgainstOracle(Cache<Integer, String> cache, Notes<Integer, String> heard, long seed) {
        int max = 16;
        List<Integer> expectedEvictions = new ArrayList<>();
        LinkedHashMap<Integer, String> oracle = new LinkedHashMap<>(64, 0.75f, true) {
            @java.io.Serial
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
                if (size() > max) {
                    expectedEvictions.add(eldest.getKey());
                    return true;
                }
                return false;
            }
        };
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            int key = random.nextInt(48);
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> {
                    cache.put(key, "v" + i);
                    oracle.put(key, "v" + i);
                }
                case 3 -> assertEquals(oracle.remove(key), cache.remove(key));
                case 4, 5 -> {
                    String loaded = cache.get(key, k -> "l" + k);
                    if (!oracle.containsKey(key)) {
                        oracle.put(key, "l" + key);
                    }
                    assertEquals(oracle.get(key), loaded);
                }
                default -> assertEquals(oracle.get(key), cache.getIfPresent(key));
            }
        }
        assertEquals(expectedEvictions, heard.keys(RemovalCause.SIZE));
        assertEquals(oracle, Map.copyOf(cache.asMap()));
    }

    @Test
    void an_entry_heavier_than_the_bound_is_evicted_alone() {
        StandardCache<Integer, String> cache = cache(config().maximumWeight(10).weigher((k, v) -> v.length()));
        cache.put(1, "aaa");
        cache.put(2, "bbb");
        cache.put(3, "c".repeat(11));
        assertEquals(Set.of(1, 2), cache.asMap().keySet(), "the others stay");
        assertEquals(List.of(3), notes.keys(RemovalCause.SIZE));
        cache.put(1, "a".repeat(12));
        assertEquals(Set.of(2), cache.asMap().keySet());
        assertEquals(List.of(new Note<>(1, "aaa", RemovalCause.REPLACED, Thread.currentThread()),
                new Note<>(1, "a".repeat(12), RemovalCause.SIZE, Thread.currentThread())), notes.all().subList(1, 3));
        assertEquals(3, cache.weightedSize());
        assertEquals(23, cache.stats().evictionWeight());
    }

    @Test
    void the_total_weight_follows_updates_and_stays_within_the_bound_at_every_write() {
        StandardCache<Integer, String> cache = cache(config().maximumWeight(50).weigher((k, v) -> v.length()));
        Random random = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            int key = random.nextInt(40);
            if (random.nextInt(5) == 0) {
                cache.remove(key);
            } else {
                cache.put(key, "x".repeat(random.nextInt(9)));
            }
            long sum = cache.asMap().values().stream().mapToLong(String::length).sum();
            assertEquals(sum, cache.weightedSize());
            assertTrue(sum <= 50, () -> "weight " + sum);
        }
    }

    // ---- races between reads and writes ------------------------------------------------------

    /**
     * A reader that took a node from the map, then lost it to a removal (and the key to a new
     * entry) before it got the lock, must not tell the strategy of the removed node.
     */
    @Test
    void a_read_that_loses_its_entry_to_a_removal_is_not_told_to_the_strategy() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> stalled = new AtomicReference<>();
        LongSupplier stalling = () -> {
            if (Thread.currentThread() == stalled.get()) {
                arrived.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ticker.getAsLong();
        };
        CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(new Lru<>());
        // An expiry, so that a read consults the ticker between taking the node and taking the lock.
        StandardCache<Integer, String> cache = cache(config().maximumSize(10).ticker(stalling)
                .expireAfterWrite(Duration.ofHours(1)), strategy);
        cache.put(1, "one");
        AtomicReference<String> read = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().unstarted(() -> read.set(cache.getIfPresent(1)));
        stalled.set(reader);
        reader.start();
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        assertEquals("one", cache.remove(1));
        cache.put(1, "uno");
        release.countDown();
        reader.join();
        assertEquals("one", read.get(), "the read took its value before the removal");
        cache.cleanUp();
        assertEquals(List.of(), strategy.breaches());
        assertEquals(0, strategy.accesses(), "the removed entry's buffered read was not replayed");
        assertEquals("uno", cache.getIfPresent(1));
        cache.cleanUp();
        assertEquals(1, strategy.accesses());
    }

    @Test
    void reads_while_another_thread_holds_the_lock_neither_wait_nor_reach_the_strategy_and_a_full_ring_drops()
            throws Exception {
        CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(new Lru<>());
        StandardCache<Integer, String> cache = cache(config().maximumSize(10), strategy);
        cache.put(1, "one");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            cache.lock().lock();
            try {
                locked.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                cache.lock().unlock();
            }
        });
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 100; i++) {
            assertEquals("one", cache.getIfPresent(1));
        }
        release.countDown();
        holder.join();
        assertEquals(0, strategy.accesses());
        assertEquals(100, cache.stats().hitCount());
        cache.cleanUp();
        assertEquals(ReadBuffer.RING, strategy.accesses(), "the ring kept its first reads and dropped the rest");
        for (int i = 0; i < ReadBuffer.DRAIN_AT - 1; i++) {
            cache.getIfPresent(1);
        }
        assertEquals(ReadBuffer.RING, strategy.accesses(), "below half a ring, reads wait for the next change");
        cache.getIfPresent(1);
        assertEquals(ReadBuffer.RING + ReadBuffer.DRAIN_AT, strategy.accesses(), "at half, the reader drains");
        assertEquals(List.of(), strategy.breaches());
    }

    // ---- callbacks -----------------------------------------------------------------------------

    @Test
    void the_listener_runs_after_the_lock_is_released_and_may_use_the_cache() {
        List<String> breaches = new ArrayList<>();
        AtomicReference<StandardCache<Integer, String>> self = new AtomicReference<>();
        StandardCache<Integer, String> cache = cache(config().maximumSize(2).removalListener((k, v, cause) -> {
            if (self.get().lock().isHeldByCurrentThread()) {
                breaches.add("listener under the lock for " + k);
            }
            if (k < 100) {
                self.get().put(k + 100, "echo");
            }
        }));
        self.set(cache);
        for (int i = 0; i < 5; i++) {
            cache.put(i, "v" + i);
        }
        cache.asMap().compute(4, (k, v) -> "computed");
        assertEquals(List.of(), breaches);
        assertEquals(2, cache.size());
    }

    @Test
    void a_throwing_listener_misses_no_later_notification() {
        AtomicInteger heard = new AtomicInteger();
        StandardCache<Integer, String> cache = cache(config().removalListener((k, v, cause) -> {
            heard.incrementAndGet();
            throw new IllegalStateException("listener fails for " + k);
        }));
        for (int i = 0; i < 10; i++) {
            cache.put(i, "v" + i);
        }
        cache.invalidateAll();
        assertEquals(10, heard.get());
        assertEquals(10, failures("listener"));
        assertEquals(0, cache.size());
        cache.put(1, "again");
        assertEquals("again", cache.getIfPresent(1));
    }

    @Test
    void a_strategy_throwing_on_every_call_is_reported_and_the_bound_holds() {
        EvictionStrategy<Integer, String> broken = new EvictionStrategy<>() {
            @Override
            public boolean admit(CacheEntry<Integer, String> candidate) {
                throw new IllegalStateException("admit");
            }

            @Override
            public void onInsert(CacheEntry<Integer, String> entry) {
                throw new IllegalStateException("onInsert");
            }

            @Override
            public void onAccess(CacheEntry<Integer, String> entry) {
                throw new IllegalStateException("onAccess");
            }

            @Override
            public void onUpdate(CacheEntry<Integer, String> entry, int previousWeight) {
                throw new IllegalStateException("onUpdate");
            }

            @Override
            public void onRemove(CacheEntry<Integer, String> entry) {
                throw new IllegalStateException("onRemove");
            }

            @Override
            public CacheEntry<Integer, String> victim() {
                throw new IllegalStateException("victim");
            }
        };
        StandardCache<Integer, String> cache = cache(config().maximumSize(3), broken);
        for (int i = 0; i < 10; i++) {
            cache.put(i, "v" + i);
            cache.put(i, "w" + i);
            cache.getIfPresent(i);
        }
        assertEquals(3, cache.size());
        assertEquals(3, cache.weightedSize());
        assertEquals(7, notes.keys(RemovalCause.SIZE).size());
        Set<Object> calls = events.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                .map(e -> e.attributes().get("call")).collect(Collectors.toSet());
        assertEquals(Set.of("admit", "onInsert", "onAccess", "onUpdate", "onRemove", "victim"), calls);
    }

    @Test
    void a_victim_that_is_not_an_entry_of_the_cache_is_refused_and_another_evicted() {
        CacheEntry<Integer, String> stranger = Node.plain(99, "stranger", 1);
        StandardCache<Integer, String> cache = cache(config().maximumSize(2), new Lru<>() {
            @Override
            public CacheEntry<Integer, String> victim() {
                return stranger;
            }
        });
        for (int i = 0; i < 6; i++) {
            cache.put(i, "v" + i);
        }
        assertEquals(2, cache.size());
        assertEquals(4, failures("strategy"));
        assertEquals(4, notes.keys(RemovalCause.SIZE).size());
    }

    @Test
    void a_throwing_weigher_fails_the_write_and_is_reported() {
        IllegalStateException boom = new IllegalStateException("weigher fails");
        StandardCache<Integer, String> cache = cache(config().maximumWeight(10).weigher((k, v) -> {
            if (v.isEmpty()) {
                throw boom;
            }
            return 1;
        }));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> cache.put(1, "")));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> cache.asMap().compute(1, (k, v) -> "")));
        assertEquals(0, cache.size());
        assertEquals(2, failures("weigher"));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () ->
                cache(config().maximumWeight(10).weigher((k, v) -> -3)).put(7, "seven"));
        assertTrue(negative.getMessage().contains("'test'") && negative.getMessage().contains("key 7"),
                negative::getMessage);
    }

    @Test
    void a_throwing_monitor_does_not_break_the_cache() {
        Monitor failing = event -> {
            throw new IllegalStateException("monitor fails on " + event.kind());
        };
        StandardCache<Integer, String> cache = StandardCache.open(config().maximumSize(1).build(), new Lru<>(),
                context, failing);
        cache.put(1, "one");
        cache.put(2, "two");
        assertEquals(1, cache.size());
        assertEquals(List.of(1), notes.keys(RemovalCause.SIZE));
        cache.close();
    }

    // ---- expiry --------------------------------------------------------------------------------

    @Test
    void the_background_expiry_removes_expired_entries_on_virtual_threads_not_the_scheduler() throws Exception {
        StandardCache<Integer, String> cache = cache(config().expireAfterWrite(Duration.ofMillis(20)));
        assertNull(cache.sweeper(), "expiry is the timer wheel's, not a sweep's");
        int count = StandardCache.SWEEP_BUDGET * 2 + 100;
        for (int i = 0; i < count; i++) {
            cache.put(i, "v" + i);
        }
        // Past the wheel's first bucket (2^30 ns), which background runs take once the time leaves it.
        ticker.advance(2 * SECOND);
        await("every entry expired in the background", () -> notes.keys(RemovalCause.EXPIRED).size() == count);
        assertEquals(0, cache.size());
        assertEquals(count, cache.stats().expirationCount());
        assertTrue(notes.all().stream().allMatch(n -> n.thread().isVirtual()
                && !n.thread().getName().equals("test-cache-scheduler")), "the scheduler only hands the sweep on");
    }

    /**
     * A sweep whose listener blocks is not joined by another: the scheduler goes on timing the
     * sweep (its periods pass) but hands no second run to a virtual thread until the first ends.
     */
    @Test
    void a_sweep_blocked_in_its_listener_is_not_joined_by_another_and_the_next_follows_it() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        StandardCache<Integer, String> cache = cache(CacheConfig.<Integer, String>builder().name("test").ticker(ticker)
                .expireAfterWrite(Duration.ofMillis(20)).removalListener((k, v, cause) -> {
                    inListener.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }), new Lru<>() {
                    @Override
                    public boolean usesTime() {
                        return true; // asked of every live entry by every sweep
                    }

                    @Override
                    public boolean shouldEvict(CacheEntry<Integer, String> entry, long now) {
                        asked.incrementAndGet();
                        return false;
                    }
                });
        cache.put(1, "expires");
        ticker.advance(TimeUnit.MILLISECONDS.toNanos(15));
        cache.put(2, "stays");
        ticker.advance(TimeUnit.MILLISECONDS.toNanos(10)); // 1 is expired, 2 is not
        try {
            assertTrue(inListener.await(20, TimeUnit.SECONDS), "a sweep removed the expired entry");
            int before = asked.get();
            Thread.sleep(20 * TimeUnit.NANOSECONDS.toMillis(cache.sweepPeriod())); // twenty periods
            assertEquals(before, asked.get(), "another sweep ran while the first was blocked");
        } finally {
            release.countDown();
        }
        int after = asked.get();
        await("the sweep goes on once the listener returns", () -> asked.get() > after);
        assertEquals(Set.of(2), cache.asMap().keySet());
    }

    @Test
    void the_sweep_period_is_half_the_shortest_expiry_within_10_ms_and_1_s() {
        assertEquals(TimeUnit.SECONDS.toNanos(1), cache(config().expireAfterWrite(Duration.ofHours(1))).sweepPeriod());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(150), cache(config().expireAfterWrite(Duration.ofSeconds(1))
                .expireAfterAccess(Duration.ofMillis(300))).sweepPeriod());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(10), cache(config().expireAfterAccess(Duration.ofMillis(1))).sweepPeriod());
        assertNull(cache(config().expireAfterAccess(Duration.ofMillis(1))).sweeper(), "expiry needs no sweep");
        assertNull(cache(config().policy(EvictionPolicy.ttl(Duration.ofSeconds(1)))).sweeper(),
                "the ttl strategy condemns what expireAfterWrite expires");
        assertTrue(cache(config(), new Lru<>() {
            @Override
            public boolean usesTime() {
                return true;
            }
        }).sweeper() != null, "a strategy using time is swept for");
        assertNull(cache(config().maximumSize(5)).sweeper(), "no sweep for a cache without time");
    }

    /** A strategy that uses time condemns entries on replayed reads and in the sweep. */
    @Test
    void a_strategy_using_time_is_asked_on_reads_and_in_the_sweep() throws Exception {
        List<Long> seenTimes = new ArrayList<>();
        CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(new Lru<>() {
            @Override
            public boolean usesTime() {
                return true;
            }

            @Override
            public boolean shouldEvict(CacheEntry<Integer, String> entry, long now) {
                seenTimes.add(entry.writeTime());
                return entry.value().startsWith("doomed");
            }
        });
        // The scheduler's one thread waits at this gate, so that no sweep runs before the test lets it.
        CountDownLatch gate = new CountDownLatch(1);
        context.scheduler.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        StandardCache<Integer, String> cache = cache(config(), strategy);
        assertEquals(TimeUnit.SECONDS.toNanos(1), cache.sweepPeriod());
        cache.put(1, "doomed one");
        assertEquals("doomed one", cache.getIfPresent(1), "a condemned entry may be read once more");
        assertEquals(List.of(), notes.keys(RemovalCause.EXPIRED), "until the read is replayed");
        cache.put(2, "kept");
        assertEquals(List.of(1), notes.keys(RemovalCause.EXPIRED), "the next write replays the read first");
        assertEquals(List.of(ticker.getAsLong()), seenTimes, "timestamps are kept for such a strategy");
        cache.put(3, "doomed three");
        cache.cleanUp();
        assertEquals(List.of(1, 3), notes.keys(RemovalCause.EXPIRED));
        cache.put(4, "doomed four");
        gate.countDown();
        await("the background sweep condemns 4", () -> notes.keys(RemovalCause.EXPIRED).contains(4));
        assertEquals(Set.of(2), cache.asMap().keySet());
        assertEquals(List.of(), strategy.breaches());
    }

    @Test
    void entries_keep_no_time_unless_the_cache_needs_it() {
        List<Long> times = new ArrayList<>();
        StandardCache<Integer, String> cache = cache(config(), new Lru<>() {
            @Override
            public void onInsert(CacheEntry<Integer, String> entry) {
                times.add(entry.writeTime());
                times.add(entry.accessTime());
                super.onInsert(entry);
            }
        });
        cache.put(1, "one");
        assertEquals(List.of(0L, 0L), times);
        assertTrue(cache.map().get(1) instanceof Node.Plain);
        StandardCache<Integer, String> timed = cache(config().expireAfterAccess(Duration.ofMinutes(1)));
        timed.put(1, "one");
        assertTrue(timed.map().get(1) instanceof Node.Timed);
        ticker.advance(SECOND);
        timed.getIfPresent(1);
        assertEquals(ticker.getAsLong(), timed.map().get(1).accessTime());
        assertEquals(ticker.getAsLong() - SECOND, timed.map().get(1).writeTime());
    }

    /**
     * The node is the entry's only object besides the map's: seven 4-byte fields, and when timed two
     * timestamps, the deadline and the timer wheel's two links.
     */
    @Test
    void nodes_hold_no_field_beyond_the_entry_and_the_strategy_slots() {
        assertEquals(List.of("key", "value", "weight", "previous", "next", "mark", "state"), instanceFields(Node.class));
        assertEquals(List.of(), instanceFields(Node.Plain.class));
        assertEquals(List.of("writeTime", "accessTime", "deadline", "previousTimer", "nextTimer"),
                instanceFields(Node.Timed.class));
        assertEquals(List.of(long.class, long.class, long.class, TimerWheel.Timer.class, TimerWheel.Timer.class),
                Arrays.stream(Node.Timed.class.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                        .map(Field::getType).toList());
    }

    private static List<String> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(Field::getName).toList();
    }

    // ---- the map view --------------------------------------------------------------------------

    @Test
    void compute_if_absent_runs_its_function_once_under_concurrency() throws Exception {
        StandardCache<Integer, String> cache = cache(config().maximumSize(100));
        AtomicInteger calls = new AtomicInteger();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(threads.submit(() -> cache.asMap().computeIfAbsent(5, k -> {
                    calls.incrementAndGet();
                    return "five";
                })));
            }
            for (Future<String> result : results) {
                assertEquals("five", result.get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(1, calls.get());
    }

    @Test
    void compute_and_merge_are_atomic_with_the_caches_own_writes() throws Exception {
        StandardCache<Integer, String> cache = cache(config().maximumSize(100));
        ConcurrentMap<Integer, String> map = cache.asMap();
        int threads = 8;
        int rounds = 500;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        if (id % 2 == 0) {
                            map.compute(1, (k, v) -> v == null ? "x" : v + "x");
                        } else {
                            map.merge(1, "x", String::concat);
                        }
                        cache.put(2, "other" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(threads * rounds, map.get(1).length());
        assertEquals(threads * rounds - 1, notes.keys(RemovalCause.REPLACED).stream().filter(k -> k == 1).count());
    }

    @Test
    void a_function_that_changes_its_own_key_fails_and_a_throwing_one_changes_nothing() {
        StandardCache<Integer, String> cache = cache(config().maximumSize(10));
        cache.put(1, "one");
        assertThrows(ConcurrentModificationException.class, () -> cache.asMap().compute(1, (k, v) -> {
            cache.remove(1); // refused, as every write from a mapping function is (CacheContract)
            return "again";
        }));
        assertEquals("one", cache.asMap().get(1), "neither the function's removal nor its result is applied");
        cache.remove(1);
        cache.put(1, "one");
        IllegalStateException boom = new IllegalStateException("function fails");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> cache.asMap().computeIfPresent(1, (k, v) -> {
            throw boom;
        })));
        assertEquals("one", cache.getIfPresent(1));
        assertEquals(Map.of(1, "one"), Map.copyOf(cache.asMap()));
        assertEquals(List.of(new Note<>(1, "one", RemovalCause.EXPLICIT, Thread.currentThread())), notes.all());
    }

    @Test
    void the_views_entries_write_through_and_expired_entries_are_absent_everywhere() {
        StandardCache<Integer, String> cache = cache(config().expireAfterWrite(Duration.ofSeconds(10)));
        ConcurrentMap<Integer, String> map = cache.asMap();
        map.put(1, "one");
        ticker.advance(5 * SECOND);
        map.put(2, "two");
        for (Map.Entry<Integer, String> e : map.entrySet()) {
            if (e.getKey() == 2) {
                assertEquals("two", e.setValue("deux"));
            }
        }
        assertEquals("deux", cache.getIfPresent(2));
        ticker.advance(6 * SECOND);
        assertEquals(2, cache.size(), "the expired entry is still held");
        assertEquals(1, map.size());
        assertEquals(Set.of(2), map.keySet());
        assertFalse(map.containsValue("one"));
        assertFalse(map.entrySet().contains(Map.entry(1, "one")));
        assertNull(map.putIfAbsent(1, "uno"), "an expired entry counts as absent");
        assertEquals(List.of(new Note<>(2, "two", RemovalCause.REPLACED, Thread.currentThread()),
                new Note<>(1, "one", RemovalCause.EXPIRED, Thread.currentThread())), notes.all());
        assertEquals(1, cache.stats().requestCount(), "only getIfPresent counted");
    }

    // ---- loading -------------------------------------------------------------------------------

    @Test
    void get_async_fails_with_what_the_loader_threw_and_counts_one_request() throws Exception {
        StandardCache<Integer, String> cache = cache(config());
        IllegalStateException boom = new IllegalStateException("loader fails");
        CompletableFuture<String> failed = cache.getAsync(1, k -> {
            throw boom;
        });
        assertSame(boom, assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failed.get(10, TimeUnit.SECONDS)).getCause());
        assertSame(boom, failed.exceptionNow());
        assertEquals("v2", cache.getAsync(2, k -> "v" + k).get(10, TimeUnit.SECONDS));
        assertEquals("v2", cache.getAsync(2, k -> "again").getNow(null));
        assertEquals(3, cache.stats().requestCount());
        assertEquals(1, cache.stats().hitCount());
        assertEquals(1, cache.stats().loadFailureCount());
        assertEquals(1, cache.stats().loadSuccessCount());
    }

    @Test
    void a_loaded_value_evicted_at_once_is_still_returned() {
        StandardCache<Integer, String> cache = cache(config().maximumSize(0));
        assertEquals("v1", cache.get(1, k -> "v" + k));
        assertEquals(List.of(1), notes.keys(RemovalCause.SIZE));
        assertEquals(0, cache.size());
    }

    // ---- closing -------------------------------------------------------------------------------

    @Test
    void close_cancels_the_sweep_drops_entries_silently_and_refuses_every_use() {
        CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(new Lru<>());
        StandardCache<Integer, String> cache = cache(config().expireAfterAccess(Duration.ofMinutes(1)), strategy);
        ConcurrentMap<Integer, String> map = cache.asMap();
        cache.put(1, "one");
        cache.close();
        cache.close();
        assertEquals(0, context.scheduler.getQueue().size(), "the background expiry is cancelled");
        assertEquals(List.of(), notes.all());
        assertEquals(0, strategy.removes(), "closing tells the strategy nothing either");
        assertTrue(cache.toString().contains("closed"), cache::toString);
        assertEquals("test", cache.stats().name());
        for (Runnable use : List.<Runnable>of(() -> cache.getIfPresent(1), () -> cache.put(2, "two"),
                () -> cache.getAsync(1, k -> "x"), cache::asMap, map::size, () -> map.get(1),
                () -> map.compute(1, (k, v) -> "x"), () -> map.entrySet().iterator(), cache::cleanUp)) {
            CacheException e = assertThrows(CacheException.class, use::run);
            assertEquals(CacheException.Kind.CLOSED, e.kind());
            assertTrue(e.getMessage().contains("'test'"), e::getMessage);
        }
        assertEquals(List.of(EventKind.CACHE_OPENED, EventKind.CACHE_CLOSED), events.kinds());
        MonitorEvent opened = events.events().getFirst();
        assertEquals(Map.of("maximumWeight", Long.MAX_VALUE, "policy", "lru", "backend", "standard"), opened.attributes());
    }
}
