package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.CacheException;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.CachePolicy;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.monitor.EventKind;

/**
 * The contract of {@link Cache#policy()}, as every implementation and backend must keep it: an
 * unbounded cache has none; {@link CachePolicy#coldest} and {@link CachePolicy#hottest} list the
 * strategy's order (exact LRU, LFU and TTL orders where the cache takes the built-in strategies),
 * as unmodifiable snapshots without expired entries; {@link CachePolicy#setMaximum} evicts down to
 * a smaller maximum at once, with cause {@link RemovalCause#SIZE}, and lets a larger one hold more;
 * bad values are refused naming the setting and the value; a strategy that does not list its order
 * is refused by name; a closed cache refuses everything as {@link CacheException.Kind#CLOSED}.
 *
 * <p>Each test runs in a fresh {@link MemoryUtilities} on {@link #providerName()}. A backend whose
 * eviction is not exact LRU, or that takes no strategy of the user's, says so through {@link
 * #exactLru()} and {@link #takesStrategies()}, and the tests that need either are skipped.
 */
@Timeout(60)
public abstract class CachePolicyContract extends CacheFixture {

    /** @return whether the cache evicts in exact LRU order under {@link #policy()}, single-threaded */
    protected boolean exactLru() {
        return true;
    }

    /** @return whether the cache takes the strategies of {@link EvictionPolicy} other than {@link #policy()} */
    protected boolean takesStrategies() {
        return true;
    }

    private static CachePolicy<Integer, String> policyOf(Cache<Integer, String> cache) {
        return cache.policy().orElseThrow(() -> new AssertionError("the bounded cache " + cache + " has no policy"));
    }

    private static List<Integer> keys(Map<Integer, String> map) {
        return new ArrayList<>(map.keySet());
    }

    // ---- presence ------------------------------------------------------------------------------

    @Test
    void an_unbounded_cache_has_no_policy_and_a_bounded_one_always_the_same() {
        assertTrue(cache(config()).policy().isEmpty(), "an unbounded cache has a policy");
        Cache<Integer, String> bounded = cache(config().maximumSize(5));
        assertSame(policyOf(bounded), policyOf(bounded), "policy() gave two objects");
        assertEquals(5, policyOf(bounded).maximum());
    }

    // ---- order ---------------------------------------------------------------------------------

    @Test
    void coldest_lists_the_least_recently_used_first_and_hottest_the_most() {
        if (!exactLru()) {
            return;
        }
        Cache<Integer, String> cache = cache(config().maximumSize(10));
        for (int k = 1; k <= 5; k++) {
            cache.put(k, "v" + k);
        }
        cache.getIfPresent(2);
        cache.getIfPresent(4);
        cache.getIfPresent(1);
        CachePolicy<Integer, String> policy = policyOf(cache);
        assertEquals(List.of(3, 5, 2, 4, 1), keys(policy.coldest(5)));
        assertEquals(List.of(3, 5), keys(policy.coldest(2)));
        assertEquals(List.of(3, 5, 2, 4, 1), keys(policy.coldest(100)), "a limit past the size lists every entry");
        assertEquals(List.of(1, 4, 2, 5, 3), keys(policy.hottest(5)));
        assertEquals(List.of(1, 4), keys(policy.hottest(2)));
        assertEquals("v3", policy.coldest(1).get(3), "the values come with the keys");
        assertTrue(policy.coldest(0).isEmpty(), "coldest(0)");
        assertTrue(policy.hottest(0).isEmpty(), "hottest(0)");
        cache.put(6, "v6");
        cache.put(7, "v7");
        cache.put(8, "v8");
        cache.put(9, "v9");
        cache.put(10, "v10");
        cache.put(11, "v11");
        assertEquals(List.of(5, 2, 4), keys(policy.coldest(3)), "3, the coldest, was the victim of the 11th entry");
    }

