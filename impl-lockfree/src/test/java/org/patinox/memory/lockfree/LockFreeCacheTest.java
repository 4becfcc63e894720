package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.CacheException;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.tck.CheckingStrategy;
import org.patinox.memory.tck.FakeTicker;
import org.patinox.memory.tck.RecordingListener;
import org.patinox.memory.tck.RecordingMonitor;

/** The lock-free cache's own design: buffer replay, state words, the write buffer's bound, callbacks, close. */
@Timeout(60)
final class LockFreeCacheTest {

    private final CacheTesting.Context context = new CacheTesting.Context();
    private final RecordingListener<Integer, String> listener = new RecordingListener<>();
    private final RecordingMonitor monitor = new RecordingMonitor();
    private final FakeTicker ticker = new FakeTicker();
    private final List<LockFreeCache<?, ?>> caches = new ArrayList<>();

    @AfterEach
    void close() {
        caches.forEach(LockFreeCache::close);
        context.close();
    }

    private CacheConfig.Builder<Integer, String> config() {
        return CacheConfig.<Integer, String>builder().removalListener(listener).ticker(ticker);
    }

    private LockFreeCache<Integer, String> cache(CacheConfig.Builder<Integer, String> config,
                                                 org.patinox.memory.spi.EvictionStrategy<Integer, String> strategy,
                                                 int writeCapacity) {
        LockFreeCache<Integer, String> cache = CacheTesting.cache(config, strategy, context, monitor,
                ReadBuffer.defaultStripes(), writeCapacity);
        caches.add(cache);
        return cache;
    }

    private LockFreeCache<Integer, String> cache(CacheConfig.Builder<Integer, String> config,
                                                 org.patinox.memory.spi.EvictionStrategy<Integer, String> strategy) {
        return cache(config, strategy, WriteBuffer.defaultCapacity());
    }

    private List<String> removals(RemovalCause cause) {
        return listener.removals(cause).stream().map(r -> r.key() + "=" + r.value()).toList();
    }

    // ---------------------------------------------------------------- one thread: exact order

