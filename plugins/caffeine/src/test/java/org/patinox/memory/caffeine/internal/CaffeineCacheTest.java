package org.patinox.memory.caffeine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.patinox.memory.CacheException;
import org.patinox.memory.ConfigException;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.cache.RemovalListener;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.tck.RecordingMonitor;

/** How the {@code caffeine} backend maps the cache contract onto Caffeine. */
final class CaffeineCacheTest {

    /** One notification of the listener. */
    record Removal(Object key, Object value, RemovalCause cause, Thread thread) {
    }

    /** A listener that keeps what it hears. */
    static final class Removals implements RemovalListener<Object, Object> {
        final List<Removal> heard = new CopyOnWriteArrayList<>();

        @Override
        public void onRemoval(Object key, Object value, RemovalCause cause) {
            heard.add(new Removal(key, value, cause, Thread.currentThread()));
        }

        List<RemovalCause> causes() {
            return heard.stream().map(Removal::cause).toList();
        }
    }

    private final TestContext context = new TestContext();
    private final RecordingMonitor monitor = new RecordingMonitor();
    private final Removals removals = new Removals();
    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    private final List<Cache<?, ?>> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws InterruptedException {
        opened.forEach(Cache::close);
        context.close();
    }

    private CacheConfig.Builder<String, String> config() {
        return CacheConfig.<String, String>builder().name("test-cache").policy(EvictionPolicy.named("w-tinylfu"))
                .removalListener(removals).ticker(ticker::get).backend("caffeine");
    }

    private <K, V> Cache<K, V> open(CacheConfig<K, V> config) {
        Cache<K, V> cache = new CaffeineBackendProvider().createCache(config, context, monitor);
        opened.add(cache);
        return cache;
    }

    private Cache<String, String> open(Consumer<CacheConfig.Builder<String, String>> settings) {
        CacheConfig.Builder<String, String> builder = config();
        settings.accept(builder);
        return open(builder.build());
    }

    private void advance(Duration duration) {
        ticker.addAndGet(duration.toNanos());
    }

    // ---- policies

    @Test
    void a_ttl_policy_written_as_properties_and_read_back_still_runs_on_this_backend() {
        CacheConfig<String, String> ttl = config().policy(EvictionPolicy.ttl(Duration.ofMinutes(1))).build();
        CacheConfig<String, String> back = CacheConfig.<String, String>fromProperties(ttl.toProperties())
                .removalListener(ttl.removalListener()).ticker(ttl.ticker()).build();
        assertEquals(ttl, back);
        Cache<String, String> cache = open(back);
        cache.put("a", "1");
        advance(Duration.ofMinutes(2));
        assertNull(cache.getIfPresent("a"), "expired after write, as ttl(1m) says");
    }

    @Test
    void the_default_lru_policy_is_refused_with_what_to_choose_instead() {
        CacheConfig<String, String> lru = config().policy(EvictionPolicy.lru()).build();
        ConfigException e = assertThrows(ConfigException.class, () -> open(lru));
        assertTrue(e.getMessage().contains("patinox.memory.cache.policy 'lru'"), e.getMessage());
        assertTrue(e.getMessage().contains("default policy"), e.getMessage());
        assertTrue(e.getMessage().contains("w-tinylfu"), e.getMessage());
        assertTrue(e.getMessage().contains("ttl"), e.getMessage());
        assertTrue(e.getMessage().contains("test-cache"), e.getMessage());
        assertTrue(opened.isEmpty());
        assertTrue(monitor.events().isEmpty(), "a refused cache reports no opening");
    }

    @Test
    void a_per_entry_expiry_with_a_refresh_is_refused_naming_both_settings() {
        CacheConfig<String, String> both = config()
                .expiry(org.patinox.memory.cache.Expiry.writing((String k, String v) -> Duration.ofMinutes(1)))
                .loader((String k) -> k).refreshAfterWrite(Duration.ofSeconds(30)).build();
        ConfigException e = assertThrows(ConfigException.class, () -> open(both));
        assertEquals("patinox.memory.cache.expiry and patinox.memory.cache.refresh-after-write (PT30S) cannot be"
                + " combined on the caffeine backend; the standard and lockfree caches combine them", e.getMessage());
        assertTrue(opened.isEmpty());
    }