    @Test
    void the_order_is_an_unmodifiable_snapshot() {
        Cache<Integer, String> cache = cache(config().maximumSize(10));
        for (int k = 1; k <= 4; k++) {
            cache.put(k, "v" + k);
        }
        SequencedMap<Integer, String> coldest = policyOf(cache).coldest(10);
        SequencedMap<Integer, String> hottest = policyOf(cache).hottest(10);
        assertThrows(UnsupportedOperationException.class, () -> coldest.put(9, "x"));
        assertThrows(UnsupportedOperationException.class, () -> hottest.remove(1));
        assertThrows(UnsupportedOperationException.class, coldest::pollFirstEntry);
        cache.remove(1);
        cache.put(5, "v5");
        assertEquals(4, coldest.size(), "the snapshot changed with the cache");
        assertTrue(coldest.containsKey(1) && !coldest.containsKey(5), "the snapshot changed with the cache");
        assertEquals(new HashSet<>(List.of(1, 2, 3, 4)), new HashSet<>(coldest.keySet()));
        assertEquals(new HashSet<>(List.of(1, 2, 3, 4)), new HashSet<>(hottest.keySet()));
    }

    @Test
    void every_entry_is_listed_once_and_hottest_lists_the_hottest_end() {
        Cache<Integer, String> cache = cache(config().maximumSize(50));
        for (int k = 0; k < 200; k++) {
            cache.put(k % 70, "v" + k);
            cache.getIfPresent((k * 7) % 70);
        }
        cache.cleanUp();
        CachePolicy<Integer, String> policy = policyOf(cache);
        List<Integer> coldest = keys(policy.coldest(Integer.MAX_VALUE));
        assertEquals(cache.size(), coldest.size(), "coldest(MAX) lists every entry");
        assertEquals(new HashSet<>(cache.asMap().keySet()), new HashSet<>(coldest), "coldest(MAX) lists the entries held");
        List<Integer> hottest = keys(policy.hottest(Integer.MAX_VALUE));
        assertEquals(new HashSet<>(coldest), new HashSet<>(hottest), "hottest(MAX) lists the entries held");
        assertEquals(coldest.subList(0, 10), keys(policy.coldest(10)), "coldest(10) starts the whole order");
        assertEquals(hottest.subList(0, 10), keys(policy.hottest(10)), "hottest(10) starts its whole order");
        for (Map.Entry<Integer, String> e : policy.coldest(Integer.MAX_VALUE).entrySet()) {
            assertEquals(cache.asMap().get(e.getKey()), e.getValue(), "the value listed for key " + e.getKey());
        }
        if (takesStrategies()) {
            assertEquals(coldest.reversed(), hottest, "hottest(MAX) is coldest(MAX) reversed, for the project's strategies");
        }
    }

    @Test
    void lfu_lists_the_least_frequent_first_and_ties_least_recent_first() {
        if (!takesStrategies()) {
            return;
        }
        Cache<Integer, String> cache = cache(config().maximumSize(10).policy(EvictionPolicy.lfu()));
        for (int k = 1; k <= 4; k++) {
            cache.put(k, "v" + k);
        }
        cache.getIfPresent(3);
        cache.getIfPresent(3);
        cache.getIfPresent(1);
        cache.getIfPresent(4);
        assertEquals(List.of(2, 1, 4, 3), keys(policyOf(cache).coldest(10)));
        assertEquals(List.of(3, 4, 1, 2), keys(policyOf(cache).hottest(10)));
    }

    @Test
    void ttl_lists_the_oldest_written_first() {
        if (!takesStrategies()) {
            return;
        }
        Cache<Integer, String> cache = cache(config().maximumSize(10).policy(EvictionPolicy.ttl(Duration.ofHours(1))));
        for (int k = 1; k <= 3; k++) {
            cache.put(k, "v" + k);
            ticker.advance(Duration.ofSeconds(1));
        }
        cache.getIfPresent(1); // a read does not make it younger
        cache.put(2, "two"); // a write does
        assertEquals(List.of(1, 3, 2), keys(policyOf(cache).coldest(10)));
        assertEquals("two", policyOf(cache).hottest(1).get(2));
    }