    @Test
    void one_thread_drives_the_strategy_in_the_order_of_its_operations() {
        CacheTesting.Recording<Integer, String> strategy = new CacheTesting.Recording<>();
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(3), strategy);
        cache.put(1, "a");
        cache.put(2, "b");
        cache.getIfPresent(1);
        cache.put(3, "c");
        cache.getIfPresent(2);
        cache.getIfPresent(2);
        cache.put(1, "a2");
        cache.put(4, "d");
        assertEquals(List.of("admit 1", "insert 1/1", "admit 2", "insert 2/1", "access 1", "admit 3", "insert 3/1",
                "access 2", "access 2", "update 1/1->1", "admit 4", "insert 4/1", "victim 3", "remove 3"),
                strategy.calls(), "applied as each write returned, the reads before it first");
        assertEquals(List.of("3=c"), removals(RemovalCause.SIZE));
        assertEquals(List.of("1=a"), removals(RemovalCause.REPLACED));
    }

    @Test
    void one_thread_drops_no_read_when_its_drains_run_at_once() {
        CacheTesting.Context direct = new CacheTesting.Context(true);
        try {
            CacheTesting.Recording<Integer, String> strategy = new CacheTesting.Recording<>();
            LockFreeCache<Integer, String> cache = CacheTesting.cache(config().maximumSize(100), strategy, direct,
                    monitor, ReadBuffer.defaultStripes(), WriteBuffer.defaultCapacity());
            caches.add(cache);
            for (int i = 0; i < 10; i++) {
                cache.put(i, "v" + i);
            }
            int reads = ReadBuffer.RING * 100;
            for (int i = 0; i < reads; i++) {
                assertEquals("v" + i % 10, cache.getIfPresent(i % 10));
            }
            List<String> accesses = strategy.calls("access");
            assertEquals(reads, accesses.size(), "replayed at every full stripe, without cleanUp()");
            for (int i = 0; i < reads; i++) {
                assertEquals("access " + i % 10, accesses.get(i), "replayed in the order read");
            }
            assertEquals(reads, cache.stats().hitCount());
        } finally {
            direct.close();
        }
    }

    @Test
    void reads_alone_are_replayed_in_the_background_in_order_and_every_one_counts() throws InterruptedException {
        CacheTesting.Recording<Integer, String> strategy = new CacheTesting.Recording<>();
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(100), strategy);
        for (int i = 0; i < 10; i++) {
            cache.put(i, "v" + i);
        }
        int reads = ReadBuffer.RING * 50;
        // Twice, the second time long after the first drain has stopped lingering, so that it is queued again.
        for (int round = 1; round <= 2; round++) {
            for (int i = 0; i < reads; i++) {
                assertEquals("v" + i % 10, cache.getIfPresent(i % 10));
            }
            int expected = ReadBuffer.RING * round;
            awaitAccesses(strategy, expected);
            List<String> accesses = strategy.calls("access");
            assertTrue(accesses.size() >= expected, () -> "no write and no cleanUp(), yet replayed: " + accesses.size());
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Drain.LINGER) * 5);
        }
        // A sample when the drain falls behind, but one thread's sample keeps its order.
        List<String> accesses = strategy.calls("access");
        int at = 0;
        for (String access : accesses) {
            int key = Integer.parseInt(access.substring("access ".length()));
            while (at < 2 * reads && at % 10 != key) {
                at++;
            }
            assertTrue(at < 2 * reads, () -> "replayed out of the order read: " + accesses);
            at++;
        }
        assertEquals(2 * reads, cache.stats().hitCount(), "dropped reads count as hits too");
    }

    private static void awaitAccesses(CacheTesting.Recording<Integer, String> strategy, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (strategy.calls("access").size() < count && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void one_thread_evicts_exactly_as_an_lru_oracle() {
        int maximum = 64;
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(maximum), new CacheTesting.Lru<>());
        LinkedHashMap<Integer, String> oracle = new LinkedHashMap<>(16, 0.75f, true);
        List<Integer> oracleEvictions = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        long hits = 0;
        for (int i = 0; i < 50_000; i++) {
            int key = (int) Math.abs(random.nextGaussian() * 60) % 400;
            if (random.nextInt(50) == 0) {
                cache.remove(key);
                oracle.remove(key);
                continue;
            }
            String value = cache.getIfPresent(key);
            String expected = oracle.get(key);
            assertEquals(expected, value, "lookup " + i);
            if (value != null) {
                hits++;
                continue;
            }
            cache.put(key, "v" + i);
            oracle.put(key, "v" + i);
            if (oracle.size() > maximum) {
                Iterator<Integer> eldest = oracle.keySet().iterator();
                oracleEvictions.add(eldest.next());
                eldest.remove();
            }
        }
        List<Integer> evicted = listener.removals(RemovalCause.SIZE).stream().map(RecordingListener.Removal::key)
                .toList();
        assertEquals(oracleEvictions, evicted);
        assertTrue(evicted.size() > 1000, "the bound was reached often");
        assertEquals(hits, cache.stats().hitCount());
        assertEquals(oracle.keySet(), cache.asMap().keySet());
    }

    @Test
    void reads_through_the_map_view_count_for_the_policy_but_not_in_the_stats() {
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(2), new CacheTesting.Lru<>());
        cache.put(1, "a");
        cache.put(2, "b");
        assertEquals("a", cache.asMap().get(1));
        cache.put(3, "c");
        assertEquals(List.of("2=b"), removals(RemovalCause.SIZE));
        assertEquals(0, cache.stats().requestCount());
    }

    // ---------------------------------------------------------------- buffered writes and reads

    @Test
    void buffered_writes_mean_what_the_state_word_says_when_applied() throws InterruptedException {
        CacheTesting.Recording<Integer, String> strategy = new CacheTesting.Recording<>();
        LockFreeCache<Integer, String> cache = cache(config().maximumWeight(100).weigher((k, v) -> v.length()),
                strategy);
        CacheTesting.LockHolder held = new CacheTesting.LockHolder(cache);
        try {
            cache.put(1, "aa");
            cache.put(2, "b");
            cache.put(1, "ccccc");
            cache.remove(2);
            cache.put(3, "ddd");
            assertEquals(5, cache.writesOutstanding(), "every write is buffered while the lock is held");
            assertEquals(List.of(), strategy.calls());
            assertEquals(2, cache.size(), "the map changed at once");
        } finally {
            held.release();
        }
        cache.cleanUp();
        assertEquals(List.of("admit 1", "insert 1/5", "update 1/5->5", "admit 3", "insert 3/3"), strategy.calls(),
                "1 inserted with its latest weight, then its update; 2 inserted and removed, so neither");
        assertEquals(8, cache.weightedSize());
        assertEquals(0, cache.writesOutstanding());
        assertEquals(List.of("1=aa"), removals(RemovalCause.REPLACED));
        assertEquals(List.of("2=b"), removals(RemovalCause.EXPLICIT));
    }

    @Test
    void an_insert_and_a_remove_pending_together_reach_the_strategy_as_neither() throws InterruptedException {
        CacheTesting.Recording<Integer, String> recording = new CacheTesting.Recording<>();
        CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(recording);
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(10), strategy);
        CacheTesting.LockHolder held = new CacheTesting.LockHolder(cache);
        try {
            cache.put(5, "five");
            assertEquals("five", cache.getIfPresent(5), "readable at once");
            assertEquals("five", cache.remove(5));
            assertEquals(2, cache.writesOutstanding());
        } finally {
            held.release();
        }
        cache.cleanUp();
        assertEquals(List.of(), recording.calls(), "no admit, insert, access or remove of key 5");
        assertEquals(List.of(), strategy.breaches());
        assertEquals(List.of("5=five"), removals(RemovalCause.EXPLICIT));
        assertEquals(0, cache.size());
        assertEquals(0, cache.weightedSize());
    }

    @Test
    void an_update_and_a_remove_pending_together_remove_the_entry_once() throws InterruptedException {
        CacheTesting.Recording<Integer, String> recording = new CacheTesting.Recording<>();
        CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(recording);
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(10), strategy);
        cache.put(6, "six");
        recording.forget();
        CacheTesting.LockHolder held = new CacheTesting.LockHolder(cache);
        try {
            cache.put(6, "sechs");
            cache.remove(6);
        } finally {
            held.release();
        }
        cache.cleanUp();
        assertEquals(List.of("remove 6"), recording.calls(), "the update was moot by the time it was applied");
        assertEquals(List.of(), strategy.breaches());
        assertEquals(1, strategy.inserts());
        assertEquals(1, strategy.removes());
        assertEquals(0, cache.weightedSize());
    }

    @Test
    void reads_buffered_before_a_removal_never_reach_the_strategy_after_it() throws InterruptedException {
        CacheTesting.Recording<Integer, String> recording = new CacheTesting.Recording<>();
        CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(recording);
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(10), strategy);
        cache.put(1, "one");
        cache.put(2, "two");
        recording.forget();
        CacheTesting.LockHolder held = new CacheTesting.LockHolder(cache);
        try {
            for (int i = 0; i < ReadBuffer.RING * 2; i++) {
                cache.getIfPresent(i % 2 + 1); // the stripe fills: the later reads are dropped
            }
            cache.remove(1);
        } finally {
            held.release();
        }
        cache.cleanUp();
        List<String> calls = recording.calls();
        assertFalse(calls.contains("access 1"), () -> "a read of the removed entry was replayed: " + calls);
        assertTrue(calls.contains("remove 1"));
        assertEquals(ReadBuffer.RING / 2, recording.calls("access").size(), () -> "the reads of 2 kept: " + calls);
        assertEquals(List.of(), strategy.breaches());
        assertEquals(ReadBuffer.RING * 2, cache.stats().hitCount(), "dropped reads still count as hits");
    }

    @Test
    void a_write_that_finds_the_buffer_full_waits_for_the_lock_and_then_writes_as_its_holder() throws Exception {
        int capacity = 4;
        int maximum = 2;
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(maximum), new CacheTesting.Lru<>(), capacity);
        Thread writer;
        CacheTesting.LockHolder held = new CacheTesting.LockHolder(cache);
        try {
            for (int i = 0; i < capacity - 1; i++) {
                cache.put(i, "v" + i);
            }
            assertEquals(capacity - 1, cache.writesOutstanding(), "the last slot is the lock holder's");
            writer = Thread.ofPlatform().start(() -> cache.put(100, "last"));
            awaitState(writer, Thread.State.WAITING);
            assertEquals(capacity - 1, cache.size());
            assertTrue(cache.size() <= maximum + capacity);
        } finally {
            held.release();
        }
        writer.join();
        assertEquals("last", cache.getIfPresent(100));
        assertEquals(maximum, cache.size(), "the writer, as holder, applied everything and evicted");
        assertEquals(capacity - 1 + 1 - maximum, listener.removals(RemovalCause.SIZE).size());
        assertEquals(0, cache.writesOutstanding());
    }

    @Test
    void a_users_function_runs_once_even_when_the_buffer_is_full() throws Exception {
        int capacity = 4;
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(10), new CacheTesting.Lru<>(), capacity);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        AtomicReference<String> result = new AtomicReference<>();
        Thread writer;
        CacheTesting.LockHolder held = new CacheTesting.LockHolder(cache);
        try {
            for (int i = 0; i < capacity - 1; i++) {
                cache.put(i, "v" + i);
            }
            writer = Thread.ofPlatform().start(() -> result.set(cache.asMap().compute(50, (k, v) -> {
                calls.incrementAndGet();
                return "computed";
            })));
            awaitState(writer, Thread.State.WAITING);
            assertEquals(0, calls.get(), "a full buffer is found before the function runs");
        } finally {
            held.release();
        }
        writer.join();
        assertEquals(1, calls.get());
        assertEquals("computed", result.get());
        assertEquals("computed", cache.getIfPresent(50));
        cache.cleanUp();
        assertEquals(capacity, cache.size());
        assertEquals(capacity, cache.weightedSize());
    }

    // ---------------------------------------------------------------- timestamps

    /** An LRU that keeps the last entry it was told to insert. */
    private static final class Capturing extends CacheTesting.Lru<Integer, String> {
        CacheEntry<Integer, String> last;

        @Override
        public void onInsert(CacheEntry<Integer, String> entry) {
            last = entry;
            super.onInsert(entry);
        }
    }

    @Test
    void entries_keep_weights_only_with_a_weigher_and_timestamps_only_when_the_cache_uses_time() {
        Capturing weighedStrategy = new Capturing();
        cache(config().maximumWeight(10).weigher((k, v) -> v.length()), weighedStrategy).put(1, "one");
        assertInstanceOf(Node.Weighed.class, weighedStrategy.last);
        assertEquals(3, weighedStrategy.last.weight());
        Capturing bothStrategy = new Capturing();
        cache(config().maximumWeight(10).weigher((k, v) -> v.length()).expireAfterWrite(Duration.ofMinutes(1)),
                bothStrategy).put(1, "four");
        assertInstanceOf(Node.TimedWeighed.class, bothStrategy.last);
        assertEquals(4, bothStrategy.last.weight());
        assertEquals(ticker.getAsLong(), bothStrategy.last.writeTime());

        Capturing plainStrategy = new Capturing();
        LockFreeCache<Integer, String> plain = cache(config(), plainStrategy);
        plain.put(1, "one");
        assertInstanceOf(Node.Unit.class, plainStrategy.last);
        assertEquals(1, plainStrategy.last.weight());
        assertEquals(0, plainStrategy.last.writeTime());
        assertEquals(0, plainStrategy.last.accessTime());

        Capturing timedStrategy = new Capturing();
        LockFreeCache<Integer, String> timed = cache(config().expireAfterAccess(Duration.ofMinutes(1)), timedStrategy);
        long start = ticker.getAsLong();
        timed.put(1, "one");
        CacheEntry<Integer, String> entry = timedStrategy.last;
        assertInstanceOf(Node.TimedUnit.class, entry);
        assertEquals(start, entry.writeTime());
        ticker.advance(Duration.ofSeconds(5));
        timed.getIfPresent(1);
        assertEquals(start, entry.writeTime());
        assertEquals(start + Duration.ofSeconds(5).toNanos(), entry.accessTime());
        ticker.advance(Duration.ofSeconds(5));
        timed.put(1, "uno");
        assertEquals(start + Duration.ofSeconds(10).toNanos(), entry.writeTime());
    }

    @Test
    void a_strategy_that_uses_time_condemns_entries_on_replayed_reads_and_in_sweeps() {
        CacheTesting.Lru<Integer, String> condemning = new CacheTesting.Lru<>() {
            @Override
            public boolean usesTime() {
                return true;
            }

            @Override
            public boolean shouldEvict(CacheEntry<Integer, String> entry, long now) {
                return entry.value().startsWith("doomed");
            }
        };
        LockFreeCache<Integer, String> cache = cache(config(), condemning);
        cache.put(1, "doomed-1");
        cache.put(2, "fine");
        cache.put(3, "doomed-3");
        assertEquals("doomed-1", cache.getIfPresent(1), "a strategy's verdict is not asked on the read path");
        cache.cleanUp();
        assertEquals(Map.of(2, "fine"), Map.copyOf(cache.asMap()));
        assertEquals(List.of("1=doomed-1", "3=doomed-3"), removals(RemovalCause.EXPIRED).stream().sorted().toList());
        assertEquals(2, cache.stats().expirationCount());
    }

    // ---------------------------------------------------------------- callbacks

    /** A strategy that throws from one of its calls, always. */
    private static final class Throwing extends CacheTesting.Lru<Integer, String> {
        private final String call;

        Throwing(String call) {
            this.call = call;
        }

        private void maybeThrow(String here) {
            if (here.equals(call)) {
                throw new IllegalStateException("strategy fails in " + here);
            }
        }

        @Override
        public boolean admit(CacheEntry<Integer, String> candidate) {
            maybeThrow("admit");
            return true;
        }

        @Override
        public void onInsert(CacheEntry<Integer, String> entry) {
            super.onInsert(entry);
            maybeThrow("onInsert");
        }

        @Override
        public void onAccess(CacheEntry<Integer, String> entry) {
            super.onAccess(entry);
            maybeThrow("onAccess");
        }

        @Override
        public void onUpdate(CacheEntry<Integer, String> entry, int previousWeight) {
            super.onUpdate(entry, previousWeight);
            maybeThrow("onUpdate");
        }

        @Override
        public void onRemove(CacheEntry<Integer, String> entry) {
            super.onRemove(entry);
            maybeThrow("onRemove");
        }

        @Override
        public CacheEntry<Integer, String> victim() {
            maybeThrow("victim");
            return super.victim();
        }

        @Override
        public boolean usesTime() {
            return true;
        }

        @Override
        public boolean shouldEvict(CacheEntry<Integer, String> entry, long now) {
            maybeThrow("shouldEvict");
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"admit", "onInsert", "onAccess", "onUpdate", "onRemove", "victim", "shouldEvict"})
    void a_strategy_that_throws_is_reported_and_the_cache_goes_on(String call) {
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(4), new Throwing(call));
        for (int i = 0; i < 30; i++) {
            int key = i % 6;
            cache.put(key, "v" + i);
            cache.put(key, "w" + i);
            cache.getIfPresent((i * 5) % 6);
            if (i % 7 == 0) {
                cache.remove(key);
            }
        }
        cache.cleanUp();
        assertTrue(cache.size() <= 4, () -> "size " + cache.size());
        assertEquals(cache.size(), cache.asMap().size());
        List<MonitorEvent> failures = monitor.events().stream()
                .filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED).toList();
        assertFalse(failures.isEmpty(), () -> "no failure reported for " + call + ": " + monitor.kinds());
        for (MonitorEvent failure : failures) {
            assertEquals("strategy", failure.attributes().get("callback"));
            assertEquals(call, failure.attributes().get("call"));
            assertEquals("strategy fails in " + call, failure.error().orElseThrow().getMessage());
        }
    }

    @Test
    void the_listener_runs_after_the_lock_is_released_on_the_thread_that_removed() {
        List<String> breaches = new ArrayList<>();
        AtomicReference<LockFreeCache<Integer, String>> self = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        LockFreeCache<Integer, String> cache = cache(CacheConfig.<Integer, String>builder().maximumSize(2)
                .removalListener((k, v, cause) -> {
                    if (self.get().evictionLock().isHeldByCurrentThread()) {
                        breaches.add("listener called under the lock for " + k);
                    }
                    threads.add(Thread.currentThread());
                    if (k < 100) {
                        self.get().put(100 + k, "from the listener"); // re-entering the cache is allowed
                    }
                }), new CacheTesting.Lru<>());
        self.set(cache);
        for (int i = 0; i < 10; i++) {
            cache.put(i, "v" + i);
        }
        cache.remove(cache.asMap().keySet().iterator().next());
        assertEquals(List.of(), breaches);
        assertFalse(threads.isEmpty());
        assertTrue(threads.stream().allMatch(t -> t == Thread.currentThread()));
    }

    @Test
    void background_expiry_is_reported_on_a_virtual_thread_and_clean_up_waits_for_it() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        AtomicReference<Thread> deliveredOn = new AtomicReference<>();
        LockFreeCache<Integer, String> cache = cache(CacheConfig.<Integer, String>builder().ticker(ticker)
                .expireAfterWrite(Duration.ofMillis(20)).removalListener((k, v, cause) -> {
                    deliveredOn.set(Thread.currentThread());
                    inListener.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }), new CacheTesting.Lru<>());
        cache.put(1, "one");
        ticker.advance(Duration.ofMinutes(1));
        assertTrue(inListener.await(10, TimeUnit.SECONDS), "the periodic task expired the entry");
        assertTrue(deliveredOn.get().isVirtual(), () -> "delivered on " + deliveredOn.get());
        assertFalse(deliveredOn.get().getName().equals("test-scheduler"), "the scheduler only hands the run on");
        // The listener blocks its virtual thread, not the scheduler: a task due on it now runs at once.
        assertTrue(context.scheduler.schedule(() -> true, 0, TimeUnit.NANOSECONDS).get(10, TimeUnit.SECONDS),
                "the scheduler is free while the listener blocks");
        AtomicBoolean sawRelease = new AtomicBoolean();
        Thread cleaner = Thread.ofPlatform().start(() -> {
            cache.cleanUp();
            sawRelease.set(released.get());
        });
        awaitState(cleaner, Thread.State.TIMED_WAITING);
        released.set(true);
        release.countDown();
        cleaner.join();
        assertTrue(sawRelease.get(), "cleanUp() returned while the background notification was still running");
        assertEquals(0, cache.size());
    }

    /**
     * A periodic run whose listener blocks is not joined by another: the scheduler goes on timing
     * it (its periods pass) but hands no second run to a virtual thread until the first ends.
     */
    @Test
    void a_periodic_run_blocked_in_its_listener_is_not_joined_by_another_and_the_next_follows_it()
            throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        LockFreeCache<Integer, String> cache = cache(CacheConfig.<Integer, String>builder().ticker(ticker)
                .expireAfterWrite(Duration.ofMillis(20)).removalListener((k, v, cause) -> {
                    inListener.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }), new CacheTesting.Lru<>() {
                    @Override
                    public boolean usesTime() {
                        return true; // asked of every live entry by every periodic sweep
                    }

                    @Override
                    public boolean shouldEvict(CacheEntry<Integer, String> entry, long now) {
                        asked.incrementAndGet();
                        return false;
                    }
                });
        cache.put(1, "expires");
        ticker.advance(Duration.ofMillis(15));
        cache.put(2, "stays");
        ticker.advance(Duration.ofMillis(10)); // 1 is expired, 2 is not
        try {
            assertTrue(inListener.await(10, TimeUnit.SECONDS), "a periodic run removed the expired entry");
            int before = asked.get();
            Thread.sleep(20 * TimeUnit.NANOSECONDS.toMillis(cache.period())); // twenty periods
            assertEquals(before, asked.get(), "another periodic run swept while the first was blocked");
        } finally {
            release.countDown();
        }
        int after = asked.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (asked.get() == after && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(asked.get() > after, "the periodic runs go on once the listener returns");
        assertEquals(Set.of(2), cache.asMap().keySet());
    }

    /**
     * A mapping function of {@code asMap()} (as an expiry or a weigher) runs inside the map's
     * compute of its key, holding that key's bin (0, 16, 32 and 48 share the first of a new map's
     * 16 bins; 1 and 17 the second). A write from it is refused before it reaches the map, whatever
     * its key ({@code CacheContract} checks every key), so the map never refuses it in turn: the
     * refused node's weight once stayed counted for ever, after the entries were gone, so that the
     * bound shrank.
     */
    @Test
    void a_map_function_writing_a_key_of_its_own_bin_is_refused_and_leaves_no_weight_behind() {
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(100), new CacheTesting.Lru<>());
        cache.put(0, "zero");
        java.util.ConcurrentModificationException outer = assertThrows(java.util.ConcurrentModificationException.class,
                () -> cache.asMap().compute(16, (k, v) -> {
                    cache.put(32, "from the function");
                    return "sixteen";
                }));
        assertTrue(outer.getMessage().contains("key 32 was written from a mapping function of asMap()"),
                outer.getMessage());
        java.util.ConcurrentModificationException inner = assertThrows(java.util.ConcurrentModificationException.class,
                () -> cache.asMap().computeIfAbsent(1, k -> {
                    cache.put(17, "from the function");
                    return "one";
                }));
        assertTrue(inner.getMessage().contains("key 17 was written from a mapping function of asMap()"),
                inner.getMessage());
        cache.cleanUp();
        assertEquals(Map.of(0, "zero"), Map.copyOf(cache.asMap()));
        assertEquals(1, cache.weightedSize());
        cache.invalidateAll();
        cache.cleanUp();
        assertEquals(0, cache.size());
        assertEquals(0, cache.weightedSize(), "no weight is left of a node the map never held");
    }

    // ---------------------------------------------------------------- close

    @Test
    void close_waits_for_the_maintainer_drops_what_is_buffered_and_cancels_the_periodic_task() throws Exception {
        LockFreeCache<Integer, String> cache = cache(config().maximumSize(2).expireAfterWrite(Duration.ofMinutes(1)),
                new CacheTesting.Lru<>());
        assertEquals(0, context.scheduler.getQueue().size(), "no background run while nothing can expire");
        cache.put(100, "expires in a minute");
        cache.cleanUp();
        assertEquals(1, context.scheduler.getQueue().size(), "the timer wheel's next background run");
        Thread closer;
        CacheTesting.LockHolder held = new CacheTesting.LockHolder(cache);
        try {
            for (int i = 0; i < 5; i++) {
                cache.put(i, "v" + i);
            }
            closer = Thread.ofPlatform().start(cache::close);
            awaitState(closer, Thread.State.WAITING);
            assertTrue(cache.isClosed(), "closed at once, dropped once the maintainer is done");
            CacheException e = assertThrows(CacheException.class, () -> cache.put(9, "late"));
            assertEquals(CacheException.Kind.CLOSED, e.kind());
        } finally {
            held.release();
        }
        closer.join();
        assertEquals(List.of(), listener.removals(), "nothing is evicted or reported after close");
        assertEquals(0, context.scheduler.getQueue().size(), "the periodic task is cancelled");
        cache.close();
        assertThrows(CacheException.class, cache::size);
        assertEquals(0, cache.stats().evictionCount());
        assertTrue(monitor.kinds().contains(EventKind.CACHE_CLOSED));
    }

    @Test
    void a_cache_is_named_in_its_events_and_string() {
        LockFreeCache<Integer, String> cache = cache(config().name("customers").maximumSize(7), new CacheTesting.Lru<>());
        MonitorEvent opened = monitor.events().getFirst();
        assertEquals(EventKind.CACHE_OPENED, opened.kind());
        assertEquals("customers", opened.source());
        assertEquals(7L, opened.attributes().get("maximumWeight"));
        assertEquals("lockfree", opened.attributes().get("backend"));
        assertEquals(WriteBuffer.defaultCapacity(), opened.attributes().get("writeBufferCapacity"));
        cache.put(1, "one");
        assertEquals("LockFreeCache[customers, backend lockfree, policy lru, size 1]", cache.toString());
        assertNull(cache.getIfPresent(2));
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != state && thread.getState() != Thread.State.TERMINATED) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(thread + " never reached " + state + ": " + thread.getState());
            }
            Thread.sleep(1);
        }
    }
}
