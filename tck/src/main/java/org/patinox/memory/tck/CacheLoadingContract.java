package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.CacheException;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheLoader;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;

/**
 * The contract of a loading cache, as every implementation and backend must keep it: {@link
 * Cache#get(Object)} through the configured {@link CacheLoader} (once per key, failures,
 * recursion), {@link Cache#getAll} (one bulk load of the absent keys, extra entries, order,
 * counts), and refreshes ({@link CacheConfig#refreshAfterWrite()} and {@link Cache#refresh}): the
 * old value served while one reload per key runs on a virtual thread, its result dropped when the
 * entry changed meanwhile, its failure keeping the value, counted and reported. A stress test checks
 * that, under many threads reading, refreshing, writing and removing, no value older than a
 * thread's last put of a key is served to it afterwards, and that every load is counted.
 *
 * <p>Each test runs in a fresh {@link MemoryUtilities} on {@link #providerName()}, closed after it.
 */
@Timeout(60)
public abstract class CacheLoadingContract extends CacheFixture {

    /** The refresh of the caches made by {@link #refreshing}. */
    protected static final Duration REFRESH = Duration.ofMinutes(1);

    /** @return a cache of the configuration with the loader */
    protected Cache<Integer, String> cache(CacheLoader<Integer, String> loader) {
        return memory.cache(config().loader(loader).build());
    }

    /** @return a cache of the loader, refreshed {@link #REFRESH} after write */
    protected Cache<Integer, String> refreshing(CacheLoader<Integer, String> loader) {
        return memory.cache(config().loader(loader).refreshAfterWrite(REFRESH).build());
    }

    // ---- get(key) ------------------------------------------------------------------------------

    @Test
    void get_loads_through_the_configured_loader_once_and_then_hits() {
        AtomicInteger loads = new AtomicInteger();
        Cache<Integer, String> cache = cache(k -> {
            loads.incrementAndGet();
            return "v" + k;
        });
        assertEquals("v1", cache.get(1));
        assertEquals("v1", cache.get(1));
        assertEquals("v1", cache.getIfPresent(1));
        assertEquals(1, loads.get());
        CacheStats stats = cache.stats();
        assertEquals(2, stats.hitCount());
        assertEquals(1, stats.missCount());
        assertEquals(1, stats.loadSuccessCount());
        assertEquals(0, stats.loadFailureCount());
    }