    @Test
    void expired_entries_are_left_out() {
        Cache<Integer, String> cache = cache(config().maximumSize(10).expireAfterWrite(Duration.ofSeconds(10)));
        cache.put(1, "v1");
        ticker.advance(Duration.ofSeconds(6));
        cache.put(2, "v2");
        cache.put(3, "v3");
        ticker.advance(Duration.ofSeconds(6));
        assertEquals(new HashSet<>(List.of(2, 3)), new HashSet<>(policyOf(cache).coldest(10).keySet()));
        assertEquals(new HashSet<>(List.of(2, 3)), new HashSet<>(policyOf(cache).hottest(10).keySet()));
        assertEquals(2, policyOf(cache).coldest(2).size(), "the limit counts live entries");
    }

    @Test
    void a_strategy_that_does_not_list_its_order_is_refused_by_name_and_nothing_is_reported() {
        if (!takesStrategies()) {
            return;
        }
        Cache<Integer, String> cache = cache(config().maximumSize(10).name("unlisted").policy(EvictionPolicy.custom(() ->
                new CacheContract.Delegating<Integer, String>(CacheContract.builtIn("lru")))));
        cache.put(1, "v1");
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> policyOf(cache).coldest(1));
        assertTrue(refused.getMessage().contains("'unlisted'") && refused.getMessage().contains("Delegating"),
                refused.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> policyOf(cache).hottest(1));
        policyOf(cache).setMaximum(0);
        assertEquals(0, cache.size(), "setMaximum works whatever the strategy lists");
        assertFalse(monitor.kinds().contains(EventKind.CACHE_CALLBACK_FAILED), "not listing is no failure: "
                + monitor.kinds());
    }

    @Test
    void a_strategy_failing_to_list_its_order_is_reported_and_the_caller_gets_its_exception() {
        IllegalStateException thrown = failedListing(limit -> {
            throw new IllegalStateException("lost track");
        });
        if (thrown != null) {
            assertEquals("lost track", thrown.getMessage());
        }
    }

    @Test
    void a_strategy_listing_null_is_reported_by_name_and_the_cache_goes_on() {
        IllegalStateException thrown = failedListing(limit -> null);
        if (thrown != null) {
            assertTrue(thrown.getMessage().contains("strategy " + CachePolicyContract.class.getName() + "$"),
                    "names the strategy's class: " + thrown.getMessage());
            assertTrue(thrown.getMessage().contains("returned null from coldest(1)"), thrown.getMessage());
        }
    }

    /**
     * A cache whose strategy lists its coldest entries through {@code coldest}, which fails: the
     * failure is reported as a failed callback and logged, the caller gets it, and the cache goes on.
     *
     * @return what {@code coldest(1)} threw, or {@code null} when the cache takes no strategy
     */
    private IllegalStateException failedListing(java.util.function.IntFunction<List<CacheEntry<Integer, String>>> coldest) {
        if (!takesStrategies()) {
            return null;
        }
        try (LogCapture logs = LogCapture.library()) {
            Cache<Integer, String> cache = cache(config().maximumSize(10).policy(EvictionPolicy.custom(() ->
                    new CacheContract.Delegating<Integer, String>(CacheContract.builtIn("lru")) {
                        @Override
                        public List<CacheEntry<Integer, String>> coldest(int limit) {
                            return coldest.apply(limit);
                        }
                    })));
            cache.put(1, "v1");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> policyOf(cache).coldest(1));
            assertTrue(monitor.events().stream().anyMatch(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED
                    && e.error().orElseThrow() == thrown), () -> "CACHE_CALLBACK_FAILED for coldest: " + monitor.kinds());
            assertFalse(logs.records().isEmpty(), "the failure is logged too");
            cache.put(2, "v2");
            assertEquals("v1", cache.getIfPresent(1), "the cache goes on");
            return thrown;
        }
    }

    // ---- the maximum ---------------------------------------------------------------------------

    @Test
    void a_smaller_maximum_evicts_at_once_with_cause_size_and_a_larger_one_holds_more() {
        Cache<Integer, String> cache = cache(config().maximumSize(10));
        for (int k = 1; k <= 10; k++) {
            cache.put(k, "v" + k);
        }
        cache.cleanUp();
        assertEquals(List.of(), listener.removals());
        CachePolicy<Integer, String> policy = policyOf(cache);
        policy.setMaximum(4);
        assertEquals(4, policy.maximum());
        assertEquals(4, cache.size(), "setMaximum(4) evicted before it returned");
        assertEquals(4, policy.weightedSize());
        assertEquals(6, listener.removals(RemovalCause.SIZE).size(), () -> "evictions reported: " + listener.removals());
        assertEquals(6, listener.removals().size(), () -> "only evictions: " + listener.removals());
        assertEquals(6, cache.stats().evictionCount());
        if (exactLru()) {
            assertEquals(List.of(1, 2, 3, 4, 5, 6), listener.removals().stream().map(RecordingListener.Removal::key).toList(),
                    "the coldest went first");
            assertEquals(List.of(7, 8, 9, 10), keys(policy.coldest(10)));
        }
        assertEquals(10, cache.config().maximumWeight(), "config() keeps the maximum the cache was made with");
        policy.setMaximum(8);
        for (int k = 11; k <= 14; k++) {
            cache.put(k, "v" + k);
        }
        cache.cleanUp();
        assertEquals(8, cache.size(), "a larger maximum holds more");
        assertEquals(6, listener.removals().size(), "growing evicts nothing");
        cache.put(15, "v15");
        cache.cleanUp();
        assertEquals(8, cache.size(), "the larger maximum is a bound too");
        policy.setMaximum(0);
        assertEquals(0, cache.size(), "a maximum of 0 keeps nothing");
        cache.put(16, "v16");
        cache.cleanUp();
        assertEquals(0, cache.size(), "a maximum of 0 keeps nothing");
    }

    @Test
    void a_weighed_cache_s_maximum_is_a_weight() {
        Cache<Integer, String> cache = cache(config().maximumWeight(100).weigher((Integer k, String v) -> v.length()));
        for (int k = 1; k <= 10; k++) {
            cache.put(k, "x".repeat(k)); // weights 1..10, 55 in all
        }
        cache.cleanUp();
        CachePolicy<Integer, String> policy = policyOf(cache);
        assertEquals(100, policy.maximum());
        assertEquals(55, policy.weightedSize());
        policy.setMaximum(20);
        assertTrue(policy.weightedSize() <= 20, "weight " + policy.weightedSize() + " over the new maximum 20");
        long kept = cache.asMap().values().stream().mapToLong(String::length).sum();
        assertEquals(kept, policy.weightedSize(), "weightedSize is the entries' weight");
        assertEquals(10 - cache.size(), listener.removals(RemovalCause.SIZE).size());
    }

    @Test
    void bad_values_are_refused_naming_the_setting_and_the_value() {
        Cache<Integer, String> counted = cache(config().maximumSize(10).name("counted"));
        CachePolicy<Integer, String> policy = policyOf(counted);
        for (long bad : new long[] {-1, Long.MIN_VALUE}) {
            ConfigException refused = assertThrows(ConfigException.class, () -> policy.setMaximum(bad));
            assertTrue(refused.getMessage().contains("'counted'") && refused.getMessage().contains(CacheConfig.MAXIMUM_SIZE)
                    && refused.getMessage().contains(Long.toString(bad)), refused.getMessage());
        }
        assertEquals(10, policy.maximum(), "a refused value changes nothing");
        for (long huge : new long[] {CachePolicy.LARGEST_MAXIMUM, CachePolicy.LARGEST_MAXIMUM + 1, Long.MAX_VALUE}) {
            policy.setMaximum(huge);
            assertEquals(CachePolicy.LARGEST_MAXIMUM, policy.maximum(), "a maximum past the largest is the largest");
            policy.setMaximum(10);
        }
        for (Consumer<Integer> listing : List.<Consumer<Integer>>of(policy::coldest, policy::hottest)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> listing.accept(-1));
            assertTrue(refused.getMessage().contains("'counted'") && refused.getMessage().contains("-1"), refused.getMessage());
        }
        Cache<Integer, String> weighed = cache(config().maximumWeight(10).weigher((Integer k, String v) -> 1).name("weighed"));
        ConfigException refused = assertThrows(ConfigException.class, () -> policyOf(weighed).setMaximum(-5));
        assertTrue(refused.getMessage().contains("'weighed'") && refused.getMessage().contains(CacheConfig.MAXIMUM_WEIGHT)
                && refused.getMessage().contains("-5"), refused.getMessage());
    }

    @Test
    void a_configured_maximum_past_the_largest_reads_as_the_largest_and_can_be_set_back() {
        for (long configured : new long[] {CachePolicy.LARGEST_MAXIMUM + 1, Long.MAX_VALUE - 1}) {
            Cache<Integer, String> cache = cache(config().maximumSize(configured));
            CachePolicy<Integer, String> policy = policyOf(cache);
            assertEquals(configured, cache.config().maximumWeight(), "the configuration keeps what was asked");
            assertEquals(CachePolicy.LARGEST_MAXIMUM, policy.maximum());
            policy.setMaximum(policy.maximum());
            cache.put(1, "one");
            assertEquals(1, policy.weightedSize());
            policy.setMaximum(0);
            assertEquals(0, cache.size(), "then bounded as set");
            cache.close();
        }
    }

    @Test
    void a_closed_cache_s_policy_refuses_everything_as_closed() {
        Cache<Integer, String> cache = cache(config().maximumSize(10).name("shut"));
        cache.put(1, "v1");
        CachePolicy<Integer, String> policy = policyOf(cache);
        cache.close();
        List<Runnable> calls = List.of(policy::maximum, () -> policy.setMaximum(5), policy::weightedSize,
                () -> policy.coldest(1), () -> policy.hottest(1), cache::policy);
        for (Runnable call : calls) {
            CacheException refused = assertThrows(CacheException.class, call::run);
            assertEquals(CacheException.Kind.CLOSED, refused.kind());
            assertEquals("shut", refused.cacheName());
        }
    }

    @Test
    void set_maximum_tells_the_strategy_before_it_evicts_and_a_failing_strategy_still_gets_the_bound() {
        if (!takesStrategies()) {
            return;
        }
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        Cache<Integer, String> cache = cache(config().maximumSize(10).policy(EvictionPolicy.custom(() ->
                new CacheContract.Delegating<Integer, String>(CacheContract.builtIn("lru")) {
                    @Override
                    public void onMaximumChanged(long maximum) {
                        heard.add("maximum " + maximum);
                    }

                    @Override
                    public void onRemove(CacheEntry<Integer, String> entry) {
                        super.onRemove(entry);
                        heard.add("removed " + entry.key());
                    }
                })));
        for (int k = 1; k <= 5; k++) {
            cache.put(k, "v" + k);
        }
        cache.cleanUp();
        policyOf(cache).setMaximum(3);
        assertEquals(List.of("maximum 3", "removed 1", "removed 2"), heard);

        try (LogCapture logs = LogCapture.library()) {
            Cache<Integer, String> failing = cache(config().maximumSize(10).policy(EvictionPolicy.custom(() ->
                    new CacheContract.Delegating<Integer, String>(CacheContract.builtIn("lru")) {
                        @Override
                        public void onMaximumChanged(long maximum) {
                            throw new IllegalStateException("cannot resize");
                        }
                    })));
            for (int k = 1; k <= 5; k++) {
                failing.put(k, "v" + k);
            }
            policyOf(failing).setMaximum(2);
            assertEquals(2, failing.size(), "the bound holds though the strategy failed to resize");
            assertEquals(2, policyOf(failing).maximum());
            assertTrue(monitor.events().stream().anyMatch(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED
                    && e.error().orElseThrow().getMessage().equals("cannot resize")), () -> monitor.kinds().toString());
            assertFalse(logs.records().isEmpty(), "the failure is logged too");
        }
    }
}