    @Test
    void every_other_policy_is_refused_naming_the_setting_and_the_value() {
        for (EvictionPolicy policy : List.of(EvictionPolicy.lfu(), EvictionPolicy.named("s3-fifo"),
                EvictionPolicy.named("ARC"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> open(config().policy(policy).build()));
            assertTrue(e.getMessage().contains("patinox.memory.cache.policy '" + policy.name() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("EvictionPolicy.named(\"w-tinylfu\")"), e.getMessage());
            assertFalse(e.getMessage().contains("default policy"), e.getMessage());
        }
        ConfigException custom = assertThrows(ConfigException.class, () -> open(config()
                .policy(EvictionPolicy.custom(() -> { throw new AssertionError("a refused policy is never made"); }))
                .build()));
        assertTrue(custom.getMessage().contains("patinox.memory.cache.policy custom"), custom.getMessage());
    }

    @Test
    void w_tinylfu_caffeine_and_ttl_are_accepted_and_ttl_expires_after_write() {
        open(b -> b.policy(EvictionPolicy.named("W-TinyLFU"))).put("a", "1");
        open(b -> b.policy(EvictionPolicy.named("caffeine"))).put("a", "1");
        Cache<String, String> ttl = open(b -> b.policy(EvictionPolicy.ttl(Duration.ofMinutes(1))).maximumSize(10));
        assertEquals(Duration.ofMinutes(1), ttl.config().expireAfterWrite());
        ttl.put("a", "1");
        advance(Duration.ofSeconds(59));
        assertEquals("1", ttl.getIfPresent("a"));
        advance(Duration.ofSeconds(1));
        assertNull(ttl.getIfPresent("a"), "expired exactly at its time to live");
    }

    // ---- listener

    @Test
    void the_listener_hears_each_cause_with_the_removed_value_on_the_calling_thread() {
        Cache<String, String> cache = open(b -> { });
        cache.put("a", "1");
        cache.put("a", "2");
        assertEquals("2", cache.remove("a"));
        assertNull(cache.remove("a"));
        cache.put("b", "3");
        cache.put("c", "4");
        cache.invalidateAll();
        assertEquals(0, cache.size());
        assertEquals(List.of(new Removal("a", "1", RemovalCause.REPLACED, Thread.currentThread()),
                new Removal("a", "2", RemovalCause.EXPLICIT, Thread.currentThread())), removals.heard.subList(0, 2));
        assertEquals(Set.of(new Removal("b", "3", RemovalCause.EXPLICIT, Thread.currentThread()),
                new Removal("c", "4", RemovalCause.EXPLICIT, Thread.currentThread())),
                Set.copyOf(removals.heard.subList(2, 4)));
        assertEquals(4, removals.heard.size());
    }


    @Test
    void evictions_for_the_bound_are_reported_as_size_and_counted_with_their_weight() {
        Cache<String, String> cache = open(CacheConfig.<String, String>builder().name("weighed")
                .policy(EvictionPolicy.named("w-tinylfu")).removalListener(removals)
                .maximumWeight(10).weigher((k, v) -> v.length()).build());
        for (int i = 0; i < 20; i++) {
            cache.put("k" + i, "abc");
        }
        cache.cleanUp();
        long total = cache.asMap().values().stream().mapToLong(String::length).sum();
        assertTrue(total <= 10, "total weight " + total);
        assertEquals(20 - cache.size(), removals.heard.size());
        assertTrue(removals.heard.stream().allMatch(r -> r.cause() == RemovalCause.SIZE), removals.heard::toString);
        CacheStats stats = cache.stats();
        assertEquals(removals.heard.size(), stats.evictionCount());
        assertEquals(3L * removals.heard.size(), stats.evictionWeight());
        assertEquals(0, stats.expirationCount());
        List<MonitorEvent> evictions = monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_EVICTION).toList();
        assertEquals(removals.heard.size(), evictions.size());
        assertTrue(evictions.stream().allMatch(e -> e.attributes().equals(Map.of("cause", "SIZE", "weight", 3))),
                evictions::toString);
    }

    @Test
    void a_maximum_of_zero_keeps_nothing_and_an_entry_heavier_than_the_maximum_is_evicted() {
        Cache<String, String> none = open(b -> b.maximumSize(0));
        none.put("a", "1");
        none.cleanUp();
        assertEquals(0, none.size());
        assertEquals(List.of(RemovalCause.SIZE), removals.causes());

        Cache<String, String> light = open(CacheConfig.<String, String>builder().policy(EvictionPolicy.named("caffeine"))
                .maximumWeight(5).weigher((k, v) -> v.length()).build());
        light.put("heavy", "123456");
        light.cleanUp();
        assertNull(light.getIfPresent("heavy"));
        assertEquals(1, light.stats().evictionCount());
        assertEquals(6, light.stats().evictionWeight());
    }

    @Test
    void a_throwing_listener_is_reported_and_never_reaches_the_caller() {
        RuntimeException failure = new IllegalStateException("listener failed");
        Cache<String, String> cache = open(b -> b.removalListener((k, v, c) -> { throw failure; }));
        cache.put("a", "1");
        cache.put("a", "2");
        assertEquals("2", cache.remove("a"));
        List<MonitorEvent> failures = monitor.events().stream()
                .filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED).toList();
        assertEquals(2, failures.size());
        assertEquals(Map.of("callback", "listener", "call", "onRemoval"), failures.getFirst().attributes());
        assertSame(failure, failures.getFirst().error().orElseThrow());
        assertEquals("test-cache", failures.getFirst().source());
    }

