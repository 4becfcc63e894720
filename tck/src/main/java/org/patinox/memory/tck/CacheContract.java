package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.CacheException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * The contract of a {@link Cache}, as every implementation and backend must keep it: lookups and
 * their counts, loading once per key, recursive and failing loads, bounds by count and by weight,
 * expiry on read, on {@code cleanUp()} and in the background, removal notifications and their
 * causes, the map view, isolation of throwing callbacks, events, and closing.
 *
 * <p>Each test runs in a fresh {@link MemoryUtilities} on {@link #providerName()}, closed after it.
 * A backend whose eviction is not exact LRU, or that takes no strategy of the user's, says so
 * through {@link #exactLru()} and {@link #takesStrategies()}; the tests that need either are then
 * skipped for it, and the rest hold for every cache.
 */
@Timeout(60)
public abstract class CacheContract extends CacheFixture {


    /** @return whether the cache evicts in exact LRU order under {@link #policy()}, single-threaded */
    protected boolean exactLru() {
        return true;
    }

    /** @return whether the cache takes a strategy of the user's ({@link EvictionPolicy#custom}) */
    protected boolean takesStrategies() {
        return true;
    }

    // ---- lookups and stats ---------------------------------------------------------------------

    @Test
    void nulls_are_refused() {
        Cache<Integer, String> cache = cache(config());
        assertThrows(NullPointerException.class, () -> cache.getIfPresent(null));
        assertThrows(NullPointerException.class, () -> cache.put(null, "v"));
        assertThrows(NullPointerException.class, () -> cache.put(1, null));
        assertThrows(NullPointerException.class, () -> cache.get(null, k -> "v"));
        assertThrows(NullPointerException.class, () -> cache.get(1, null));
        assertThrows(NullPointerException.class, () -> cache.remove(null));
        assertThrows(NullPointerException.class, () -> cache.getAsync(1, null));
        assertEquals(0, cache.size());
    }

    /** A call given a {@code null}, and the argument its {@link NullPointerException} must name. */
    private record NullCall(String call, String argument, org.junit.jupiter.api.function.Executable executable) {
    }

    @Test
    void nulls_are_refused_naming_the_argument_in_the_same_words_by_every_implementation() {
        Cache<Integer, String> cache = cache(config());
        cache.put(1, "one");
        ConcurrentMap<Integer, String> map = cache.asMap();
        java.util.Map<Integer, String> nullValue = new java.util.HashMap<>();
        nullValue.put(2, null);
        List<NullCall> calls = List.of(
                new NullCall("getIfPresent(null)", "key", () -> cache.getIfPresent(null)),
                new NullCall("put(null, v)", "key", () -> cache.put(null, "v")),
                new NullCall("put(1, null)", "value", () -> cache.put(1, null)),
                new NullCall("get(null, f)", "key", () -> cache.get(null, k -> "v")),
                new NullCall("get(1, null)", "loader", () -> cache.get(1, null)),
                new NullCall("remove(null)", "key", () -> cache.remove(null)),
                new NullCall("asMap().get(null)", "key", () -> map.get(null)),
                new NullCall("asMap().containsKey(null)", "key", () -> map.containsKey(null)),
                new NullCall("asMap().containsValue(null)", "value", () -> map.containsValue(null)),
                new NullCall("asMap().put(null, v)", "key", () -> map.put(null, "v")),
                new NullCall("asMap().put(1, null)", "value", () -> map.put(1, null)),
                new NullCall("asMap().putIfAbsent(null, v)", "key", () -> map.putIfAbsent(null, "v")),
                new NullCall("asMap().putIfAbsent(1, null)", "value", () -> map.putIfAbsent(1, null)),
                new NullCall("asMap().replace(null, v)", "key", () -> map.replace(null, "v")),
                new NullCall("asMap().replace(1, null)", "value", () -> map.replace(1, null)),
                new NullCall("asMap().replace(null, a, b)", "key", () -> map.replace(null, "one", "b")),
                new NullCall("asMap().replace(1, null, b)", "oldValue", () -> map.replace(1, null, "b")),
                new NullCall("asMap().replace(1, a, null)", "newValue", () -> map.replace(1, "one", null)),
                new NullCall("asMap().remove(null)", "key", () -> map.remove(null)),
                new NullCall("asMap().remove(null, v)", "key", () -> map.remove(null, "one")),
                new NullCall("asMap().compute(null, f)", "key", () -> map.compute(null, (k, v) -> "v")),
                new NullCall("asMap().computeIfAbsent(null, f)", "key", () -> map.computeIfAbsent(null, k -> "v")),
                new NullCall("asMap().computeIfPresent(null, f)", "key", () -> map.computeIfPresent(null, (k, v) -> "v")),
                new NullCall("asMap().merge(null, v, f)", "key", () -> map.merge(null, "v", (a, b) -> "v")),
                new NullCall("asMap().merge(1, null, f)", "value", () -> map.merge(1, null, (a, b) -> "v")),
                new NullCall("asMap().putAll({2=null})", "value", () -> map.putAll(nullValue)),
                new NullCall("asMap().replaceAll(to null)", "newValue", () -> map.replaceAll((k, v) -> null)));
        for (NullCall call : calls) {
            NullPointerException e = assertThrows(NullPointerException.class, call.executable(), call.call());
            assertEquals(call.argument(), e.getMessage(), call.call() + " names the argument it refuses");
        }
        assertEquals(Map.of(1, "one"), Map.copyOf(map), "no refused call wrote");
        assertEquals(List.of(), removals());
    }

    @Test
    void get_if_present_counts_hits_and_misses() {
        Cache<Integer, String> cache = cache(config());
        assertNull(cache.getIfPresent(1));
        cache.put(1, "one");
        assertEquals("one", cache.getIfPresent(1));
        assertEquals("one", cache.getIfPresent(1));
        CacheStats stats = cache.stats();
        assertEquals(2, stats.hitCount());
        assertEquals(1, stats.missCount());
        assertEquals(2.0 / 3, stats.hitRatio(), 1e-9);
        assertEquals(cache.name(), stats.name());
    }

    @Test
    void a_cache_that_records_no_stats_reports_zero_and_still_evicts_and_loads() {
        Cache<Integer, String> cache = cache(config().maximumSize(2).recordStats(false));
        assertNull(cache.getIfPresent(1));
        assertEquals("one", cache.get(1, k -> "one"));
        assertEquals("one", cache.getIfPresent(1));
        cache.put(2, "two");
        cache.put(3, "three");
        cache.cleanUp();
        assertEquals(2, cache.size());
        assertEquals(1, listener.removals(RemovalCause.SIZE).size(), "evicted all the same");
        assertEquals(CacheStats.empty(cache.name()), cache.stats());
    }

    @Test
    void put_replaces_and_reports_the_old_value() {
        Cache<Integer, String> cache = cache(config());
        cache.put(1, "one");
        cache.put(1, "uno");
        assertEquals("uno", cache.getIfPresent(1));
        assertEquals(1, cache.size());
        assertEquals(List.of(new Removal(1, "one", RemovalCause.REPLACED)), removals());
    }

    /** The same value written again replaces nothing (as in Caffeine), whichever write puts it. */
    @Test
    void the_same_value_written_again_is_not_reported_replaced() {
        Cache<Integer, String> cache = cache(config());
        String one = "one";
        cache.put(1, one);
        cache.put(1, one);
        ConcurrentMap<Integer, String> map = cache.asMap();
        assertSame(one, map.put(1, one));
        assertSame(one, map.replace(1, one));
        assertTrue(map.replace(1, one, one));
        assertSame(one, map.compute(1, (k, v) -> v));
        assertSame(one, map.merge(1, "ignored", (present, given) -> present));
        assertSame(one, cache.getIfPresent(1));
        assertEquals(List.of(), removals());
    }

    @Test
    void remove_returns_the_value_and_reports_it_explicit() {
        Cache<Integer, String> cache = cache(config());
        cache.put(1, "one");
        assertEquals("one", cache.remove(1));
        assertNull(cache.remove(1));
        assertNull(cache.getIfPresent(1));
        assertEquals(0, cache.size());
        assertEquals(List.of(new Removal(1, "one", RemovalCause.EXPLICIT)), removals());
    }

    @Test
    void invalidate_all_removes_every_entry_as_explicit() {
        Cache<Integer, String> cache = cache(config());
        for (int i = 0; i < 50; i++) {
            cache.put(i, "v" + i);
        }
        cache.invalidateAll();
        cache.cleanUp();
        assertEquals(0, cache.size());
        assertEquals(Map.of(RemovalCause.EXPLICIT, 50), listener.counts());
        assertEquals(50, listener.removals().stream().map(r -> r.key()).distinct().count());
    }

    // ---- bounds --------------------------------------------------------------------------------

    @Test
    void the_size_bound_holds_after_clean_up_and_evictions_are_reported_and_counted() {
        Cache<Integer, String> cache = cache(config().maximumSize(10));
        for (int i = 0; i < 100; i++) {
            cache.put(i, "v" + i);
        }
        cache.cleanUp();
        assertEquals(10, cache.size());
        assertEquals(10, cache.asMap().size());
        assertEquals(Map.of(RemovalCause.SIZE, 90), listener.counts());
        CacheStats stats = cache.stats();
        assertEquals(90, stats.evictionCount());
        assertEquals(90, stats.evictionWeight());
        assertEquals(0, stats.expirationCount());
        assertEquals(90, stats.evictions(RemovalCause.SIZE));
        Set<Integer> evicted = new java.util.HashSet<>(listener.removals().stream().map(r -> r.key()).toList());
        for (int key : cache.asMap().keySet()) {
            assertFalse(evicted.contains(key), () -> "key " + key + " both cached and reported evicted");
        }
    }

    @Test
    void eviction_is_least_recently_used_first() {
        if (!exactLru()) {
            return;
        }
        Cache<Integer, String> cache = cache(config().maximumSize(3));
        cache.put(1, "one");
        cache.put(2, "two");
        cache.put(3, "three");
        cache.cleanUp();
        assertEquals("one", cache.getIfPresent(1));
        cache.cleanUp();
        cache.put(4, "four");
        cache.cleanUp();
        assertEquals(List.of(new Removal(2, "two", RemovalCause.SIZE)), removals());
        assertEquals(Set.of(1, 3, 4), cache.asMap().keySet());
    }

    @Test
    void the_weight_bound_holds_with_a_weigher() {
        Cache<Integer, String> cache = cache(config().maximumWeight(20).weigher((k, v) -> v.length()));
        for (int i = 0; i < 40; i++) {
            cache.put(i, "x".repeat(1 + i % 7));
        }
        cache.cleanUp();
        int total = cache.asMap().values().stream().mapToInt(String::length).sum();
        assertTrue(total <= 20, () -> "total weight " + total + " over 20");
        assertTrue(cache.size() > 0);
        long evictedWeight = listener.removals(RemovalCause.SIZE).stream().mapToLong(r -> r.value().length()).sum();
        assertEquals(evictedWeight, cache.stats().evictionWeight());
        assertEquals(listener.removals(RemovalCause.SIZE).size(), cache.stats().evictionCount());
    }

    @Test
    void an_entry_heavier_than_the_bound_does_not_stay() {
        Cache<Integer, String> cache = cache(config().maximumWeight(5).weigher((k, v) -> v.length()));
        cache.put(1, "12345678");
        cache.cleanUp();
        assertNull(cache.getIfPresent(1));
        assertEquals(0, cache.size());
        assertEquals(List.of(new Removal(1, "12345678", RemovalCause.SIZE)), removals());
    }

    @Test
    void an_entry_heavier_than_the_bound_leaves_alone_and_the_others_stay() {
        Cache<Integer, String> cache = cache(config().maximumWeight(100).weigher((k, v) -> v.length()));
        Set<Integer> light = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            cache.put(i, "x".repeat(10));
            light.add(i);
        }
        cache.cleanUp();
        String heavy = "h".repeat(1000);
        cache.put(10, heavy);
        cache.cleanUp();
        assertEquals(light, cache.asMap().keySet(), "only the heavy entry left");
        assertEquals(List.of(new Removal(10, heavy, RemovalCause.SIZE)), removals());
        String heavier = "u".repeat(1000);
        cache.put(3, heavier);
        cache.cleanUp();
        light.remove(3);
        assertEquals(light, cache.asMap().keySet(), "only the entry updated to a heavy value left");
        // In either order: a cache may deliver its eviction before the writer reports the replacement.
        assertEquals(Set.of(new Removal(10, heavy, RemovalCause.SIZE), new Removal(3, "x".repeat(10), RemovalCause.REPLACED),
                new Removal(3, heavier, RemovalCause.SIZE)), Set.copyOf(removals()));
        assertEquals(3, removals().size());
        assertEquals(2, cache.stats().evictionCount());
        assertEquals(2000, cache.stats().evictionWeight());
    }

    @Test
    void a_maximum_of_zero_keeps_nothing() {
        Cache<Integer, String> cache = cache(config().maximumSize(0));
        cache.put(1, "one");
        cache.put(2, "two");
        cache.cleanUp();
        assertEquals(0, cache.size());
        assertEquals(Map.of(RemovalCause.SIZE, 2), listener.counts());
    }

    @Test
    void a_negative_weight_fails_the_write_and_caches_nothing() {
        Cache<Integer, String> cache = cache(config().maximumWeight(100).weigher((k, v) -> -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.put(1, "one"));
        assertTrue(e.getMessage().contains(cache.name()), e::getMessage);
        cache.cleanUp();
        assertEquals(0, cache.size());
        assertNull(cache.getIfPresent(1));
    }

    @Test
    void a_throwing_weigher_fails_the_write_and_caches_nothing() {
        IllegalStateException boom = new IllegalStateException("weigher fails");
        Cache<Integer, String> cache = cache(config().maximumWeight(100).weigher((k, v) -> {
            if (v.equals("bad")) {
                throw boom;
            }
            return 1;
        }));
        cache.put(1, "good");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> cache.put(2, "bad")));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> cache.put(1, "bad")));
        cache.cleanUp();
        assertEquals(Map.of(1, "good"), Map.copyOf(cache.asMap()));
        assertEquals(List.of(), removals());
    }

    @Test
    void a_negative_weight_fails_the_write_in_the_same_words_everywhere_and_is_no_callback_failure() {
        Cache<Integer, String> cache = cache(config().name("weighed").maximumWeight(100)
                .weigher((k, v) -> v.equals("bad") ? -3 : 1));
        cache.put(1, "good");
        assertEquals("cache 'weighed': the weigher gave key 2 the weight -3; weights must be 0 or more",
                assertThrows(IllegalArgumentException.class, () -> cache.put(2, "bad")).getMessage());
        assertEquals("cache 'weighed': the weigher gave key 1 the weight -3; weights must be 0 or more",
                assertThrows(IllegalArgumentException.class, () -> cache.put(1, "bad")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> cache.asMap().putIfAbsent(2, "bad"));
        cache.cleanUp();
        assertEquals(Map.of(1, "good"), Map.copyOf(cache.asMap()));
        assertEquals(0, failures("weigher"), "the weigher returned; it did not fail");
    }

    /**
     * A weigher with {@code maximumWeight(Long.MAX_VALUE)}, no bound at all, is still asked for
     * every write, so that what it answers or throws fails the write as in a bounded cache.
     */
    @Test
    void the_weigher_of_a_cache_without_bound_is_asked_and_checked_all_the_same() {
        Cache<Integer, String> cache = cache(config().name("weighed").maximumWeight(Long.MAX_VALUE).weigher((k, v) -> {
            if (v.equals("throws")) {
                throw new IllegalStateException("the weigher refuses " + k);
            }
            return v.equals("bad") ? -3 : v.length();
        }));
        cache.put(1, "good");
        assertEquals("cache 'weighed': the weigher gave key 2 the weight -3; weights must be 0 or more",
                assertThrows(IllegalArgumentException.class, () -> cache.put(2, "bad")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> cache.asMap().put(1, "bad"));
        assertEquals("the weigher refuses 3",
                assertThrows(IllegalStateException.class, () -> cache.put(3, "throws")).getMessage());
        cache.cleanUp();
        assertEquals(Map.of(1, "good"), Map.copyOf(cache.asMap()));
        assertEquals(1, failures("weigher"), "the throw is reported; the negative weight is no callback failure");
        assertTrue(cache.policy().isEmpty(), "without a bound there is no eviction policy");
    }

    // ---- expiry --------------------------------------------------------------------------------

    @Test
    void an_entry_already_expired_when_the_bound_needs_room_leaves_as_expired_not_evicted() {
        Cache<Integer, String> cache = cache(config().maximumSize(3).expireAfterWrite(Duration.ofSeconds(1)));
        cache.put(1, "one");
        cache.put(2, "two");
        cache.put(3, "three");
        ticker.advance(Duration.ofSeconds(2));
        cache.put(4, "four");
        cache.cleanUp();
        assertEquals(Set.of(new Removal(1, "one", RemovalCause.EXPIRED), new Removal(2, "two", RemovalCause.EXPIRED),
                new Removal(3, "three", RemovalCause.EXPIRED)), Set.copyOf(removals()));
        assertEquals(0, cache.stats().evictionCount(), "nothing was evicted for size");
        assertEquals(3, cache.stats().expirationCount());
        assertEquals(Map.of(4, "four"), Map.copyOf(cache.asMap()));
    }

    /**
     * The map view's sizes count what it holds: an entry expired but not yet removed is absent from
     * it, from its key, value and entry views, and from their sizes, so that the view equals a map
     * of its live entries (whatever {@link Cache#size()} still counts).
     */
    @Test
    void the_map_views_sizes_leave_out_an_expired_entry_not_yet_removed() {
        Cache<Integer, String> cache = cache(config().expiry(org.patinox.memory.cache.Expiry.writing(
                (k, v) -> v.equals("short") ? Duration.ofSeconds(1) : Duration.ofMinutes(1))));
        cache.put(1, "short");
        cache.put(2, "long");
        ticker.advance(Duration.ofSeconds(2));
        Map<Integer, String> view = cache.asMap();
        Map<Integer, String> live = Map.of(2, "long");
        assertEquals(1, view.size(), "the view's size");
        assertEquals(1, view.keySet().size(), "the key view's size");
        assertEquals(1, view.values().size(), "the value view's size");
        assertEquals(1, view.entrySet().size(), "the entry view's size");
        assertEquals(live, view);
        assertEquals(view, live);
        assertEquals(live.keySet(), view.keySet());
        assertEquals(live.entrySet(), view.entrySet());
        assertEquals(live.hashCode(), view.hashCode());
        assertFalse(view.isEmpty());
    }

    @Test
    void an_entry_expires_after_write_on_read_and_on_clean_up() {
        Cache<Integer, String> cache = cache(config().expireAfterWrite(Duration.ofMinutes(1)));
        cache.put(1, "one");
        cache.put(2, "two");
        ticker.advance(Duration.ofSeconds(59));
        assertEquals("one", cache.getIfPresent(1));
        cache.put(2, "deux");
        ticker.advance(Duration.ofSeconds(1));
        assertNull(cache.getIfPresent(1), "expired on read, before any maintenance");
        assertEquals("deux", cache.getIfPresent(2));
        assertFalse(cache.asMap().containsKey(1), "expired entries are absent from the map view");
        cache.cleanUp();
        assertEquals(1, cache.size());
        assertEquals(List.of(new Removal(2, "two", RemovalCause.REPLACED), new Removal(1, "one", RemovalCause.EXPIRED)),
                removals());
        assertEquals(1, cache.stats().expirationCount());
        assertEquals(0, cache.stats().evictionCount());
    }

    @Test
    void durations_too_long_for_a_long_of_nanoseconds_mean_never() {
        for (Duration forever : List.of(Duration.ofDays(106_752), ChronoUnit.FOREVER.getDuration())) {
            Map<String, CacheConfig.Builder<Integer, String>> configs = new java.util.LinkedHashMap<>();
            configs.put("expireAfterWrite", config().expireAfterWrite(forever));
            configs.put("expireAfterAccess", config().expireAfterAccess(forever));
            configs.put("ttl", config().policy(EvictionPolicy.ttl(forever)).maximumSize(10));
            configs.put("both", config().expireAfterWrite(forever).expireAfterAccess(forever).maximumSize(10));
            configs.forEach((what, config) -> {
                FakeTicker clock = new FakeTicker();
                String where = what + " of " + forever;
                Cache<Integer, String> cache = cache(config.ticker(clock));
                // Saturated, so that whatever reads them in nanoseconds (Caffeine, a strategy) cannot overflow.
                assertTrue(cache.config().expireAfterWrite().toNanos() >= 0, where);
                assertTrue(cache.config().expireAfterAccess().toNanos() >= 0, where);
                cache.put(1, "one");
                cache.put(2, "two");
                clock.advance(Duration.ofDays(365L * 250));
                assertEquals("one", cache.getIfPresent(1), where);
                cache.put(2, "deux");
                clock.advance(Duration.ofDays(365L * 30));
                cache.cleanUp();
                assertEquals(Map.of(1, "one", 2, "deux"), Map.copyOf(cache.asMap()), where);
                assertEquals(0, cache.stats().expirationCount(), where);
                cache.close();
            });
        }
        assertEquals(List.of(new Removal(2, "two", RemovalCause.REPLACED)), removals().stream().distinct().toList());
        assertEquals(8, removals().size(), "one replacement per cache, nothing expired");
    }

    @Test
    void reads_keep_an_entry_that_expires_after_access() {
        Cache<Integer, String> cache = cache(config().expireAfterAccess(Duration.ofSeconds(10)));
        cache.put(1, "one");
        cache.put(2, "two");
        for (int i = 0; i < 5; i++) {
            ticker.advance(Duration.ofSeconds(6));
            assertEquals("one", cache.getIfPresent(1));
        }
        assertNull(cache.getIfPresent(2));
        cache.cleanUp();
        assertEquals(Set.of(1), cache.asMap().keySet());
        assertEquals(List.of(new Removal(2, "two", RemovalCause.EXPIRED)), removals());
    }

    @Test
    void put_if_absent_and_compute_if_absent_of_a_present_key_read_it_as_an_access() {
        // As in Caffeine, and as the map view's get: the entry's access time and its place in the
        // strategy's order move; the stats count nothing, as for every read through the view.
        Cache<Integer, String> cache = cache(config().expireAfterAccess(Duration.ofSeconds(10)));
        ConcurrentMap<Integer, String> map = cache.asMap();
        cache.put(1, "one");
        cache.put(2, "two");
        for (int i = 0; i < 3; i++) {
            ticker.advance(Duration.ofSeconds(6));
            assertEquals("one", map.putIfAbsent(1, "uno"));
            ticker.advance(Duration.ofSeconds(6));
            assertEquals("one", map.computeIfAbsent(1, k -> "uno"));
        }
        cache.cleanUp();
        assertEquals(Set.of(1), map.keySet(), "only the entry never accessed expired");
        assertEquals(List.of(new Removal(2, "two", RemovalCause.EXPIRED)), removals());
        assertEquals(0, cache.stats().requestCount());
        if (!exactLru()) {
            return;
        }
        Cache<Integer, String> bounded = cache(config().maximumSize(3));
        bounded.put(1, "one");
        bounded.put(2, "two");
        bounded.put(3, "three");
        bounded.put(4, "four");
        bounded.cleanUp();
        assertEquals("two", bounded.asMap().putIfAbsent(2, "deux"));
        assertEquals("three", bounded.asMap().computeIfAbsent(3, k -> "trois"));
        bounded.cleanUp();
        assertEquals(List.of(4, 2, 3), List.copyOf(bounded.policy().orElseThrow().coldest(3).keySet()));
    }

    @Test
    void expired_entries_are_removed_in_the_background_and_reported() {
        RecordingListener<Integer, String> heard = new RecordingListener<>();
        Cache<Integer, String> cache = memory.cache(CacheConfig.<Integer, String>builder().backend(backend())
                .policy(policy()).expireAfterWrite(Duration.ofMillis(50)).removalListener(heard).build());
        for (int i = 0; i < 10; i++) {
            cache.put(i, "v" + i);
        }
        // Nothing touches the cache from here on: only its background work can remove the entries.
        await("10 EXPIRED notifications", () -> heard.removals(RemovalCause.EXPIRED).size() == 10);
        assertEquals(0, cache.size());
        assertEquals(10, cache.stats().expirationCount());
    }

    @Test
    void the_ttl_policy_expires_entries_in_the_background() {
        RecordingListener<Integer, String> heard = new RecordingListener<>();
        Cache<Integer, String> cache = memory.cache(CacheConfig.<Integer, String>builder().backend(backend())
                .policy(EvictionPolicy.ttl(Duration.ofMillis(50))).removalListener(heard).build());
        cache.put(1, "one");
        await("an EXPIRED notification", () -> heard.removals(RemovalCause.EXPIRED).size() == 1);
        assertNull(cache.getIfPresent(1));
        assertEquals(Duration.ofMillis(50), cache.config().expireAfterWrite());
    }

    // ---- loading -------------------------------------------------------------------------------

    @Test
    void get_loads_an_absent_key_once_and_then_hits() {
        Cache<Integer, String> cache = cache(config());
        AtomicInteger loads = new AtomicInteger();
        assertEquals("v1", cache.get(1, k -> {
            loads.incrementAndGet();
            return "v" + k;
        }));
        assertEquals("v1", cache.get(1, k -> fail("loaded again")));
        assertEquals(1, loads.get());
        CacheStats stats = cache.stats();
        assertEquals(1, stats.missCount());
        assertEquals(1, stats.hitCount());
        assertEquals(1, stats.loadSuccessCount());
        assertEquals(0, stats.loadFailureCount());
    }

    @Test
    void concurrent_gets_of_one_key_run_the_loader_once() throws Exception {
        Cache<Integer, String> cache = cache(config());
        int callers = 16;
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(threads.submit(() -> cache.get(7, k -> {
                    loads.incrementAndGet();
                    loading.countDown();
                    awaitLatch(release);
                    return "seven";
                })));
            }
            assertTrue(loading.await(SOON.toSeconds(), TimeUnit.SECONDS));
            // Let the other callers reach the cache while the load is in flight.
            Thread.sleep(100);
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
    void a_loader_asking_for_its_own_key_is_refused_not_deadlocked() {
        Cache<Integer, String> cache = cache(config());
        CacheException e = assertThrows(CacheException.class, () -> cache.get(1, k -> cache.get(1, k2 -> "inner")));
        assertEquals(CacheException.Kind.RECURSIVE_LOAD, e.kind());
        assertEquals(cache.name(), e.cacheName());
        assertNull(cache.getIfPresent(1));
        assertEquals("later", cache.get(1, k -> "later"), "the cache stays usable for the key");
    }

    @Test
    void a_failing_loader_caches_nothing_and_its_exception_reaches_the_caller() {
        Cache<Integer, String> cache = cache(config());
        IllegalStateException boom = new IllegalStateException("database down");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> cache.get(1, k -> {
            throw boom;
        })));
        assertNull(cache.getIfPresent(1));
        assertEquals(0, cache.size());
        assertEquals(1, cache.stats().loadFailureCount());
        assertEquals(List.of(), removals());
    }

    @Test
    void a_failing_load_reaches_every_caller_that_waited_for_it() throws Exception {
        Cache<Integer, String> cache = cache(config());
        IllegalStateException boom = new IllegalStateException("fails for all");
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(threads.submit(() -> cache.get(3, k -> {
                    loading.countDown();
                    awaitLatch(release);
                    throw boom;
                })));
            }
            assertTrue(loading.await(SOON.toSeconds(), TimeUnit.SECONDS));
            Thread.sleep(100);
            release.countDown();
            for (Future<String> result : results) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> result.get(SOON.toSeconds(), TimeUnit.SECONDS));
                assertSame(boom, e.getCause());
            }
        }
        assertEquals(0, cache.size());
    }

    @Test
    void a_loader_throwing_a_checked_exception_fails_its_caller_and_the_waiters_load_for_themselves() {
        Cache<Integer, String> cache = cache(config());
        IOException checked = new IOException("disk gone");
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Function<Integer, String> loader = k -> {
            if (runs.incrementAndGet() == 1) {
                loading.countDown();
                awaitLatch(release);
                throw sneaky(checked); // as Kotlin, Scala or Lombok's @SneakyThrows do
            }
            return "loaded by a waiter";
        };
        int callers = 4;
        List<Object> outcomes = new ArrayList<>();
        assertTimeoutPreemptively(SOON.multipliedBy(2), () -> {
            ExecutorService threads = Executors.newFixedThreadPool(callers);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    results.add(threads.submit(() -> cache.get(3, loader)));
                }
                assertTrue(loading.await(SOON.toSeconds(), TimeUnit.SECONDS));
                // Let the other callers reach the cache and wait while the load is in flight.
                Thread.sleep(100);
                release.countDown();
                for (Future<String> result : results) {
                    try {
                        outcomes.add(result.get());
                    } catch (ExecutionException e) {
                        outcomes.add(e.getCause());
                    }
                }
            } finally {
                threads.shutdownNow();
            }
        }, "callers waiting for a load that threw a checked exception never returned");
        assertEquals(1, outcomes.stream().filter(o -> o == checked).count(), outcomes::toString);
        assertEquals(callers - 1, outcomes.stream().filter("loaded by a waiter"::equals).count(), outcomes::toString);
        assertEquals(2, runs.get(), "the failed load, then one load by a waiter for all of them");
        assertEquals(1, cache.stats().loadFailureCount());
        assertEquals(1, cache.stats().loadSuccessCount());
        assertEquals("loaded by a waiter", cache.getIfPresent(3));
    }

    @Test
    void a_checked_exception_thrown_by_a_map_view_function_reaches_the_caller_and_leaves_the_cache_usable() {
        Cache<Integer, String> cache = cache(config().maximumSize(4));
        IOException checked = new IOException("function fails");
        cache.put(1, "one");
        ConcurrentMap<Integer, String> map = cache.asMap();
        assertSame(checked, assertThrows(IOException.class, () -> map.computeIfAbsent(2, k -> {
            throw sneaky(checked);
        })));
        assertSame(checked, assertThrows(IOException.class, () -> map.compute(1, (k, v) -> {
            throw sneaky(checked);
        })));
        assertSame(checked, assertThrows(IOException.class, () -> map.merge(1, "x", (a, b) -> {
            throw sneaky(checked);
        })));
        for (int i = 2; i < 10; i++) {
            cache.put(i, "v" + i);
        }
        cache.cleanUp();
        assertEquals(4, cache.size());
        assertEquals(5, listener.removals(RemovalCause.SIZE).size());
    }

    @Test
    void a_load_cycle_through_two_threads_fails_with_its_keys_instead_of_deadlocking() {
        Cache<Integer, String> cache = cache(config());
        CountDownLatch bothLoading = new CountDownLatch(2);
        List<Throwable> failures = new ArrayList<>();
        assertTimeoutPreemptively(SOON.multipliedBy(2), () -> {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                // Each loader waits until both loads are in flight, then asks for the other key.
                Future<String> one = threads.submit(() -> cache.get(1, k -> {
                    bothLoading.countDown();
                    awaitLatch(bothLoading);
                    return "one needs " + cache.get(2, k2 -> "two");
                }));
                Future<String> two = threads.submit(() -> cache.get(2, k -> {
                    bothLoading.countDown();
                    awaitLatch(bothLoading);
                    return "two needs " + cache.get(1, k1 -> "one");
                }));
                for (Future<String> result : List.of(one, two)) {
                    failures.add(assertThrows(ExecutionException.class, result::get).getCause());
                }
            } finally {
                threads.shutdownNow();
            }
        }, "a cycle of loads on two threads deadlocked");
        for (Throwable failure : failures) {
            CacheException e = assertInstanceOf(CacheException.class, failure);
            assertEquals(CacheException.Kind.RECURSIVE_LOAD, e.kind());
            assertEquals(cache.name(), e.cacheName());
            assertTrue(e.getMessage().contains("1 -> 2 -> 1") || e.getMessage().contains("2 -> 1 -> 2"), e::getMessage);
        }
        assertEquals(2, cache.stats().loadFailureCount(), "both loads failed");
        assertEquals(0, cache.size());
        assertEquals("one", cache.get(1, k -> "one"), "the keys load again once the cycle is broken");
        assertEquals("two", cache.get(2, k -> "two"));
    }

    @Test
    void a_loader_joining_an_async_load_that_waits_for_it_fails_instead_of_deadlocking() {
        Cache<Integer, String> cache = cache(config());
        Throwable failure = assertTimeoutPreemptively(SOON.multipliedBy(2), () -> assertThrows(CompletionException.class,
                () -> cache.get(1, k -> "one needs " + cache.getAsync(2, k2 -> "two needs " + cache.get(1, k1 -> "one"))
                        .join())), "a loader joining an async load that waits for it deadlocked");
        CacheException e = assertInstanceOf(CacheException.class, failure.getCause());
        assertEquals(CacheException.Kind.RECURSIVE_LOAD, e.kind());
        assertTrue(e.getMessage().contains("1 -> 2 -> 1") || e.getMessage().contains("2 -> 1 -> 2"), e::getMessage);
        assertEquals("one", cache.get(1, k -> "one"), "the cache stays usable for the keys");
        // The async load of 2 fails with the cycle too, and may still be handing that to its waiters.
        await("key 2 loading again", () -> {
            try {
                return "two".equals(cache.getAsync(2, k -> "two").join());
            } catch (CompletionException stillFailing) {
                return false;
            }
        });
    }

    @Test
    void a_loader_joining_an_async_load_of_another_key_is_fine() {
        Cache<Integer, String> cache = cache(config());
        assertEquals("one+two", assertTimeoutPreemptively(SOON.multipliedBy(2),
                () -> cache.get(1, k -> "one+" + cache.getAsync(2, k2 -> "two").join())));
        assertEquals("two", cache.getIfPresent(2));
    }

    @Test
    void a_loader_returning_null_caches_nothing() {
        Cache<Integer, String> cache = cache(config());
        assertNull(cache.get(1, k -> null));
        assertNull(cache.getIfPresent(1));
        assertEquals(0, cache.size());
    }

    @Test
    void get_async_loads_on_a_virtual_thread_and_completes_hits_at_once() throws Exception {
        Cache<Integer, String> cache = cache(config());
        AtomicReference<Thread> loader = new AtomicReference<>();
        assertEquals("v1", cache.getAsync(1, k -> {
            loader.set(Thread.currentThread());
            return "v" + k;
        }).get(SOON.toSeconds(), TimeUnit.SECONDS));
        assertTrue(loader.get().isVirtual(), () -> "loaded on " + loader.get());
        CompletableFuture<String> hit = cache.getAsync(1, k -> fail("loaded again"));
        assertTrue(hit.isDone());
        assertEquals("v1", hit.join());
        IllegalStateException boom = new IllegalStateException("async fails");
        CompletableFuture<String> failed = cache.getAsync(2, k -> {
            throw boom;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(SOON.toSeconds(), TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        assertNull(cache.getIfPresent(2));
    }

    @Test
    void get_async_counts_its_hit_or_miss_when_it_returns_and_its_load_as_get_does() throws Exception {
        Cache<Integer, String> cache = cache(config().recordStats(true));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> miss = cache.getAsync(1, k -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "v" + k;
        });
        // Counted when getAsync returns, whatever the load does later: one request, one miss.
        CacheStats counted = cache.stats();
        assertEquals(0, counted.hitCount(), counted::toString);
        assertEquals(1, counted.missCount(), counted::toString);
        assertEquals(0, counted.loadSuccessCount() + counted.loadFailureCount(), counted::toString);
        release.countDown();
        assertEquals("v1", miss.get(SOON.toSeconds(), TimeUnit.SECONDS));
        assertEquals("v1", cache.getAsync(1, k -> fail("loaded again")).join());
        IllegalStateException boom = new IllegalStateException("async fails");
        CompletableFuture<String> failed = cache.getAsync(2, k -> {
            throw boom;
        });
        assertThrows(ExecutionException.class, () -> failed.get(SOON.toSeconds(), TimeUnit.SECONDS));
        CacheStats s = cache.stats();
        assertEquals(1, s.hitCount(), s::toString);
        assertEquals(2, s.missCount(), s::toString);
        assertEquals(1, s.loadSuccessCount(), s::toString);
        assertEquals(1, s.loadFailureCount(), s::toString);
    }

    // ---- the map view --------------------------------------------------------------------------

    @Test
    void the_map_view_reads_and_writes_the_cache() {
        Cache<Integer, String> cache = cache(config());
        ConcurrentMap<Integer, String> map = cache.asMap();
        assertSame(map, cache.asMap());
        assertNull(map.put(1, "one"));
        assertEquals("one", map.put(1, "uno"));
        assertEquals("uno", map.putIfAbsent(1, "ein"));
        assertNull(map.putIfAbsent(2, "two"));
        assertTrue(map.replace(2, "two", "deux"));
        assertFalse(map.replace(2, "two", "zwei"));
        assertEquals("three", map.computeIfAbsent(3, k -> "three"));
        assertEquals("three!", map.computeIfPresent(3, (k, v) -> v + "!"));
        assertEquals("four", map.compute(4, (k, v) -> v == null ? "four" : v));
        assertEquals("four+4", map.merge(4, "+4", String::concat));
        assertTrue(map.remove(4, "four+4"));
        assertNull(map.compute(3, (k, v) -> null));
        assertEquals(Map.of(1, "uno", 2, "deux"), Map.copyOf(map));
        assertEquals(2, map.size());
        assertEquals(2, cache.size());
        assertEquals("uno", cache.getIfPresent(1));
        assertEquals(List.of(
                new Removal(1, "one", RemovalCause.REPLACED),
                new Removal(2, "two", RemovalCause.REPLACED),
                new Removal(3, "three", RemovalCause.REPLACED),
                new Removal(4, "four", RemovalCause.REPLACED),
                new Removal(4, "four+4", RemovalCause.EXPLICIT),
                new Removal(3, "three!", RemovalCause.EXPLICIT)), removals());
    }

    @Test
    void reads_through_the_map_view_do_not_count() {
        Cache<Integer, String> cache = cache(config());
        cache.asMap().put(1, "one");
        assertEquals("one", cache.asMap().get(1));
        assertNull(cache.asMap().get(2));
        assertTrue(cache.asMap().containsKey(1));
        assertEquals(0, cache.stats().requestCount());
    }

    @Test
    void writes_through_the_map_view_are_bounded() {
        Cache<Integer, String> cache = cache(config().maximumSize(5));
        for (int i = 0; i < 20; i++) {
            cache.asMap().put(i, "v" + i);
        }
        cache.cleanUp();
        assertEquals(5, cache.asMap().size());
        assertEquals(15, listener.removals(RemovalCause.SIZE).size());
    }

    @Test
    void the_map_views_iterators_remove_entries() {
        Cache<Integer, String> cache = cache(config());
        for (int i = 0; i < 10; i++) {
            cache.put(i, "v" + i);
        }
        Iterator<Map.Entry<Integer, String>> entries = cache.asMap().entrySet().iterator();
        int seen = 0;
        while (entries.hasNext()) {
            Map.Entry<Integer, String> entry = entries.next();
            assertEquals("v" + entry.getKey(), entry.getValue());
            seen++;
            if (entry.getKey() % 2 == 0) {
                entries.remove();
            }
        }
        assertEquals(10, seen);
        cache.asMap().keySet().removeIf(k -> k == 1);
        cache.cleanUp();
        assertEquals(Set.of(3, 5, 7, 9), cache.asMap().keySet());
        assertEquals(6, listener.removals(RemovalCause.EXPLICIT).size());
    }

    @Test
    void the_map_views_key_value_and_entry_views_write_through_and_are_refused_once_the_cache_is_closed() {
        Cache<Integer, String> cache = cache(config());
        ConcurrentMap<Integer, String> map = cache.asMap();
        map.put(1, "one");
        map.put(2, "two");
        map.put(3, "three");
        Set<Integer> keys = map.keySet();
        java.util.Collection<String> values = map.values();
        Set<Map.Entry<Integer, String>> entries = map.entrySet();
        Map.Entry<Integer, String> first = entries.stream().filter(e -> e.getKey() == 1).findFirst().orElseThrow();
        assertEquals("one", first.setValue("uno"));
        assertEquals("uno", first.getValue());
        assertEquals("uno", cache.getIfPresent(1));
        assertTrue(entries.contains(Map.entry(1, "uno")));
        assertFalse(entries.contains(Map.entry(1, "one")));
        assertFalse(entries.remove(Map.entry(2, "deux")));
        assertTrue(entries.remove(Map.entry(2, "two")));
        assertTrue(values.remove("three"));
        assertEquals(Set.of(1), keys);
        assertEquals(List.of("uno"), List.copyOf(values));
        assertTrue(values.contains("uno") && map.containsValue("uno") && !map.containsValue("one"));
        assertFalse(map.isEmpty());
        cache.cleanUp();
        assertEquals(List.of(new Removal(1, "one", RemovalCause.REPLACED), new Removal(2, "two", RemovalCause.EXPLICIT),
                new Removal(3, "three", RemovalCause.EXPLICIT)), removals());
        keys.clear();
        assertTrue(map.isEmpty() && entries.isEmpty() && values.isEmpty());
        cache.close();
        for (java.util.function.Supplier<?> call : List.<java.util.function.Supplier<?>>of(map::size, map::isEmpty, () -> map.get(1), () -> map.put(4, "four"),
                map::keySet, map::values, map::entrySet, keys::iterator, values::iterator, entries::iterator)) {
            CacheException e = assertThrows(CacheException.class, call::get);
            assertEquals(CacheException.Kind.CLOSED, e.kind());
        }
    }

    @Test
    void iterators_of_the_map_view_made_before_the_close_are_refused_after_it_rather_than_walk_the_dropped_entries() {
        Cache<Integer, String> cache = cache(config());
        cache.put(1, "one");
        cache.put(2, "two");
        ConcurrentMap<Integer, String> map = cache.asMap();
        Iterator<Integer> walked = map.keySet().iterator();
        walked.next();
        List<Iterator<?>> iterators = List.of(walked, map.keySet().iterator(), map.values().iterator(),
                map.entrySet().iterator());
        cache.close();
        for (Iterator<?> iterator : iterators) {
            for (java.util.function.Supplier<?> call : List.<java.util.function.Supplier<?>>of(iterator::hasNext,
                    iterator::next)) {
                CacheException e = assertThrows(CacheException.class, call::get, "a closed cache has no entries to walk");
                assertEquals(CacheException.Kind.CLOSED, e.kind());
                assertEquals("cache '" + cache.name() + "' is closed", e.getMessage());
            }
        }
        CacheException e = assertThrows(CacheException.class, walked::remove);
        assertEquals(CacheException.Kind.CLOSED, e.kind());
        assertEquals(List.of(), removals(), "the close drops the entries silently");
    }

    // ---- writes from the cache's own functions --------------------------------------------------

    /** What every refusal of a write from a mapping function, an expiry or a weigher says. */
    private static final String WRITE_REFUSED = " was written from a mapping function of asMap(), an expiry or a"
            + " weigher of this cache, which is refused whatever the key: such a function must not write to the"
            + " cache it runs in. Return the value from the function, and write after the call returns";

    /**
     * The mapping functions of {@code asMap()} write to the cache they run in, to the key they
     * compute and to others: keys 0 to 63 share a bin of a small hash map with the key computed,
     * or not, so that a rule that depended on the implementation's locks would show. Every such
     * write is refused alike, before it changes anything; a function that catches the refusal
     * completes its own computation.
     */
    @Test
    void a_mapping_function_of_the_map_view_writing_to_its_cache_is_refused_whatever_the_key() {
        AtomicReference<Cache<Integer, String>> self = new AtomicReference<>();
        List<String> wrong = new ArrayList<>();
        Cache<Integer, String> cache = cache(config().maximumSize(1_000));
        self.set(cache);
        cache.put(0, "zero");
        ConcurrentMap<Integer, String> map = cache.asMap();
        java.util.ConcurrentModificationException first = assertThrows(java.util.ConcurrentModificationException.class,
                () -> map.compute(500, (k, v) -> {
                    cache.put(7, "inner");
                    return "not stored: the function threw";
                }));
        assertEquals("cache '" + cache.name() + "': key 7" + WRITE_REFUSED, first.getMessage());
        assertEquals(Map.of(0, "zero"), Map.copyOf(map), "neither the inner nor the outer write is stored");

        assertEquals("computed", map.compute(500, (k, v) -> {
            wrong.addAll(attemptWrites(self.get()));
            return "computed";
        }));
        assertEquals("absent", map.computeIfAbsent(501, k -> {
            wrong.addAll(attemptWrites(self.get()));
            return "absent";
        }));
        assertEquals("computed!", map.computeIfPresent(500, (k, v) -> {
            wrong.addAll(attemptWrites(self.get()));
            return v + "!";
        }));
        assertEquals("computed!m", map.merge(500, "m", (held, given) -> {
            wrong.addAll(attemptWrites(self.get()));
            return held + given;
        }));
        assertRefused(wrong);
        cache.cleanUp();
        assertEquals(Map.of(0, "zero", 500, "computed!m", 501, "absent"), Map.copyOf(map));
        assertEquals(3, cache.policy().orElseThrow().weightedSize(), "the refused writes left no weight behind");
        assertEquals(List.of(new Removal(500, "computed", RemovalCause.REPLACED),
                new Removal(500, "computed!", RemovalCause.REPLACED)), removals());
    }

    /**
     * From a callback of its cache (a weigher, an expiry), for key 500 and not again from the writes
     * it attempts itself: every kind of write to that cache ({@link #attemptWrites}), keeping those
     * that were not refused.
     */
    private static final class WritesFromCallback {
        final AtomicReference<Cache<Integer, String>> cache = new AtomicReference<>();
        final List<String> wrong = new ArrayList<>();
        final AtomicInteger rounds = new AtomicInteger();
        private boolean busy;

        void attempt(int key) {
            if (key == 500 && !busy) {
                busy = true;
                try {
                    rounds.incrementAndGet();
                    wrong.addAll(attemptWrites(cache.get()));
                } finally {
                    busy = false;
                }
            }
        }
    }

    /** The weigher's writes to its cache are refused as the mapping functions' are, whatever the key. */
    @Test
    void a_weigher_writing_to_its_cache_is_refused_whatever_the_key() {
        WritesFromCallback writes = new WritesFromCallback();
        Cache<Integer, String> cache = cache(config().maximumWeight(1_000).weigher((k, v) -> {
            writes.attempt(k);
            return 1;
        }));
        writes.cache.set(cache);
        cache.put(0, "zero");
        cache.put(500, "outer");
        cache.asMap().put(500, "outer again");
        assertRefused(writes.wrong);
        assertEquals(2, writes.rounds.get());
        cache.cleanUp();
        assertEquals(Map.of(0, "zero", 500, "outer again"), Map.copyOf(cache.asMap()));
        assertEquals(2, cache.policy().orElseThrow().weightedSize(), "the refused writes left no weight behind");
    }

    /** The expiry's writes to its cache (on create, update and read) are refused alike, whatever the key. */
    @Test
    void an_expiry_writing_to_its_cache_is_refused_whatever_the_key() {
        WritesFromCallback writes = new WritesFromCallback();
        Cache<Integer, String> cache = cache(config().maximumSize(1_000)
                .expiry(org.patinox.memory.cache.Expiry.accessing((k, v) -> {
                    writes.attempt(k);
                    return Duration.ofMinutes(5);
                })));
        writes.cache.set(cache);
        cache.put(0, "zero");
        cache.put(500, "created");
        assertEquals("created", cache.getIfPresent(500));
        cache.put(500, "updated");
        assertRefused(writes.wrong);
        assertEquals(3, writes.rounds.get(), "create, read and update");
        cache.cleanUp();
        assertEquals(Map.of(0, "zero", 500, "updated"), Map.copyOf(cache.asMap()));
    }

    /**
     * A refused write changes nothing, not even what the cache tells the loads in flight: a removal
     * from a mapping function, refused, must not make another thread's load of that key take its
     * value out again once stored, as a removal that went through would.
     */
    @Test
    void a_refused_write_leaves_the_loads_in_flight_alone() throws Exception {
        Cache<Integer, String> cache = cache(config().maximumSize(1_000));
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newSingleThreadExecutor()) {
            Future<String> load = threads.submit(() -> cache.get(5, k -> {
                loading.countDown();
                awaitLatch(release);
                return "loaded";
            }));
            assertTrue(loading.await(SOON.toSeconds(), TimeUnit.SECONDS));
            List<Class<?>> refusals = new ArrayList<>();
            assertEquals("computed", cache.asMap().compute(7, (k, v) -> {
                for (Runnable write : List.<Runnable>of(() -> cache.asMap().remove(5),
                        () -> cache.asMap().keySet().remove(5), () -> cache.asMap().clear(), () -> cache.remove(5),
                        cache::invalidateAll, () -> cache.asMap().put(5, "put"))) {
                    try {
                        write.run();
                    } catch (RuntimeException e) {
                        refusals.add(e.getClass());
                    }
                }
                return "computed";
            }));
            assertEquals(java.util.Collections.nCopies(6, java.util.ConcurrentModificationException.class), refusals);
            release.countDown();
            assertEquals("loaded", load.get(SOON.toSeconds(), TimeUnit.SECONDS));
        }
        cache.cleanUp();
        assertEquals(Map.of(5, "loaded", 7, "computed"), Map.copyOf(cache.asMap()),
                "the load's value stays: no removal came while it loaded");
    }

    /** @param wrong what {@link #attemptWrites} found: fails with its count and first lines unless empty */
    private static void assertRefused(List<String> wrong) {
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " writes not refused as the contract says, the first: "
                + String.join("; ", wrong.subList(0, Math.min(6, wrong.size()))));
    }

    /**
     * Makes every kind of write to keys 0 to 63 of the cache (and loads of keys 1000 to 1063),
     * from inside one of its functions.
     *
     * @return a line for each write not refused as the contract says; empty when all were
     */
    private static List<String> attemptWrites(Cache<Integer, String> cache) {
        List<java.util.function.Consumer<Integer>> writes = List.of(
                k -> cache.put(k, "inner"),
                k -> cache.remove(k),
                k -> cache.get(1_000 + k, key -> "inner"),
                k -> cache.asMap().put(k, "inner"),
                k -> cache.asMap().putIfAbsent(k, "inner"),
                k -> cache.asMap().replace(k, "inner"),
                k -> cache.asMap().remove(k),
                k -> cache.asMap().compute(k, (key, v) -> "inner"),
                k -> cache.asMap().merge(k, "inner", (held, given) -> given),
                k -> cache.invalidateAll());
        List<String> wrong = new ArrayList<>();
        for (int k = 0; k < 64; k++) {
            for (int w = 0; w < writes.size(); w++) {
                try {
                    writes.get(w).accept(k);
                    wrong.add("write " + w + " to key " + k + " was accepted");
                } catch (java.util.ConcurrentModificationException e) {
                    String key = w == writes.size() - 1 ? "every key" : "key " + (w == 2 ? 1_000 + k : k);
                    String expected = "cache '" + cache.name() + "': " + key + WRITE_REFUSED;
                    if (!expected.equals(e.getMessage())) {
                        wrong.add("write " + w + " to key " + k + ": " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    wrong.add("write " + w + " to key " + k + ": " + e);
                }
            }
        }
        return wrong;
    }

    // ---- callbacks -----------------------------------------------------------------------------

    @Test
    void a_throwing_listener_is_reported_and_the_cache_goes_on() {
        Cache<Integer, String> cache = cache(config().maximumSize(2).removalListener((k, v, cause) -> {
            throw new IllegalStateException("listener fails for " + k);
        }));
        for (int i = 0; i < 10; i++) {
            cache.put(i, "v" + i);
        }
        cache.cleanUp();
        cache.remove(cache.asMap().keySet().iterator().next());
        cache.cleanUp();
        assertEquals(1, cache.size());
        await("CACHE_CALLBACK_FAILED events", () -> failures("listener") >= 9);
        MonitorEvent event = monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                .findFirst().orElseThrow();
        assertEquals(cache.name(), event.source());
        assertTrue(event.error().orElseThrow().getMessage().startsWith("listener fails for"));
    }

    @Test
    void a_listener_that_closes_its_cache_closes_it_without_waiting_for_itself() {
        AtomicReference<Cache<Integer, String>> self = new AtomicReference<>();
        AtomicInteger closedByListener = new AtomicInteger();
        self.set(cache(config().maximumSize(1).removalListener((k, v, cause) -> {
            self.get().close();
            closedByListener.incrementAndGet();
        })));
        Cache<Integer, String> cache = self.get();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                // Evicts 1, on this thread or on the cache's own; whichever call comes after the
                // close finds the cache closed.
                cache.put(1, "one");
                cache.put(2, "two");
                cache.cleanUp();
            } catch (CacheException e) {
                assertEquals(CacheException.Kind.CLOSED, e.kind());
            }
            await("the listener closed the cache", () -> closedByListener.get() == 1);
        });
        assertTrue(cache.isClosed());
        assertEquals(CacheException.Kind.CLOSED, assertThrows(CacheException.class, () -> cache.put(3, "three")).kind());
    }

    @Test
    void a_custom_strategy_is_told_of_every_entry_once_and_asked_for_victims() {
        if (!takesStrategies()) {
            return;
        }
        List<CheckingStrategy<Integer, String>> made = new ArrayList<>();
        Cache<Integer, String> cache = cache(config().maximumSize(8).policy(EvictionPolicy.custom(() -> {
            CheckingStrategy<Integer, String> strategy = new CheckingStrategy<>(builtIn("lru"));
            made.add(strategy);
            return strategy;
        })));
        assertEquals(1, made.size(), "one strategy per cache");
        for (int i = 0; i < 200; i++) {
            cache.put(i % 40, "v" + i);
            cache.getIfPresent((i * 7) % 40);
            if (i % 9 == 0) {
                cache.remove((i * 3) % 40);
            }
        }
        cache.cleanUp();
        CheckingStrategy<Integer, String> strategy = made.getFirst();
        assertEquals(List.of(), strategy.breaches());
        assertEquals(cache.size(), strategy.held());
        assertEquals(strategy.inserts() - strategy.removes(), cache.size());
        assertEquals(8, cache.size());
    }

    @Test
    void a_strategy_that_refuses_admission_drops_the_entry_as_an_eviction() {
        if (!takesStrategies()) {
            return;
        }
        Cache<Integer, String> cache = cache(config().maximumSize(100).policy(EvictionPolicy.custom(() ->
                new Delegating<Integer, String>(builtIn("lru")) {
                    @Override
                    public boolean admit(CacheEntry<Integer, String> candidate) {
                        return candidate.key() % 2 == 0;
                    }
                })));
        for (int i = 0; i < 10; i++) {
            cache.put(i, "v" + i);
        }
        cache.cleanUp();
        assertEquals(Set.of(0, 2, 4, 6, 8), cache.asMap().keySet());
        assertEquals(5, listener.removals(RemovalCause.SIZE).size());
        assertEquals(5, cache.stats().evictionCount());
    }

    @Test
    void a_throwing_strategy_is_reported_and_the_bound_still_holds() {
        if (!takesStrategies()) {
            return;
        }
        Cache<Integer, String> cache = cache(config().maximumSize(4).policy(EvictionPolicy.custom(() ->
                new Delegating<Integer, String>(builtIn("lru")) {
                    @Override
                    public CacheEntry<Integer, String> victim() {
                        throw new IllegalStateException("strategy lost track");
                    }
                })));
        for (int i = 0; i < 20; i++) {
            cache.put(i, "v" + i);
        }
        cache.cleanUp();
        assertEquals(4, cache.size());
        assertEquals(16, listener.removals(RemovalCause.SIZE).size());
        assertTrue(failures("strategy") >= 1, () -> monitor.kinds().toString());
    }

    /**
     * A strategy whose {@code victim()} answers no entry while the cache is over its bound threw
     * nothing: the log says what it answered, worded alike in every cache, rather than that it threw,
     * and the bound still holds.
     */
    @Test
    void a_strategy_answering_no_victim_is_reported_as_such_and_the_bound_still_holds() {
        if (!takesStrategies()) {
            return;
        }
        try (LogCapture logs = LogCapture.library()) {
            Cache<Integer, String> cache = cache(config().maximumSize(4).policy(EvictionPolicy.custom(() ->
                    new Delegating<Integer, String>(builtIn("lru")) {
                        @Override
                        public CacheEntry<Integer, String> victim() {
                            return null;
                        }
                    })));
            cache.put(0, "v0");
            cache.put(1, "v1");
            cache.put(2, "v2");
            cache.put(3, "v3");
            cache.put(4, "v4");
            cache.cleanUp();
            assertEquals(4, cache.size());
            assertEquals(1, listener.removals(RemovalCause.SIZE).size());
            assertTrue(failures("strategy") >= 1, () -> monitor.kinds().toString());
            String expected = "Cache " + cache.name() + ": the strategy's victim() chose no entry while the weight 5"
                    + " is over the maximum 4; the cache evicts another";
            assertEquals(List.of(expected), logs.records().stream().map(LogRecord::getMessage).distinct().toList());
        }
    }

    /** An error of a strategy's own, such as a failed assertion: not one of the JVM's. */
    private static final class StrategyBroken extends Error {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        StrategyBroken(String message) {
            super(message);
        }
    }

    @Test
    void a_strategy_throwing_an_error_is_reported_and_the_bound_still_holds() {
        if (!takesStrategies()) {
            return;
        }
        try (LogCapture logs = LogCapture.library()) {
            Cache<Integer, String> cache = cache(config().maximumSize(10).policy(EvictionPolicy.custom(() ->
                    new Delegating<Integer, String>(builtIn("lru")) {
                        @Override
                        public CacheEntry<Integer, String> victim() {
                            throw new StrategyBroken("victim() lost track");
                        }
                    })));
            for (int i = 0; i < 200; i++) {
                cache.put(i, "v" + i);
            }
            cache.cleanUp();
            assertEquals(10, cache.size());
            assertEquals(190, listener.removals(RemovalCause.SIZE).size());
            assertEquals(190, cache.stats().evictionCount());
            assertTrue(failures("strategy") >= 1, () -> monitor.kinds().toString());
            assertTrue(monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                    .allMatch(e -> e.error().orElseThrow() instanceof StrategyBroken), "the strategy's error is reported");
            assertFalse(logs.records().isEmpty(), "the failure is logged too");
        }
    }

    @Test
    void a_listener_throwing_a_checked_exception_is_reported_and_the_caller_goes_on() {
        IOException checked = new IOException("listener fails");
        try (LogCapture logs = LogCapture.library()) {
            Cache<Integer, String> cache = cache(config().removalListener((k, v, cause) -> {
                throw sneaky(checked);
            }));
            cache.put(1, "one");
            cache.put(1, "uno");
            assertEquals("uno", cache.remove(1));
            cache.cleanUp();
            assertEquals(0, cache.size());
            await("CACHE_CALLBACK_FAILED events", () -> failures("listener") >= 2);
            assertFalse(logs.records().isEmpty(), "the failure is logged too");
        }
    }

    @Test
    void a_weigher_throwing_a_checked_exception_fails_the_write_and_is_reported() {
        IOException checked = new IOException("weigher fails");
        try (LogCapture logs = LogCapture.library()) {
            Cache<Integer, String> cache = cache(config().maximumWeight(100).weigher((k, v) -> {
                if (v.equals("bad")) {
                    throw sneaky(checked);
                }
                return 1;
            }));
            cache.put(1, "good");
            assertSame(checked, assertThrows(IOException.class, () -> cache.put(2, "bad")));
            cache.cleanUp();
            assertEquals(Map.of(1, "good"), Map.copyOf(cache.asMap()));
            await("a CACHE_CALLBACK_FAILED event", () -> failures("weigher") >= 1);
            assertFalse(logs.records().isEmpty(), "the failure is logged too");
        }
    }

    // ---- threads of background work ------------------------------------------------------------

    /** @return the name of the current instance's scheduler thread, as {@code MemoryUtilities} names it */
    private String schedulerThreadName() {
        return memory.name() + "-scheduler";
    }

    /**
     * The scheduler is one thread shared by every cache and pool of an instance: background expiry
     * and eviction, the strategy they call and the listener they tell all run elsewhere.
     */
    @Test
    void no_callback_of_background_expiry_or_eviction_runs_on_the_scheduler_thread() {
        Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RecordingListener<Integer, String> expiring = new RecordingListener<>();
        Cache<Integer, String> expires = memory.cache(CacheConfig.<Integer, String>builder().backend(backend())
                .policy(policy()).maximumSize(10).expireAfterWrite(Duration.ofMillis(50)).removalListener(expiring)
                .build());
        for (int i = 0; i < 20; i++) {
            expires.put(i, "v" + i);
        }
        // Nothing touches the cache from here on: only its background work can remove what is left.
        await("the entries left expired in the background", () -> expires.size() == 0
                && expiring.removals().size() == 20 && !expiring.removals(RemovalCause.EXPIRED).isEmpty());
        expiring.removals().forEach(r -> threads.add(r.thread()));

        RecordingListener<Integer, String> condemning = new RecordingListener<>();
        if (takesStrategies()) {
            Cache<Integer, String> condemns = memory.cache(CacheConfig.<Integer, String>builder()
                    .maximumSize(100).removalListener(condemning).policy(EvictionPolicy.custom(() ->
                            new ThreadRecordingStrategy(builtIn("lru"), threads))).build());
            for (int i = 0; i < 10; i++) {
                condemns.put(i, i % 2 == 0 ? "doomed " + i : "kept " + i);
            }
            for (int i = 0; i < 20_000; i++) {
                condemns.getIfPresent(1 + 2 * (i % 5)); // enough reads for a background drain, if any
            }
            await("the strategy's condemned entries removed in the background",
                    () -> condemning.removals(RemovalCause.EXPIRED).size() == 5);
            assertEquals(Set.of(1, 3, 5, 7, 9), condemns.asMap().keySet());
            condemning.removals().forEach(r -> threads.add(r.thread()));
        }
        String scheduler = schedulerThreadName();
        assertTrue(threads.stream().anyMatch(t -> t != Thread.currentThread()), "background work ran callbacks");
        assertEquals(List.of(), threads.stream().filter(t -> t.getName().equals(scheduler)).toList(),
                "callbacks on the scheduler thread " + scheduler);
    }

    /**
     * A listener that blocks in a background removal holds up neither a pool's acquire timeout nor
     * another cache's background expiry in the same instance: their timers share the scheduler.
     */
    @Test
    void a_listener_blocking_in_background_removal_delays_no_other_timer_of_the_instance() throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Cache<Integer, String> stuck = memory.cache(CacheConfig.<Integer, String>builder().backend(backend())
                .policy(policy()).expireAfterWrite(Duration.ofMillis(20)).removalListener((k, v, cause) -> {
                    blocking.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build());
        try {
            stuck.put(1, "one");
            assertTrue(blocking.await(SOON.toSeconds(), TimeUnit.SECONDS), "the entry expired in the background");
            Duration bound = Duration.ofSeconds(5);

            Duration timeout = Duration.ofMillis(200);
            try (org.patinox.memory.pool.Pool<TestConnection> pool = memory.pool(new TestConnectionManager(),
                    org.patinox.memory.pool.PoolConfig.builder().maxSize(1).acquireTimeout(timeout).build())) {
                try (org.patinox.memory.pool.PooledConnection<TestConnection> held = pool.acquire(SOON)) {
                    assertTrue(held.get().claim());
                    held.get().release();
                    long start = System.nanoTime();
                    CompletableFuture<org.patinox.memory.pool.PooledConnection<TestConnection>> waiting = pool.acquire();
                    try {
                        org.patinox.memory.pool.PooledConnection<TestConnection> got =
                                waiting.get(bound.toMillis(), TimeUnit.MILLISECONDS);
                        got.close();
                        fail("acquired " + got + " while the only connection was held");
                    } catch (ExecutionException e) {
                        assertInstanceOf(org.patinox.memory.PoolException.class, e.getCause());
                    } catch (java.util.concurrent.TimeoutException e) {
                        fail("the acquire timeout of " + timeout + " did not fire within " + bound
                                + " while a cache's listener blocked");
                    }
                    Duration waited = Duration.ofNanos(System.nanoTime() - start);
                    assertTrue(waited.compareTo(timeout.plus(bound)) < 0, "timed out after " + waited);
                }
            }

            RecordingListener<Integer, String> other = new RecordingListener<>();
            Cache<Integer, String> expiring = memory.cache(CacheConfig.<Integer, String>builder().backend(backend())
                    .policy(policy()).expireAfterWrite(Duration.ofMillis(20)).removalListener(other).build());
            long start = System.nanoTime();
            expiring.put(1, "one");
            long deadline = start + bound.toNanos();
            while (other.removals(RemovalCause.EXPIRED).isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            assertEquals(1, other.removals(RemovalCause.EXPIRED).size(),
                    "another cache's entry did not expire in the background within " + bound);
        } finally {
            release.countDown();
        }
    }

    /** A strategy that passes every call on and writes down the thread of each. */
    private static final class ThreadRecordingStrategy extends Delegating<Integer, String> {
        private final Set<Thread> threads;

        ThreadRecordingStrategy(EvictionStrategy<Integer, String> delegate, Set<Thread> threads) {
            super(delegate);
            this.threads = threads;
        }

        private void seen() {
            threads.add(Thread.currentThread());
        }

        @Override
        public boolean usesTime() {
            return true;
        }

        @Override
        public boolean shouldEvict(CacheEntry<Integer, String> entry, long now) {
            seen();
            return entry.value().startsWith("doomed");
        }

        @Override
        public boolean admit(CacheEntry<Integer, String> candidate) {
            seen();
            return super.admit(candidate);
        }

        @Override
        public void onInsert(CacheEntry<Integer, String> entry) {
            seen();
            super.onInsert(entry);
        }

        @Override
        public void onAccess(CacheEntry<Integer, String> entry) {
            seen();
            super.onAccess(entry);
        }

        @Override
        public void onUpdate(CacheEntry<Integer, String> entry, int previousWeight) {
            seen();
            super.onUpdate(entry, previousWeight);
        }

        @Override
        public void onRemove(CacheEntry<Integer, String> entry) {
            seen();
            super.onRemove(entry);
        }

        @Override
        public CacheEntry<Integer, String> victim() {
            seen();
            return super.victim();
        }
    }

    // ---- events and closing --------------------------------------------------------------------

    @Test
    void evictions_are_events_for_monitors_that_want_them() {
        Cache<Integer, String> cache = cache(config().maximumSize(1));
        cache.put(1, "one");
        cache.put(2, "two");
        cache.cleanUp();
        await("a CACHE_EVICTION event", () -> monitor.kinds().contains(EventKind.CACHE_EVICTION));
        MonitorEvent event = monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_EVICTION)
                .findFirst().orElseThrow();
        assertEquals(cache.name(), event.source());
        assertEquals(RemovalCause.SIZE.name(), String.valueOf(event.attributes().get("cause")));
        assertTrue(monitor.kinds().contains(EventKind.CACHE_OPENED));
    }

    @Test
    void removals_and_failed_callbacks_are_told_in_the_same_words_by_every_implementation() {
        IllegalStateException boom = new IllegalStateException("the listener fails");
        Cache<Integer, String> cache = cache(config().maximumSize(1).removalListener((k, v, cause) -> {
            throw boom;
        }));
        try (LogCapture log = LogCapture.library()) {
            cache.put(1, "one");
            cache.put(2, "two");
            cache.cleanUp();
            await("a CACHE_CALLBACK_FAILED event", () -> failures("listener") >= 1);
            MonitorEvent failed = monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                    .findFirst().orElseThrow();
            assertEquals(cache.name(), failed.source());
            assertEquals(Map.of("callback", "listener", "call", "onRemoval"), failed.attributes());
            assertSame(boom, failed.error().orElseThrow());
            await("the failure logged", () -> log.records().stream().anyMatch(r -> r.getThrown() == boom));
            java.util.logging.LogRecord logged = log.records().stream().filter(r -> r.getThrown() == boom)
                    .findFirst().orElseThrow();
            assertEquals(java.util.logging.Level.WARNING, logged.getLevel());
            assertEquals("Cache " + cache.name() + ": the listener threw in onRemoval; the cache goes on",
                    logged.getMessage());
            MonitorEvent evicted = monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_EVICTION)
                    .findFirst().orElseThrow();
            assertEquals(Map.of("cause", "SIZE", "weight", 1), evicted.attributes());
        }
    }

    @Test
    void close_drops_entries_silently_and_refuses_further_use() {
        Cache<Integer, String> cache = cache(config().maximumSize(10));
        cache.put(1, "one");
        cache.getIfPresent(1);
        cache.close();
        cache.close();
        assertTrue(cache.isClosed());
        assertEquals(List.of(), removals(), "closing notifies nobody");
        assertEquals(1, cache.stats().hitCount(), "stats survive close");
        assertEquals(cache.name(), cache.config().name(), "the configuration stays readable after close");
        for (Runnable use : List.<Runnable>of(() -> cache.getIfPresent(1), () -> cache.put(2, "two"),
                () -> cache.get(3, k -> "three"), () -> cache.remove(1), cache::invalidateAll, cache::cleanUp,
                () -> cache.asMap().put(4, "four"), () -> cache.asMap().get(1), cache::size)) {
            CacheException e = assertThrows(CacheException.class, use::run);
            assertEquals(CacheException.Kind.CLOSED, e.kind());
            assertTrue(e.getMessage().contains(cache.name()), e::getMessage);
        }
        assertTrue(monitor.kinds().contains(EventKind.CACHE_CLOSED));
    }

    @Test
    void a_closed_cache_refuses_a_call_given_a_null_as_closed_in_every_implementation() {
        Cache<Integer, String> cache = cache(config().maximumSize(10));
        ConcurrentMap<Integer, String> map = cache.asMap();
        cache.close();
        // Closed first: the contract refuses every call of a closed cache, whatever its arguments, and
        // a caller finds the same exception from every implementation.
        java.util.Map<String, org.junit.jupiter.api.function.Executable> calls = new java.util.LinkedHashMap<>();
        calls.put("getIfPresent(null)", () -> cache.getIfPresent(null));
        calls.put("put(null, null)", () -> cache.put(null, null));
        calls.put("get(null, null)", () -> cache.get(null, null));
        calls.put("getAsync(null, null)", () -> cache.getAsync(null, null));
        calls.put("remove(null)", () -> cache.remove(null));
        calls.put("get(null)", () -> cache.get(null));
        calls.put("getAll(null)", () -> cache.getAll(null));
        calls.put("getAll(null, null)", () -> cache.getAll(null, null));
        calls.put("refresh(null)", () -> cache.refresh(null));
        calls.put("asMap().get(null)", () -> map.get(null));
        calls.put("asMap().put(null, null)", () -> map.put(null, null));
        calls.put("asMap().remove(null)", () -> map.remove(null));
        calls.put("asMap().compute(null, null)", () -> map.compute(null, null));
        calls.forEach((call, executable) -> {
            CacheException e = assertThrows(CacheException.class, executable, call);
            assertEquals(CacheException.Kind.CLOSED, e.kind(), call);
            assertEquals("cache '" + cache.name() + "' is closed", e.getMessage(), call);
        });
    }

    @Test
    void closing_the_instance_closes_its_caches() {
        Cache<Integer, String> cache = cache(config());
        cache.put(1, "one");
        memory.close();
        assertTrue(cache.isClosed());
        assertEquals(List.of(), removals());
    }

    @Test
    void the_size_is_the_number_of_entries_the_view_holds() {
        Cache<Integer, String> cache = cache(config().maximumSize(50));
        for (int i = 0; i < 300; i++) {
            cache.put(i % 80, "v" + i);
            if (i % 7 == 0) {
                cache.remove(i % 13);
            }
        }
        cache.cleanUp();
        int iterated = 0;
        for (Map.Entry<Integer, String> ignored : cache.asMap().entrySet()) {
            iterated++;
        }
        assertEquals(cache.size(), iterated);
        assertEquals(cache.size(), cache.asMap().size());
        assertTrue(cache.size() <= 50);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A notification without its thread, for comparisons. */
    protected record Removal(Integer key, String value, RemovalCause cause) {
    }

    /** @return the current listener's notifications, in order, without their threads */
    protected List<Removal> removals() {
        return listener.removals().stream().map(r -> new Removal(r.key(), r.value(), r.cause())).toList();
    }

    private long failures(String callback) {
        return monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                .filter(e -> callback.equals(e.attributes().get("callback"))).count();
    }

    /**
     * @param name a built-in strategy's name
     * @return a new strategy of that name, for an unbounded test configuration
     */
    protected static EvictionStrategy<Integer, String> builtIn(String name) {
        EvictionStrategyProvider provider = ServiceLoader.load(EvictionStrategyProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no strategy named " + name));
        return provider.create(CacheConfig.<Integer, String>builder().build());
    }

    /** A strategy that passes every call on, for tests that override one. */
    protected static class Delegating<K, V> implements EvictionStrategy<K, V> {
        private final EvictionStrategy<K, V> delegate;

        /** @param delegate the strategy that decides what is not overridden */
        protected Delegating(EvictionStrategy<K, V> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean admit(CacheEntry<K, V> candidate) {
            return delegate.admit(candidate);
        }

        @Override
        public void onInsert(CacheEntry<K, V> entry) {
            delegate.onInsert(entry);
        }

        @Override
        public void onAccess(CacheEntry<K, V> entry) {
            delegate.onAccess(entry);
        }

        @Override
        public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
            delegate.onUpdate(entry, previousWeight);
        }

        @Override
        public void onRemove(CacheEntry<K, V> entry) {
            delegate.onRemove(entry);
        }

        @Override
        public CacheEntry<K, V> victim() {
            return delegate.victim();
        }
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

    /** Throws a checked exception undeclared, as Kotlin, Scala or Lombok's {@code @SneakyThrows} do. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
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