    @Test
    void without_a_loader_get_get_all_and_refresh_are_refused_naming_the_setting() {
        Cache<Integer, String> cache = memory.cache(config().build());
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> cache.get(1), () -> cache.getAll(List.of(1, 2)), () -> cache.refresh(1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains(CacheConfig.LOADER), e.getMessage());
            assertTrue(e.getMessage().contains(cache.name()), e.getMessage());
        }
        assertEquals(0, cache.size());
        assertEquals("v", cache.get(1, k -> "v"), "get(key, loader) needs no configured loader");
    }

    @Test
    void nulls_are_refused() {
        Cache<Integer, String> cache = cache(k -> "v");
        assertThrows(NullPointerException.class, () -> cache.get(null));
        assertThrows(NullPointerException.class, () -> cache.getAll(null));
        assertThrows(NullPointerException.class, () -> cache.getAll(java.util.Arrays.asList(1, null)));
        assertThrows(NullPointerException.class, () -> cache.getAll(List.of(1), null));
        assertThrows(NullPointerException.class, () -> cache.refresh(null));
    }

    @Test
    void get_all_refuses_a_null_key_before_it_reads_any_key_counts_nothing_and_starts_no_refresh()
            throws Exception {
        AtomicInteger loads = new AtomicInteger();
        Cache<Integer, String> cache = refreshing(new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                loads.incrementAndGet();
                return "v" + key;
            }
        });
        cache.put(1, "one");
        ticker.advance(REFRESH);
        CacheStats before = cache.stats();
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> cache.getAll(java.util.Arrays.asList(1, 2, null)),
                () -> cache.getAll(java.util.Arrays.asList(1, 2, null), keys -> Map.of()))) {
            NullPointerException e = assertThrows(NullPointerException.class, call);
            assertEquals("key", e.getMessage());
        }
        Thread.sleep(50); // a refresh started by the refused calls would show by now
        assertEquals(0, loads.get(), "neither loaded 2 nor refreshed 1, which was due");
        assertEquals(before, cache.stats(), "a refused call is no request");
        assertEquals(List.of(), listener.removals());
    }

    @Test
    void concurrent_gets_of_one_key_run_the_configured_loader_once() throws Exception {
        int callers = 16;
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Cache<Integer, String> cache = cache(k -> {
            loads.incrementAndGet();
            loading.countDown();
            awaitLatch(release);
            return "seven";
        });
        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(threads.submit(() -> cache.get(7)));
            }
            assertTrue(loading.await(SOON.toSeconds(), TimeUnit.SECONDS));
            Thread.sleep(100); // let the other callers reach the cache while the load is in flight
            release.countDown();
            for (Future<String> result : results) {
                assertEquals("seven", result.get(SOON.toSeconds(), TimeUnit.SECONDS));
            }
        }
        assertEquals(1, loads.get());
        assertEquals(1, cache.stats().loadSuccessCount());
        assertEquals(callers, cache.stats().requestCount());
    }

    @Test
    void a_loader_failure_caches_nothing_and_a_checked_one_comes_wrapped_in_a_completion_exception() {
        IllegalStateException unchecked = new IllegalStateException("database down");
        IOException checked = new IOException("disk gone");
        Cache<Integer, String> cache = cache(k -> {
            if (k == 1) {
                throw unchecked;
            }
            throw checked;
        });
        assertSame(unchecked, assertThrows(IllegalStateException.class, () -> cache.get(1)));
        assertSame(checked, assertThrows(CompletionException.class, () -> cache.get(2)).getCause());
        assertEquals(0, cache.size());
        assertEquals(2, cache.stats().loadFailureCount());
        assertEquals(0, cache.stats().loadSuccessCount());
        assertEquals(List.of(), listener.removals());
    }

    @Test
    void a_loader_asking_for_its_own_key_is_refused_not_deadlocked() {
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Cache<Integer, String>> self =
                new java.util.concurrent.atomic.AtomicReference<>();
        self.set(cache(k -> calls.incrementAndGet() == 1 ? self.get().get(k) : "later"));
        CacheException e = assertThrows(CacheException.class, () -> self.get().get(1));
        assertEquals(CacheException.Kind.RECURSIVE_LOAD, e.kind());
        assertEquals("later", self.get().get(1), "the cache stays usable for the key");
    }

    @Test
    void a_loader_returning_null_caches_nothing() {
        Cache<Integer, String> cache = cache(k -> null);
        assertNull(cache.get(1));
        assertEquals(0, cache.size());
        assertEquals(1, cache.stats().loadSuccessCount());
    }

    @Test
    void closing_the_cache_ends_the_callers_waiting_for_a_load_at_once_and_drops_the_loaded_value()
            throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Cache<Integer, String> cache = cache(k -> {
            loading.countDown();
            awaitLatch(release);
            return "loaded";
        });
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            Future<String> loader = threads.submit(() -> cache.get(1));
            assertTrue(loading.await(SOON.toSeconds(), TimeUnit.SECONDS));
            List<Thread> waiting = new CopyOnWriteArrayList<>();
            Future<String> byConfiguredLoader = threads.submit(() -> {
                waiting.add(Thread.currentThread());
                return cache.get(1);
            });
            Future<String> byFunction = threads.submit(() -> {
                waiting.add(Thread.currentThread());
                return cache.get(1, k -> "not asked: the load in flight is waited for");
            });
            CompletableFuture<String> byFuture = cache.getAsync(1, k -> "not asked either");
            awaitParked(waiting, 2);
            cache.close();
            for (Future<String> waiter : List.of(byConfiguredLoader, byFunction, byFuture)) {
                // Before the loader returns: the waiters must not wait for it.
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> waiter.get(SOON.toSeconds(), TimeUnit.SECONDS));
                CacheException closed = assertInstanceOf(CacheException.class, e.getCause());
                assertEquals(CacheException.Kind.CLOSED, closed.kind());
                assertEquals("cache '" + cache.name() + "' is closed", closed.getMessage());
            }
            assertFalse(loader.isDone(), "the loader is still running");
            release.countDown();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> loader.get(SOON.toSeconds(), TimeUnit.SECONDS));
            assertEquals(CacheException.Kind.CLOSED, assertInstanceOf(CacheException.class, e.getCause()).kind(),
                    "the loading caller's value is dropped with the cache");
        }
        assertEquals(List.of(), listener.removals(), "nothing stored, nothing reported");
    }

    /** Waits until each of {@code count} threads has registered itself and parked (in the cache). */
    private static void awaitParked(List<Thread> threads, int count) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (threads.size() < count
                || threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the waiters did not block: " + threads);
            }
            Thread.sleep(5);
        }
    }

    // ---- getAll --------------------------------------------------------------------------------

    @Test
    void get_all_loads_only_the_absent_keys_in_one_call_and_keeps_the_keys_order() {
        Cache<Integer, String> cache = memory.cache(config().build());
        cache.put(2, "two");
        cache.put(4, "four");
        List<Set<? extends Integer>> calls = new CopyOnWriteArrayList<>();
        Map<Integer, String> all = cache.getAll(List.of(5, 4, 3, 2, 1, 3), keys -> {
            calls.add(Set.copyOf(keys));
            Map<Integer, String> values = new LinkedHashMap<>();
            keys.forEach(k -> values.put(k, "loaded " + k));
            return values;
        });
        assertEquals(List.of(Set.of(5, 3, 1)), calls, "one call, for the absent keys only");
        assertEquals(List.of(5, 4, 3, 2, 1), List.copyOf(all.keySet()), "the keys' order, duplicates once");
        assertEquals("four", all.get(4));
        assertEquals("loaded 5", all.get(5));
        assertEquals("loaded 1", cache.getIfPresent(1), "loaded values are cached");
        assertThrows(UnsupportedOperationException.class, () -> all.put(9, "x"));
        CacheStats stats = cache.stats();
        assertEquals(2 + 1, stats.hitCount(), "4 and 2, then the read of 1");
        assertEquals(3, stats.missCount(), "5, 3 and 1");
        assertEquals(1, stats.loadSuccessCount(), "one bulk load");
        assertEquals(5, cache.size());

        assertEquals(Map.of(1, "loaded 1", 2, "two"), cache.getAll(Set.of(1, 2), keys -> fail("nothing absent")));
    }

    @Test
    void get_all_caches_the_extra_entries_of_the_bulk_loader_and_leaves_out_the_keys_it_omits() {
        Cache<Integer, String> cache = memory.cache(config().build());
        Map<Integer, String> all = cache.getAll(List.of(1, 2, 3), keys -> Map.of(1, "one", 10, "ten"));
        assertEquals(Map.of(1, "one"), all, "only the keys asked, and only those loaded");
        assertEquals("ten", cache.getIfPresent(10), "the extra entry is cached");
        assertNull(cache.getIfPresent(2));
        assertEquals(2, cache.size());
    }

    @Test
    void get_all_with_the_configured_loader_uses_its_load_all_or_loads_one_by_one() {
        List<Integer> single = new CopyOnWriteArrayList<>();
        Cache<Integer, String> oneByOne = cache(k -> {
            single.add(k);
            return k == 2 ? null : "v" + k;
        });
        assertEquals(Map.of(1, "v1", 3, "v3"), oneByOne.getAll(List.of(1, 2, 3)));
        assertEquals(List.of(1, 2, 3), single);
        assertEquals(1, oneByOne.stats().loadSuccessCount(), "the default loadAll is one bulk load");

        List<Set<? extends Integer>> bulk = new CopyOnWriteArrayList<>();
        Cache<Integer, String> batched = cache(new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                return fail("load, rather than loadAll");
            }

            @Override
            public Map<Integer, String> loadAll(Set<? extends Integer> keys) {
                bulk.add(Set.copyOf(keys));
                Map<Integer, String> values = new LinkedHashMap<>();
                keys.forEach(k -> values.put(k, "b" + k));
                return values;
            }
        });
        batched.put(2, "two");
        assertEquals(Map.of(1, "b1", 2, "two", 3, "b3"), batched.getAll(List.of(1, 2, 3)));
        assertEquals(List.of(Set.of(1, 3)), bulk);
    }

    @Test
    void a_failing_bulk_load_caches_nothing_counts_one_failure_and_reaches_the_caller() {
        Cache<Integer, String> cache = memory.cache(config().loader((Integer k) -> "v" + k).build());
        cache.put(1, "one");
        IllegalStateException boom = new IllegalStateException("bulk source down");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> cache.getAll(List.of(1, 2, 3), keys -> {
            throw boom;
        })));
        assertNull(cache.getIfPresent(2));
        assertEquals(1, cache.size());
        assertEquals(1, cache.stats().loadFailureCount());

        IOException checked = new IOException("no batch");
        Cache<Integer, String> batched = cache(new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                return "v" + key;
            }

            @Override
            public Map<Integer, String> loadAll(Set<? extends Integer> keys) throws IOException {
                throw checked;
            }
        });
        assertSame(checked, assertThrows(CompletionException.class, () -> batched.getAll(List.of(1))).getCause());
        assertEquals(1, batched.stats().loadFailureCount());

        NullPointerException none = assertThrows(NullPointerException.class,
                () -> cache.getAll(List.of(7), keys -> null));
        assertTrue(none.getMessage().contains("bulk loader"), none.getMessage());
        assertEquals(2, cache.stats().loadFailureCount(), "a null map is a failed load");
    }

    @Test
    void get_all_returns_what_the_cache_holds_when_a_key_was_written_during_the_bulk_load() {
        Cache<Integer, String> cache = memory.cache(config().build());
        Map<Integer, String> all = cache.getAll(List.of(1, 2), keys -> {
            cache.put(1, "written meanwhile");
            return Map.of(1, "loaded 1", 2, "loaded 2");
        });
        assertEquals(Map.of(1, "written meanwhile", 2, "loaded 2"), all);
        assertEquals("written meanwhile", cache.getIfPresent(1));
        assertEquals(List.of(), listener.removals(), "the loaded value replaced nothing");
    }

    // ---- refresh -------------------------------------------------------------------------------

    @Test
    void a_read_of_an_entry_due_returns_the_old_value_at_once_while_one_reload_runs_on_a_virtual_thread()
            throws Exception {
        CountDownLatch reloading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> reloaders = new CopyOnWriteArrayList<>();
        Cache<Integer, String> cache = refreshing(new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                return "first " + key;
            }

            @Override
            public String reload(Integer key, String oldValue) {
                reloaders.add(Thread.currentThread());
                reloading.countDown();
                awaitLatch(release);
                return "fresh after " + oldValue;
            }
        });
        assertEquals("first 1", cache.get(1));
        ticker.advance(REFRESH.minusNanos(1));
        assertEquals("first 1", cache.getIfPresent(1));
        Thread.sleep(50); // a reload started too early would show by now
        assertEquals(1, reloading.getCount(), "not due yet");
        ticker.advance(Duration.ofNanos(1));
        assertEquals("first 1", cache.getIfPresent(1), "the old value, at once");
        assertTrue(reloading.await(SOON.toSeconds(), TimeUnit.SECONDS), "a reload started");
        for (int i = 0; i < 50; i++) {
            assertEquals("first 1", cache.getIfPresent(1), "the old value while the reload runs");
            assertEquals("first 1", cache.get(1));
        }
        release.countDown();
        await("the reloaded value", () -> "fresh after first 1".equals(cache.asMap().get(1)));
        assertEquals(1, reloaders.size(), "one reload for every read of the entry due");
        assertTrue(reloaders.getFirst().isVirtual(), reloaders.getFirst() + " is not virtual");
        assertFalse(reloaders.getFirst().getName().equals(memory.name() + "-scheduler"));
        await("the replacement reported", () -> listener.removals(RemovalCause.REPLACED).size() == 1);
        RecordingListener.Removal<Integer, String> replaced = listener.removals().getFirst();
        assertEquals("first 1", replaced.value());
        assertFalse(replaced.thread().getName().equals(memory.name() + "-scheduler"));
        await("the reload counted", () -> cache.stats().loadSuccessCount() == 2);
        assertEquals(0, cache.stats().loadFailureCount());
    }

    @Test
    void concurrent_reads_of_an_entry_due_start_one_reload() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Cache<Integer, String> cache = refreshing(new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                return "v0";
            }

            @Override
            public String reload(Integer key, String oldValue) {
                awaitLatch(release);
                return "v" + reloads.incrementAndGet();
            }
        });
        cache.get(1);
        ticker.advance(REFRESH);
        int readers = 8;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(readers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < readers; t++) {
                done.add(threads.submit(() -> {
                    awaitLatch(start);
                    for (int i = 0; i < 2_000; i++) {
                        assertEquals("v0", cache.getIfPresent(1));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(SOON.toSeconds(), TimeUnit.SECONDS);
            }
        }
        release.countDown();
        await("the reloaded value", () -> "v1".equals(cache.asMap().get(1)));
        for (int i = 0; i < 100; i++) {
            assertEquals("v1", cache.getIfPresent(1), "no further reload before the refresh is due again");
        }
        assertEquals(1, reloads.get());
    }

    @Test
    void a_reload_is_dropped_when_the_entry_is_written_or_removed_meanwhile() throws Exception {
        CountDownLatch[] reloading = {new CountDownLatch(1), new CountDownLatch(1)};
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reloads = new AtomicInteger();
        Cache<Integer, String> cache = refreshing(new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                return "loaded " + key;
            }

            @Override
            public String reload(Integer key, String oldValue) {
                reloading[key - 1].countDown();
                awaitLatch(release);
                reloads.incrementAndGet();
                return "stale reload of " + key;
            }
        });
        cache.put(1, "old 1");
        cache.put(2, "old 2");
        ticker.advance(REFRESH);
        assertEquals("old 1", cache.getIfPresent(1));
        assertEquals("old 2", cache.getIfPresent(2));
        assertTrue(reloading[0].await(SOON.toSeconds(), TimeUnit.SECONDS));
        assertTrue(reloading[1].await(SOON.toSeconds(), TimeUnit.SECONDS));
        cache.put(1, "put meanwhile");
        assertEquals("old 2", cache.remove(2));
        release.countDown();
        await("both reloads ended", () -> reloads.get() == 2 && cache.stats().loadSuccessCount() == 2);
        Thread.sleep(100); // give a wrongly applied replacement every chance to land before looking
        assertEquals("put meanwhile", cache.getIfPresent(1), "the reload of the old value was dropped");
        assertNull(cache.getIfPresent(2), "the removed entry stays removed");
        assertEquals(Set.of(1), cache.asMap().keySet());
        assertFalse(listener.removals().stream().anyMatch(r -> r.value().startsWith("stale")
                || r.value().equals("put meanwhile")), listener.removals().toString());
    }

    /**
     * @return a loader that loads {@code "loaded"} and reloads {@code reloaded}, once the reload has
     *     said it runs ({@code reloading}) and been let go ({@code release})
     */
    private static CacheLoader<Integer, String> gatedReload(CountDownLatch reloading, CountDownLatch release,
                                                           String reloaded) {
        return new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                return "loaded";
            }

            @Override
            public String reload(Integer key, String oldValue) {
                reloading.countDown();
                awaitLatch(release);
                return reloaded;
            }
        };
    }

    @Test
    void a_write_refused_for_a_null_leaves_the_reload_in_flight_to_store_its_value() throws Exception {
        CountDownLatch reloading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Cache<Integer, String> cache = refreshing(gatedReload(reloading, release, "fresh"));
        cache.put(1, "old");
        CompletableFuture<String> refresh = cache.refresh(1);
        assertTrue(reloading.await(SOON.toSeconds(), TimeUnit.SECONDS));
        java.util.concurrent.ConcurrentMap<Integer, String> map = cache.asMap();
        Map<Integer, String> nullValue = new java.util.HashMap<>();
        nullValue.put(1, null);
        for (org.junit.jupiter.api.function.Executable refused : List.<org.junit.jupiter.api.function.Executable>of(
                () -> cache.put(1, null), () -> map.put(1, null), () -> map.putIfAbsent(1, null),
                () -> map.replace(1, null), () -> map.replace(1, null, "x"), () -> map.replace(1, "old", null),
                () -> map.merge(1, null, (a, b) -> a), () -> map.merge(1, "x", null), () -> map.compute(1, null),
                () -> map.computeIfAbsent(1, null), () -> map.computeIfPresent(1, null), () -> map.putAll(nullValue))) {
            assertThrows(NullPointerException.class, refused);
        }
        release.countDown();
        assertEquals("fresh", refresh.get(SOON.toSeconds(), TimeUnit.SECONDS));
        await("the reloaded value stored", () -> "fresh".equals(cache.asMap().get(1)));
        assertEquals(List.of("1=old REPLACED"), listener.removals().stream()
                .map(r -> r.key() + "=" + r.value() + " " + r.cause()).toList(), "nothing but the reload wrote");
    }

    @Test
    void a_reload_racing_a_put_never_replaces_the_value_put() throws Exception {
        CountDownLatch reloading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Cache<Integer, String> cache = refreshing(gatedReload(reloading, release, "stale"));
        cache.put(1, "old");
        ticker.advance(REFRESH);
        assertEquals("old", cache.getIfPresent(1));
        assertTrue(reloading.await(SOON.toSeconds(), TimeUnit.SECONDS));
        cache.put(1, "new");
        release.countDown();
        await("the reload counted", () -> cache.stats().loadSuccessCount() == 1);
        // Give a wrongly applied replacement every chance to land before looking.
        Thread.sleep(100);
        assertEquals("new", cache.getIfPresent(1));
        assertEquals(List.of("old"), listener.removals().stream().map(RecordingListener.Removal::value).toList(),
                "only the put replaced anything");
    }

    @Test
    void a_reload_is_dropped_when_the_key_is_written_meanwhile_even_with_the_value_it_started_from()
            throws Exception {
        String first = "first";
        CountDownLatch reloading = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        Cache<Integer, String> cache = refreshing(new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                reloading.countDown();
                awaitLatch(release);
                return "loaded " + key;
            }

            @Override
            public String reload(Integer key, String oldValue) {
                reloading.countDown();
                awaitLatch(release);
                return "reloaded " + key;
            }
        });
        cache.put(1, first);
        cache.put(2, first);
        CompletableFuture<String> one = cache.refresh(1);
        CompletableFuture<String> two = cache.refresh(2);
        CompletableFuture<String> three = cache.refresh(3); // absent: a load
        assertTrue(reloading.await(SOON.toSeconds(), TimeUnit.SECONDS));
        // The same instance written back: a check of the value alone cannot see these writes.
        cache.put(1, "other");
        cache.put(1, first);
        cache.remove(2);
        cache.asMap().put(2, first);
        cache.put(3, "put meanwhile");
        cache.asMap().remove(3);
        release.countDown();
        assertEquals("reloaded 1", one.get(SOON.toSeconds(), TimeUnit.SECONDS), "the future has the reloaded value");
        assertEquals("reloaded 2", two.get(SOON.toSeconds(), TimeUnit.SECONDS));
        assertEquals("loaded 3", three.get(SOON.toSeconds(), TimeUnit.SECONDS));
        Thread.sleep(100); // give a wrongly applied replacement every chance to land before looking
        assertSame(first, cache.getIfPresent(1), "the writes made after the reload started stay");
        assertSame(first, cache.getIfPresent(2));
        assertNull(cache.getIfPresent(3), "the key removed after its load started stays removed");
        assertEquals(3, cache.stats().loadSuccessCount(), "each reload counted, dropped or not");
    }

    @Test
    void a_load_in_flight_does_not_bring_back_a_key_removed_meanwhile() throws Exception {
        CountDownLatch loading = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        java.util.function.Function<Integer, String> slow = key -> {
            loading.countDown();
            awaitLatch(release);
            return "read before the removal " + key;
        };
        Cache<Integer, String> cache = cache(slow::apply);
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            Future<String> one = threads.submit(() -> cache.get(1));
            Future<String> two = threads.submit(() -> cache.get(2, slow));
            Future<String> three = threads.submit(() -> cache.getAsync(3, slow).join());
            assertTrue(loading.await(SOON.toSeconds(), TimeUnit.SECONDS));
            // As after updating the source: the values being loaded are stale from here on.
            assertNull(cache.remove(1));
            assertNull(cache.asMap().remove(2));
            cache.invalidateAll();
            release.countDown();
            assertEquals("read before the removal 1", one.get(SOON.toSeconds(), TimeUnit.SECONDS),
                    "the loading caller gets what it loaded");
            assertEquals("read before the removal 2", two.get(SOON.toSeconds(), TimeUnit.SECONDS));
            assertEquals("read before the removal 3", three.get(SOON.toSeconds(), TimeUnit.SECONDS));
        }
        assertEquals(Map.of(), Map.copyOf(cache.asMap()), "no removed key came back");
        assertEquals(Set.of("read before the removal 1", "read before the removal 2", "read before the removal 3"),
                Set.copyOf(listener.removals().stream().map(RecordingListener.Removal::value).toList()),
                "each loaded value was cached, then removed and reported, as if the load had come first");
        assertEquals(3, listener.removals(RemovalCause.EXPLICIT).size());
        assertEquals("loaded afresh", cache.get(1, key -> "loaded afresh"), "a later get loads again");
        assertEquals(4, cache.stats().loadSuccessCount());
    }

    @Test
    void an_interrupted_loader_fails_wrapped_and_leaves_the_caller_interrupted() {
        InterruptedException stop = new InterruptedException("stop");
        Cache<Integer, String> cache = cache(new CacheLoader<>() {
            @Override
            public String load(Integer key) throws InterruptedException {
                throw stop;
            }

            @Override
            public Map<Integer, String> loadAll(Set<? extends Integer> keys) throws InterruptedException {
                throw stop;
            }
        });
        try {
            CompletionException single = assertThrows(CompletionException.class, () -> cache.get(1));
            assertSame(stop, single.getCause());
            assertTrue(Thread.interrupted(), "get(key) keeps the interrupt status, as Caffeine does");
            CompletionException bulk = assertThrows(CompletionException.class, () -> cache.getAll(List.of(1, 2)));
            assertSame(stop, bulk.getCause());
            assertTrue(Thread.interrupted(), "getAll(keys) keeps the interrupt status");
        } finally {
            Thread.interrupted();
        }
        assertEquals(2, cache.stats().loadFailureCount());
    }

    @Test
    void a_failed_reload_keeps_the_value_is_counted_and_reported_and_is_tried_again() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("source down for reload");
        Cache<Integer, String> cache = refreshing(new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                return "kept";
            }

            @Override
            public String reload(Integer key, String oldValue) {
                if (reloads.incrementAndGet() == 1) {
                    throw boom;
                }
                return "second try";
            }
        });
        try (LogCapture library = LogCapture.library(); LogCapture caffeine = LogCapture.of("com.github.benmanes.caffeine")) {
            cache.get(1);
            ticker.advance(REFRESH);
            assertEquals("kept", cache.getIfPresent(1));
            await("the failure reported", () -> failures("loader") == 1);
            await("the failure counted", () -> cache.stats().loadFailureCount() == 1);
            assertEquals("kept", cache.getIfPresent(1), "the old value stays");
            MonitorEvent event = monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                    .findFirst().orElseThrow();
            assertEquals(cache.name(), event.source());
            assertEquals("reload", event.attributes().get("call"));
            assertSame(boom, event.error().orElseThrow());
            await("the failure logged", () -> library.has(java.util.logging.Level.WARNING,
                    "the loader threw in reload"));
            // Still due: the next read tries again.
            await("the second reload", () -> "second try".equals(cache.getIfPresent(1)));
            assertEquals(List.of(), caffeine.records(), "logged once, by the cache: " + caffeine.text());
        }
        assertEquals(2, cache.stats().loadSuccessCount());
        assertEquals(1, cache.stats().loadFailureCount());
    }

    @Test
    void refresh_forces_one_reload_joins_the_one_in_flight_and_loads_an_absent_key() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reloads = new AtomicInteger();
        Cache<Integer, String> cache = memory.cache(config().loader(new CacheLoader<Integer, String>() {
            @Override
            public String load(Integer key) {
                return "loaded " + key;
            }

            @Override
            public String reload(Integer key, String oldValue) {
                awaitLatch(release);
                return "reloaded " + reloads.incrementAndGet();
            }
        }).build());
        cache.put(1, "one");
        CompletableFuture<String> first = cache.refresh(1);
        CompletableFuture<String> second = cache.refresh(1);
        assertEquals("one", cache.getIfPresent(1), "the old value while it runs");
        release.countDown();
        assertEquals("reloaded 1", first.get(SOON.toSeconds(), TimeUnit.SECONDS));
        assertEquals("reloaded 1", second.get(SOON.toSeconds(), TimeUnit.SECONDS), "joined the refresh in flight");
        assertEquals("reloaded 1", cache.getIfPresent(1));
        assertEquals(1, reloads.get());

        assertEquals("loaded 2", cache.refresh(2).get(SOON.toSeconds(), TimeUnit.SECONDS));
        assertEquals("loaded 2", cache.getIfPresent(2), "an absent key is loaded and stored");
        assertEquals(2, cache.stats().loadSuccessCount());
    }

    @Test
    void a_failed_forced_refresh_fails_its_future_with_what_the_loader_threw() throws Exception {
        IllegalStateException boom = new IllegalStateException("no reload");
        Cache<Integer, String> cache = memory.cache(config().loader(new CacheLoader<Integer, String>() {
            @Override
            public String load(Integer key) {
                return "v";
            }

            @Override
            public String reload(Integer key, String oldValue) {
                throw boom;
            }
        }).build());
        cache.put(1, "kept");
        try (LogCapture library = LogCapture.library(); LogCapture caffeine = LogCapture.of("com.github.benmanes.caffeine")) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> cache.refresh(1).get(SOON.toSeconds(), TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
            await("the failure reported", () -> failures("loader") == 1);
            await("the failure logged", () -> library.has(java.util.logging.Level.WARNING, "the loader threw in reload"));
            assertEquals(List.of(), caffeine.records(), caffeine.text());
        }
        assertEquals("kept", cache.getIfPresent(1));
        assertEquals(1, cache.stats().loadFailureCount());
    }

    @Test
    void a_reload_returning_null_removes_the_entry() throws Exception {
        Cache<Integer, String> cache = memory.cache(config().loader(new CacheLoader<Integer, String>() {
            @Override
            public String load(Integer key) {
                return "v";
            }

            @Override
            public String reload(Integer key, String oldValue) {
                return null;
            }
        }).build());
        cache.put(1, "gone soon");
        assertNull(cache.refresh(1).get(SOON.toSeconds(), TimeUnit.SECONDS));
        await("the entry removed", () -> cache.asMap().get(1) == null);
        assertEquals(0, cache.size());
        assertEquals(List.of(RemovalCause.EXPLICIT), listener.removals().stream().map(r -> r.cause()).toList());
    }

    @Test
    void an_expired_entry_is_loaded_again_not_refreshed() {
        AtomicInteger loads = new AtomicInteger();
        AtomicInteger reloads = new AtomicInteger();
        Cache<Integer, String> cache = memory.cache(config().expireAfterWrite(Duration.ofMinutes(2))
                .refreshAfterWrite(REFRESH).loader(new CacheLoader<Integer, String>() {
                    @Override
                    public String load(Integer key) {
                        return "load " + loads.incrementAndGet();
                    }

                    @Override
                    public String reload(Integer key, String oldValue) {
                        reloads.incrementAndGet();
                        return "reload";
                    }
                }).build());
        assertEquals("load 1", cache.get(1));
        ticker.advance(Duration.ofMinutes(3));
        assertNull(cache.getIfPresent(1), "expired: absent, and not refreshed");
        assertEquals("load 2", cache.get(1), "loaded at once by the caller");
        assertEquals(0, reloads.get());
    }

    @Test
    void refresh_settings_are_checked_with_messages_naming_them() {
        CacheLoader<Integer, String> loader = k -> "v";
        ConfigException zero = assertThrows(ConfigException.class,
                () -> config().loader(loader).refreshAfterWrite(Duration.ZERO).build());
        assertTrue(zero.getMessage().contains(CacheConfig.REFRESH_AFTER_WRITE) && zero.getMessage().contains("0"),
                zero.getMessage());
        ConfigException negative = assertThrows(ConfigException.class,
                () -> config().loader(loader).refreshAfterWrite(Duration.ofSeconds(-5)).build());
        assertTrue(negative.getMessage().contains(CacheConfig.REFRESH_AFTER_WRITE)
                && negative.getMessage().contains("-5"), negative.getMessage());
        ConfigException noLoader = assertThrows(ConfigException.class,
                () -> config().refreshAfterWrite(REFRESH).build());
        assertTrue(noLoader.getMessage().contains(CacheConfig.REFRESH_AFTER_WRITE)
                && noLoader.getMessage().contains(CacheConfig.LOADER), noLoader.getMessage());
        // The whole range: longer than a long of nanoseconds means never, and works.
        Cache<Integer, String> never = memory.cache(config().loader(loader)
                .refreshAfterWrite(ChronoUnit.FOREVER.getDuration()).build());
        assertEquals(CacheConfig.LONGEST_EXPIRY, never.config().refreshAfterWrite());
        assertEquals("v", never.get(1));
        ticker.advance(Duration.ofDays(365 * 100));
        assertEquals("v", never.getIfPresent(1));
        assertEquals(1, never.stats().loadSuccessCount(), "never refreshed");

        Properties properties = new Properties();
        properties.setProperty(CacheConfig.REFRESH_AFTER_WRITE, "90s");
        CacheConfig<Integer, String> read = CacheConfig.<Integer, String>fromProperties(properties).loader(loader).build();
        assertEquals(Duration.ofSeconds(90), read.refreshAfterWrite());
        assertEquals("90s", read.toProperties().getProperty(CacheConfig.REFRESH_AFTER_WRITE));
        properties.setProperty(CacheConfig.REFRESH_AFTER_WRITE, "0s");
        ConfigException zeroProperty = assertThrows(ConfigException.class,
                () -> CacheConfig.<Integer, String>fromProperties(properties).loader(loader).build());
        assertTrue(zeroProperty.getMessage().contains(CacheConfig.REFRESH_AFTER_WRITE), zeroProperty.getMessage());
    }

    @Test
    void a_closed_cache_refuses_get_get_all_and_refresh_as_closed_with_or_without_a_loader() {
        for (Cache<Integer, String> cache : List.of(cache(k -> "v"), memory.cache(config().build()))) {
            cache.close();
            for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                    () -> cache.get(1), () -> cache.getAll(List.of(1)), () -> cache.getAll(List.of(1), keys -> Map.of()),
                    () -> cache.refresh(1))) {
                assertEquals(CacheException.Kind.CLOSED, assertThrows(CacheException.class, call).kind());
            }
        }
    }

    // ---- stress --------------------------------------------------------------------------------

    /**
     * Many threads read (getIfPresent, get, getAll), force refreshes, put and remove, while the
     * ticker moves so that entries fall due all the time and reloads sometimes fail. Each key is
     * written by one thread only, whose values carry an increasing sequence number taken before
     * the write, as the loader's carry one taken as it starts: after its put of a key returns, that
     * thread must never read a value of the key older than the one it put (a reload that started
     * from an older value must have been dropped). At the end, every call of the loader is counted
     * once, as a success or a failure.
     */
    @Test
    @Timeout(120)
    void under_concurrent_reads_refreshes_puts_and_removes_no_value_older_than_the_last_put_is_served()
            throws Exception {
        int threads = 8;
        int keysPerThread = 4;
        int rounds = 3;
        int opsPerRound = 2_000;
        AtomicLong sequence = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CacheLoader<Integer, String> loader = new CacheLoader<>() {
            @Override
            public String load(Integer key) {
                return value(key, "load");
            }

            @Override
            public Map<Integer, String> loadAll(Set<? extends Integer> keys) {
                calls.incrementAndGet();
                Map<Integer, String> values = new LinkedHashMap<>();
                keys.forEach(k -> values.put(k, k + ":" + sequence.incrementAndGet() + ":bulk"));
                return values;
            }

            @Override
            public String reload(Integer key, String oldValue) {
                return value(key, "reload");
            }

            private String value(Integer key, String how) {
                calls.incrementAndGet();
                long seq = sequence.incrementAndGet();
                if (ThreadLocalRandom.current().nextInt(25) == 0) {
                    failed.incrementAndGet();
                    throw new IllegalStateException("planned failure of " + how + " " + key);
                }
                return key + ":" + seq + ":" + how;
            }
        };
        Cache<Integer, String> cache = memory.cache(config().loader(loader)
                .refreshAfterWrite(Duration.ofNanos(1_000)).build());
        List<String> violations = new CopyOnWriteArrayList<>();
        try (LogCapture quiet = LogCapture.library(); LogCapture caffeine = LogCapture.of("com.github.benmanes.caffeine");
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int me = t;
                    done.add(pool.submit(() -> {
                        awaitLatch(start);
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        long[] lastPut = new long[keysPerThread];
                        for (int i = 0; i < opsPerRound; i++) {
                            int slot = random.nextInt(keysPerThread);
                            int mine = me * keysPerThread + slot;
                            int any = random.nextInt(threads * keysPerThread);
                            ticker.advance(Duration.ofNanos(200));
                            try {
                                switch (random.nextInt(10)) {
                                    case 0 -> {
                                        long seq = sequence.incrementAndGet();
                                        cache.put(mine, mine + ":" + seq + ":put");
                                        lastPut[slot] = seq;
                                    }
                                    case 1 -> {
                                        cache.remove(mine);
                                        lastPut[slot] = 0;
                                    }
                                    case 2 -> cache.refresh(any);
                                    case 3 -> cache.getAll(List.of(any, mine, (any + 1) % (threads * keysPerThread)));
                                    case 4 -> cache.get(any);
                                    default -> cache.getIfPresent(any);
                                }
                            } catch (IllegalStateException planned) {
                                // A planned load failure reached the caller.
                            }
                            String seen = cache.asMap().get(mine);
                            if (seen != null && lastPut[slot] != 0 && sequenceOf(seen) < lastPut[slot]) {
                                violations.add("thread " + me + " put seq " + lastPut[slot] + " of key " + mine
                                        + ", then read " + seen);
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertEquals(List.of(), violations, "round " + round);
            }
            await("every load counted", () -> {
                CacheStats stats = cache.stats();
                return stats.loadSuccessCount() + stats.loadFailureCount() == calls.get();
            });
            assertEquals(failed.get(), cache.stats().loadFailureCount(), "each planned failure counted once");
            assertEquals(List.of(), caffeine.records(), caffeine.text());
            assertTrue(quiet.records().stream().allMatch(r -> r.getMessage().contains("the loader threw in reload")),
                    "nothing logged but failed reloads: " + quiet.text());
        }
        assertTrue(calls.get() > 0);
    }

    private static long sequenceOf(String value) {
        return Long.parseLong(value.split(":")[1]);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** @return the {@code CACHE_CALLBACK_FAILED} events of the callback so far */
    protected long failures(String callback) {
        return monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                .filter(e -> callback.equals(e.attributes().get("callback"))).count();
    }

    /**
     * Waits until a condition holds.
     *
     * @param what the condition, for the failure message
     * @param condition what to wait for
     */
    protected static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + SOON + ": " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(SOON.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the test did not release the loader");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