    // ---- weigher

    @Test
    void a_negative_weight_fails_the_write_naming_the_cache_and_the_key() {
        Cache<String, String> cache = open(CacheConfig.<String, String>builder().name("weights")
                .policy(EvictionPolicy.named("w-tinylfu")).maximumWeight(100).weigher((k, v) -> -1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.put("the-key", "v"));
        assertTrue(e.getMessage().contains("weights") && e.getMessage().contains("the-key"), e.getMessage());
        assertEquals(0, cache.size());
    }

    @Test
    void a_throwing_weigher_fails_the_write_caches_nothing_and_is_reported() {
        RuntimeException failure = new IllegalStateException("weigher failed");
        Cache<String, String> cache = open(CacheConfig.<String, String>builder().policy(EvictionPolicy.named("w-tinylfu"))
                .maximumWeight(100).weigher((k, v) -> { throw failure; }).build());
        assertSame(failure, assertThrows(IllegalStateException.class, () -> cache.put("a", "1")));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> cache.get("b", k -> "2")));
        assertEquals(0, cache.size());
        List<MonitorEvent> failures = monitor.events().stream()
                .filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED).toList();
        assertEquals(2, failures.size());
        assertEquals(Map.of("callback", "weigher", "call", "weigh"), failures.getFirst().attributes());
    }

    // ---- expiry and stats

    @Test
    void expired_entries_are_misses_then_removed_by_clean_up_as_expired_and_counted() {
        Cache<String, String> cache = open(b -> b.expireAfterWrite(Duration.ofMinutes(10)));
        cache.put("a", "1");
        cache.put("b", "2");
        assertEquals("1", cache.getIfPresent("a"));
        advance(Duration.ofMinutes(10));
        assertNull(cache.getIfPresent("a"), "expired before maintenance removed it");
        assertFalse(cache.asMap().containsKey("b"), "expired entries are absent from the view");
        cache.cleanUp();
        assertEquals(0, cache.size());
        assertEquals(Set.of(RemovalCause.EXPIRED), Set.copyOf(removals.causes()));
        assertEquals(2, removals.heard.size());
        CacheStats stats = cache.stats();
        assertEquals(1, stats.hitCount());
        assertEquals(1, stats.missCount());
        assertEquals(2, stats.expirationCount());
        assertEquals(0, stats.evictionCount());
    }

    @Test
    void an_expired_entry_met_by_a_write_or_a_removal_is_reported_and_counted_as_expired() {
        Cache<String, String> cache = open(b -> b.expireAfterAccess(Duration.ofSeconds(30)));
        cache.put("a", "1");
        cache.put("b", "2");
        advance(Duration.ofMinutes(1));
        cache.put("a", "3");
        assertNull(cache.remove("b"), "an expired entry is absent");
        assertEquals(Set.of(new Removal("a", "1", RemovalCause.EXPIRED, Thread.currentThread()),
                new Removal("b", "2", RemovalCause.EXPIRED, Thread.currentThread())), Set.copyOf(removals.heard));
        assertEquals(2, cache.stats().expirationCount());
        assertEquals("3", cache.getIfPresent("a"));
    }

    @Test
    void clean_up_removes_an_expired_entry_that_caffeine_queued_behind_a_live_one() {
        Cache<String, String> cache = open(CacheConfig.<String, String>builder().name("queued")
                .policy(EvictionPolicy.named("w-tinylfu")).maximumWeight(100).weigher((k, v) -> v.length())
                .expireAfterWrite(Duration.ofSeconds(10)).removalListener(removals).ticker(ticker::get).build());
        cache.put("a", "1");
        advance(Duration.ofMillis(500));
        cache.put("b", "1");
        advance(Duration.ofMillis(100));
        // Within Caffeine's write-time tolerance: a keeps its first write's time, but its new
        // weight moves it behind b in Caffeine's write-order queue.
        cache.put("a", "22");
        advance(Duration.ofMillis(9_600));
        assertNull(cache.getIfPresent("a"), "10 s after its first write");
        assertEquals("1", cache.getIfPresent("b"));
        cache.cleanUp();
        assertEquals(1, cache.size(), "the expired entry behind b is gone too");
        assertEquals(List.of(new Removal("a", "1", RemovalCause.REPLACED, Thread.currentThread()),
                new Removal("a", "22", RemovalCause.EXPIRED, Thread.currentThread())), removals.heard);
        assertEquals(1, cache.stats().expirationCount());
    }

    @Test
    void reads_count_hits_and_misses_and_reads_through_the_view_count_nothing() {
        Cache<String, String> cache = open(b -> b.maximumSize(100));
        cache.put("a", "1");
        cache.getIfPresent("a");
        cache.getIfPresent("b");
        cache.get("a", k -> { throw new AssertionError("a hit loads nothing"); });
        cache.asMap().get("a");
        cache.asMap().get("b");
        cache.asMap().containsKey("a");
        cache.asMap().getOrDefault("b", "x");
        CacheStats stats = cache.stats();
        assertEquals(2, stats.hitCount());
        assertEquals(1, stats.missCount());
        assertEquals(new CacheStats("test-cache", 2, 1, 0, 0, 0, 0, 0, 0), stats);
    }

    // ---- loading

    @Test
    void a_load_counts_a_miss_then_a_success_and_caches_only_what_the_loader_returned() {
        Cache<String, String> cache = open(b -> b.maximumSize(100));
        assertEquals("A", cache.get("a", k -> { advance(Duration.ofMillis(5)); return "A"; }));
        assertEquals("A", cache.get("a", k -> "other"));
        assertNull(cache.get("n", k -> null));
        assertEquals(1, cache.size());
        RuntimeException failure = new IllegalStateException("load failed");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> cache.get("f", k -> { throw failure; })));
        assertNull(cache.getIfPresent("f"));
        CacheStats stats = cache.stats();
        assertEquals(1, stats.hitCount());
        assertEquals(4, stats.missCount());
        assertEquals(2, stats.loadSuccessCount());
        assertEquals(1, stats.loadFailureCount());
        assertEquals(Duration.ofMillis(5).toNanos(), stats.totalLoadTimeNanos());
    }

    @Test
    void a_loader_asking_for_its_own_key_is_a_recursive_load() {
        Cache<String, String> cache = open(b -> { });
        CacheException e = assertThrows(CacheException.class, () -> cache.get("a", k -> cache.get("a", j -> "inner")));
        assertEquals(CacheException.Kind.RECURSIVE_LOAD, e.kind());
        assertEquals("test-cache", e.cacheName());
        assertNull(cache.getIfPresent("a"));
        assertEquals(1, cache.stats().loadFailureCount());
        assertEquals("B", cache.get("a", k -> cache.get("b", j -> "B")), "another key loads");
    }

    @Test
    void concurrent_loads_of_one_key_run_the_loader_once() throws Exception {
        Cache<String, String> cache = open(b -> { });
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> first = cache.getAsync("a", k -> {
            calls.incrementAndGet();
            loading.countDown();
            await(release);
            return "A";
        });
        assertTrue(loading.await(30, TimeUnit.SECONDS));
        List<CompletableFuture<String>> others = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            others.add(cache.getAsync("a", k -> {
                calls.incrementAndGet();
                return "other";
            }));
        }
        release.countDown();
        assertEquals("A", first.get(30, TimeUnit.SECONDS));
        for (CompletableFuture<String> other : others) {
            assertEquals("A", other.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, calls.get());
        assertEquals(1, cache.stats().loadSuccessCount());
        assertEquals(9, cache.stats().missCount());
    }

    @Test
    void get_async_completes_a_hit_at_once_and_fails_with_what_the_loader_threw() throws Exception {
        Cache<String, String> cache = open(b -> { });
        cache.put("a", "1");
        CompletableFuture<String> hit = cache.getAsync("a", k -> { throw new AssertionError("a hit loads nothing"); });
        assertTrue(hit.isDone());
        assertEquals("1", hit.get());
        Thread caller = Thread.currentThread();
        AtomicInteger virtual = new AtomicInteger();
        assertEquals("B", cache.getAsync("b", k -> {
            if (Thread.currentThread().isVirtual() && Thread.currentThread() != caller) {
                virtual.incrementAndGet();
            }
            return "B";
        }).get(30, TimeUnit.SECONDS));
        assertEquals(1, virtual.get(), "the load ran on a virtual thread");
        RuntimeException failure = new IllegalStateException("async load failed");
        CompletableFuture<String> failed = cache.getAsync("c", k -> { throw failure; });
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(30, TimeUnit.SECONDS));
        assertSame(failure, e.getCause());
        assertSame(failure, failed.handle((v, t) -> t).get());
        assertEquals(new CacheStats("test-cache", 1, 2, 1, 1, cache.stats().totalLoadTimeNanos(), 0, 0, 0), cache.stats());
    }

    @Test
    void nulls_are_refused() {
        Cache<String, String> cache = open(b -> { });
        assertThrows(NullPointerException.class, () -> cache.getIfPresent(null));
        assertThrows(NullPointerException.class, () -> cache.get(null, k -> "v"));
        assertThrows(NullPointerException.class, () -> cache.get("a", null));
        assertThrows(NullPointerException.class, () -> cache.getAsync("a", null));
        assertThrows(NullPointerException.class, () -> cache.put(null, "v"));
        assertThrows(NullPointerException.class, () -> cache.put("a", null));
        assertThrows(NullPointerException.class, () -> cache.remove(null));
        assertThrows(NullPointerException.class, () -> cache.asMap().put("a", null));
        assertThrows(NullPointerException.class, () -> cache.asMap().computeIfAbsent(null, k -> "v"));
        assertEquals(0, cache.size());
    }

    // ---- view

    @Test
    void the_view_is_one_live_map_whose_writes_are_bounded_and_reported() {
        Cache<String, String> cache = open(b -> b.maximumSize(2));
        ConcurrentMap<String, String> map = cache.asMap();
        assertSame(map, cache.asMap());
        assertNull(map.putIfAbsent("a", "1"));
        assertEquals("1", map.putIfAbsent("a", "x"));
        assertEquals("2", map.computeIfAbsent("b", k -> "2"));
        assertEquals("12", map.merge("a", "2", String::concat));
        assertTrue(map.remove("b", "2"));
        assertEquals(List.of(RemovalCause.REPLACED, RemovalCause.EXPLICIT), removals.causes());
        map.put("c", "3");
        map.put("d", "4");
        cache.cleanUp();
        assertEquals(2, map.size());
        assertEquals(RemovalCause.SIZE, removals.causes().getLast());
        var keys = map.keySet().iterator();
        String first = keys.next();
        keys.remove();
        assertFalse(map.containsKey(first));
        assertEquals(first, removals.heard.getLast().key());
        assertEquals(RemovalCause.EXPLICIT, removals.heard.getLast().cause());
        assertEquals(0, cache.stats().requestCount());
    }

    // ---- background expiry

    @Test
    void expired_entries_are_removed_in_the_background_without_any_call() throws Exception {
        CountDownLatch expired = new CountDownLatch(2);
        List<Removal> heard = new CopyOnWriteArrayList<>();
        Cache<String, String> cache = open(CacheConfig.<String, String>builder().name("background")
                .policy(EvictionPolicy.named("w-tinylfu")).expireAfterWrite(Duration.ofMillis(20))
                .removalListener((k, v, c) -> {
                    heard.add(new Removal(k, v, c, Thread.currentThread()));
                    expired.countDown();
                }).build());
        cache.put("a", "1");
        cache.put("b", "2");
        // No call on the cache from here: only its background maintenance can remove them.
        assertTrue(expired.await(60, TimeUnit.SECONDS), "background expiry never came: " + heard);
        assertEquals(Set.of(RemovalCause.EXPIRED), Set.copyOf(heard.stream().map(Removal::cause).toList()));
        assertTrue(heard.stream().noneMatch(r -> r.thread() == Thread.currentThread()));
        assertTrue(heard.stream().allMatch(r -> r.thread().isVirtual()), "maintenance runs on a virtual thread");
        assertEquals(0, cache.size());
        assertEquals(2, cache.stats().expirationCount());
    }

    // ---- close

    @Test
    void close_drops_entries_unheard_cancels_background_work_and_refuses_every_call_but_a_few() {
        Cache<String, String> cache = open(b -> b.expireAfterWrite(Duration.ofHours(1)).maximumSize(10));
        cache.put("a", "1");
        cache.put("b", "2");
        ConcurrentMap<String, String> map = cache.asMap();
        var keys = map.keySet();
        assertEquals(1, context.scheduledTasks(), "Caffeine paced its next expiry on the scheduler");
        CacheStats before = cache.stats();
        cache.close();
        cache.close();
        assertTrue(cache.isClosed());
        assertEquals(0, context.scheduledTasks(), "nothing of the cache's left on the scheduler");
        assertTrue(removals.heard.isEmpty(), "dropped without notifying: " + removals.heard);
        assertEquals(before, cache.stats());
        assertEquals("test-cache", cache.name());
        assertEquals("test-cache", cache.config().name());
        List<Runnable> refused = List.of(() -> cache.getIfPresent("a"), () -> cache.get("a", k -> "v"),
                () -> cache.getAsync("a", k -> "v"), () -> cache.put("a", "v"), () -> cache.remove("a"),
                cache::invalidateAll, cache::size, cache::cleanUp, cache::asMap, () -> map.get("a"),
                () -> map.put("c", "3"), () -> map.size(), () -> keys.iterator(), () -> map.computeIfAbsent("c", k -> "3"));
        for (Runnable call : refused) {
            CacheException e = assertThrows(CacheException.class, call::run);
            assertEquals(CacheException.Kind.CLOSED, e.kind());
            assertTrue(e.getMessage().contains("test-cache"), e.getMessage());
        }
        assertEquals(List.of(EventKind.CACHE_OPENED, EventKind.CACHE_CLOSED), monitor.kinds());
    }

    @Test
    void a_load_that_finishes_after_close_caches_nothing() throws Exception {
        Cache<String, String> cache = open(b -> { });
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> load = cache.getAsync("a", k -> {
            loading.countDown();
            await(release);
            return "A";
        });
        assertTrue(loading.await(30, TimeUnit.SECONDS));
        cache.close();
        release.countDown();
        ExecutionException e = assertThrows(ExecutionException.class, () -> load.get(30, TimeUnit.SECONDS));
        assertEquals(CacheException.Kind.CLOSED, ((CacheException) e.getCause()).kind());
        assertTrue(removals.heard.isEmpty());
    }

    // ---- monitor and description

    @Test
    void opening_is_reported_with_the_bound_policy_and_backend() {
        Cache<String, String> cache = open(b -> b.maximumSize(42));
        MonitorEvent opened = monitor.events().getFirst();
        assertEquals(EventKind.CACHE_OPENED, opened.kind());
        assertEquals("test-cache", opened.source());
        assertEquals(Map.of("maximumWeight", 42L, "policy", "w-tinylfu", "backend", "caffeine"), opened.attributes());
        cache.put("a", "1");
        String text = cache.toString();
        for (String part : List.of("test-cache", "caffeine", "w-tinylfu", "size=1")) {
            assertTrue(text.contains(part), text);
        }
    }

    @Test
    void eviction_events_are_built_only_for_monitors_that_want_them() {
        RecordingMonitor quiet = new RecordingMonitor(Set.of(EventKind.CACHE_OPENED, EventKind.CACHE_CLOSED));
        Cache<String, String> cache = new CaffeineBackendProvider().createCache(config().maximumSize(1).build(), context, quiet);
        opened.add(cache);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.cleanUp();
        assertEquals(1, removals.heard.size());
        assertEquals(List.of(EventKind.CACHE_OPENED), quiet.kinds());
    }

    @Test
    void expiry_events_carry_the_cause_and_the_weight() {
        Cache<String, String> cache = open(CacheConfig.<String, String>builder().name("weighed")
                .policy(EvictionPolicy.named("w-tinylfu")).maximumWeight(100).weigher((k, v) -> v.length())
                .expireAfterWrite(Duration.ofSeconds(5)).ticker(ticker::get).build());
        cache.put("a", "1234");
        advance(Duration.ofSeconds(5));
        cache.cleanUp();
        List<MonitorEvent> evictions = monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_EVICTION).toList();
        assertEquals(1, evictions.size());
        assertEquals(Map.of("cause", "EXPIRED", "weight", 4), evictions.getFirst().attributes());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
