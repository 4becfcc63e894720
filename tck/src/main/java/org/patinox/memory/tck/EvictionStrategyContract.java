package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EvictionStrategy;

/**
 * The contract of an {@link EvictionStrategy}, as the SPI's javadoc states it: extend it in your
 * tests, supply {@link #newStrategy}, and JUnit drives your strategy through a {@link
 * StrategyHarness} (a reference single-threaded cache that calls the strategy exactly as a cache
 * does and checks each of its answers). {@link EvictionStrategyProviderContract} adds the checks of
 * a strategy found by name.
 *
 * <p>What is checked: a new strategy holds nothing; {@link EvictionStrategy#victim() victim()}
 * answers only entries the cache holds (never one refused, removed or unknown), and never {@code
 * null} while the cache holds entries; after long seeded random sequences of reads, writes,
 * updates that change the weight, explicit removals, sweeps (for a strategy that uses time) and
 * clears, at capacities 0, 1, small and large, counted and weighed, the cache stays within its
 * bound and every entry is removed exactly once; entries heavier than the whole cache leave; and,
 * for a strategy that aims at hit ratio, a seeded skewed workload hits clearly more often than with
 * random eviction; and {@code onAccess}, {@code onUpdate} and {@code onRemove} of an entry the
 * strategy does not hold, and {@code onInsert} of one it holds, are refused with an {@link
 * IllegalStateException} naming its key, changing nothing.
 *
 * <p>Optional check: a strategy that keeps its lists in the entries' own links (through {@link
 * org.patinox.memory.spi.EntryList}) must leave the links of an entry it was told left {@code null}
 * and must link held entries only to held entries, so that it keeps no reference to a removed
 * entry. A strategy that uses the links otherwise turns this off with {@link
 * #checksEntryLinks()}.
 *
 * <p>All sequences are seeded: a failure names its capacity, weighing and seed, and replays.
 */
public abstract class EvictionStrategyContract {

    /** The seeds of the random sequences. */
    private static final long[] SEEDS = {1, 42, 20_240_513};

    /** The capacities the random sequences run at: none, one, small and large. */
    private static final long[] CAPACITIES = {0, 1, 2, 3, 7, 64, 500};

    /** The manual ticker of every configuration, in nanoseconds. */
    private long now = 1_000_000_000L;

    /**
     * Makes the strategy under test.
     *
     * @param config the cache's configuration, made by {@link #configure}
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return a new strategy for one cache of that configuration
     */
    protected abstract <K, V> EvictionStrategy<K, V> newStrategy(CacheConfig<K, V> config);

    /**
     * Completes the configurations the suite makes, which hold a bound, a weigher and a manual
     * ticker, with what the strategy needs, such as an {@code expireAfterWrite}.
     *
     * @param builder the builder of a configuration
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return the builder
     */
    protected <K, V> CacheConfig.Builder<K, V> configure(CacheConfig.Builder<K, V> builder) {
        return builder;
    }

    /**
     * @return whether the strategy keeps its lists in the entries' links (as with {@link
     *     org.patinox.memory.spi.EntryList}), so that removed entries' links must be {@code null}
     *     and held entries may link only to held entries; {@code true} unless overridden
     */
    protected boolean checksEntryLinks() {
        return true;
    }

    /**
     * @return whether the strategy aims at a good hit ratio, and must beat random eviction on a
     *     skewed workload; {@code true} unless overridden (expiry by age, for one, does not aim at it)
     */
    protected boolean aimsAtHitRatio() {
        return true;
    }

    /**
     * @return whether {@link EvictionStrategy#victim() victim()} answers an entry whenever the
     *     strategy holds any, as the SPI asks; {@code true} unless overridden by a strategy that
     *     documents when it answers {@code null} (the harness then still requires a victim whenever
     *     the cache is over its bound)
     */
    protected boolean answersAVictimWhileItHoldsAny() {
        return true;
    }

    // ---------------------------------------------------------------------------------------------

    /** @return a configuration of at most {@code size} entries */
    final CacheConfig<Integer, Integer> counted(long size) {
        return configure(CacheConfig.<Integer, Integer>builder().maximumSize(size).ticker(() -> now)).build();
    }

    /** @return a configuration of at most {@code weight} total weight, an entry weighing its value */
    final CacheConfig<Integer, Integer> weighed(long weight) {
        return configure(CacheConfig.<Integer, Integer>builder().maximumWeight(weight).weigher((Integer k, Integer v) -> v)
                .ticker(() -> now)).build();
    }

    /** @return a configuration without a bound */
    final CacheConfig<Integer, Integer> unbounded() {
        return configure(CacheConfig.<Integer, Integer>builder().ticker(() -> now)).build();
    }

    final StrategyHarness<Integer, Integer> harness(CacheConfig<Integer, Integer> config) {
        EvictionStrategy<Integer, Integer> strategy = newStrategy(config);
        assertNotNull(strategy, "newStrategy made null");
        return new StrategyHarness<>(config, strategy, true);
    }

    @Test
    void a_new_strategy_holds_nothing() {
        for (long capacity : CAPACITIES) {
            assertNull(newStrategy(counted(capacity)).victim(), "a new strategy of capacity " + capacity + " has a victim");
            assertNull(newStrategy(weighed(capacity)).victim(), "a new weighing strategy of capacity " + capacity
                    + " has a victim");
        }
        assertNull(newStrategy(unbounded()).victim(), "a new strategy of an unbounded cache has a victim");
    }

    @Test
    void writes_past_the_bound_evict_down_to_it() {
        StrategyHarness<Integer, Integer> h = harness(counted(3));
        for (int k = 0; k < 10; k++) {
            h.put(k, k);
            assertTrue(h.size() <= Math.min(k + 1, 3), h.size() + " entries held after " + (k + 1) + " writes into 3 places");
        }
        assertEquals(10 - h.size(), h.evicted() + h.refused(), "entries evicted or refused of 10 written into 3 places");
        checkEntries(h, "after 10 writes into 3 places");
        finish(h, "after 10 writes into 3 places");
    }

    @Test
    void a_cache_of_size_zero_keeps_nothing() {
        for (CacheConfig<Integer, Integer> config : List.of(counted(0), weighed(0))) {
            StrategyHarness<Integer, Integer> h = harness(config);
            for (int k = 0; k < 50; k++) {
                assertFalse(h.put(k, 1), "a cache of size 0 kept key " + k);
                assertNull(h.get(k));
            }
            assertEquals(0, h.size());
            assertNull(h.strategy().victim(), "the strategy of an empty cache has a victim");
            finish(h, "size 0");
        }
    }

    @Test
    void an_update_that_changes_the_weight_moves_the_entries_within_the_bound() {
        StrategyHarness<Integer, Integer> h = harness(weighed(10));
        for (int k = 1; k <= 5; k++) {
            h.put(k, 2);
        }
        assertTrue(h.weight() <= 10);
        h.put(3, 6); // an update when 3 was admitted, else a write of a heavier entry
        assertTrue(h.weight() <= 10, "the update to weight 6 left the cache at weight " + h.weight());
        checkEntries(h, "after an update to a greater weight");
        for (CacheEntry<Integer, Integer> e : h.heldEntries()) {
            h.put(e.key(), 0);
        }
        assertEquals(0, h.weight(), "every entry updated to weight 0");
        for (int k = 10; k < 30; k++) {
            h.put(k, 1);
            assertTrue(h.weight() <= 10);
        }
        for (CacheEntry<Integer, Integer> e : h.heldEntries()) {
            if (e.weight() == 1) {
                h.put(e.key(), 3);
                assertTrue(h.weight() <= 10, "weight " + h.weight() + " after updating key " + e.key() + " to 3");
            }
        }
        checkEntries(h, "after updates to lighter and heavier weights");
        finish(h, "after weight updates");
    }

    @Test
    void an_entry_heavier_than_the_whole_cache_leaves() {
        StrategyHarness<Integer, Integer> h = harness(weighed(10));
        for (int k = 1; k <= 4; k++) {
            h.put(k, 1);
        }
        assertFalse(h.put(99, 11), "an entry of weight 11 stayed in a cache of weight 10");
        assertFalse(h.contains(99));
        assertTrue(h.weight() <= 10);
        for (int k = 1; k <= 4; k++) {
            h.put(k, 1);
        }
        for (CacheEntry<Integer, Integer> e : h.heldEntries()) {
            assertFalse(h.put(e.key(), 12), "an entry updated to weight 12 stayed in a cache of weight 10");
            assertFalse(h.contains(e.key()));
            assertTrue(h.weight() <= 10);
        }
        h.put(5, 10);
        assertTrue(h.weight() <= 10);
        checkEntries(h, "after entries heavier than the cache");
        finish(h, "after entries heavier than the cache");
    }

    @Test
    void explicit_removals_leave_nothing_behind() {
        SplittableRandom random = new SplittableRandom(7);
        StrategyHarness<Integer, Integer> h = harness(counted(50));
        for (int k = 0; k < 100; k++) {
            h.put(k, k);
            h.get(random.nextInt(k + 1));
        }
        List<Integer> keys = new ArrayList<>(h.heldEntries().stream().map(CacheEntry::key).toList());
        while (!keys.isEmpty()) {
            // A random key out of the list (swapped with the last, then the last dropped), then out of the strategy.
            int index = random.nextInt(keys.size());
            Integer key = keys.set(index, keys.getLast());
            keys.removeLast();
            h.remove(key);
            checkVictim(h, "while removing every entry");
        }
        assertNull(h.strategy().victim(), "the strategy has a victim after every entry was removed");
        checkEntries(h, "after every entry was removed");
        finish(h, "after every entry was removed");
    }

    @Test
    void random_sequences_keep_the_bound_and_remove_every_entry_once() {
        for (long capacity : CAPACITIES) {
            for (boolean weighted : new boolean[] {false, true}) {
                for (long seed : SEEDS) {
                    randomSequence(capacity, weighted, seed);
                }
            }
        }
    }

    private void randomSequence(long capacity, boolean weighted, long seed) {
        String where = "capacity " + capacity + (weighted ? ", weighed" : ", counted") + ", seed " + seed;
        SplittableRandom random = new SplittableRandom(seed);
        StrategyHarness<Integer, Integer> h = harness(weighted ? weighed(capacity) : counted(capacity));
        boolean usesTime = h.strategy().usesTime();
        int keys = (int) Math.max(8, 3 * capacity);
        int operations = (int) Math.min(25_000, 4_000 + 30 * capacity);
        for (int op = 0; op < operations; op++) {
            int key = random.nextInt(keys);
            double r = random.nextDouble();
            try {
                if (r < 0.45) {
                    h.get(key);
                } else if (r < 0.85) {
                    h.put(key, weighted ? weight(random, capacity) : 1);
                } else if (r < 0.97) {
                    h.remove(key);
                } else if (r < 0.9995) {
                    if (usesTime) {
                        h.expire();
                    } else {
                        h.get(key);
                    }
                } else {
                    h.invalidateAll();
                }
            } catch (AssertionError e) {
                throw new AssertionError(where + ", operation " + op + ": " + e.getMessage(), e);
            }
            now += random.nextLong(20_000_000L);
            assertTrue(h.weight() <= h.maximumWeight(), where + ", operation " + op + ": weight " + h.weight());
            if (op % 97 == 0) {
                checkVictim(h, where + ", operation " + op);
            }
            if (op % 211 == 0) {
                checkEntries(h, where + ", operation " + op);
            }
        }
        checkEntries(h, where + ", at the end");
        finish(h, where);
    }

    /** @return mostly light weights, zero included, and now and then one heavier than the cache */
    private static int weight(SplittableRandom random, long capacity) {
        int r = random.nextInt(100);
        if (r < 2) {
            return (int) Math.min(Integer.MAX_VALUE, capacity + 1 + random.nextInt(3));
        }
        if (r < 10) {
            return 0;
        }
        return 1 + random.nextInt((int) Math.min(4, Math.max(1, capacity / 4)));
    }

    @Test
    void a_skewed_workload_hits_more_often_than_with_random_eviction() {
        if (!aimsAtHitRatio()) {
            return;
        }
        int keys = 20_000;
        long capacity = 400;
        int[] requests = zipf(keys, 0.8, 200_000, 11);
        double strategy = hitRatio(requests, newStrategy(counted(capacity)), capacity);
        double random = hitRatio(requests, new RandomEviction<>(13), capacity);
        assertTrue(strategy >= random + 0.03, String.format(java.util.Locale.ROOT,
                "on a Zipf(0.8) workload over %d keys, a cache of %d entries hit %.2f%% with the strategy and %.2f%%"
                        + " with random eviction; a strategy that aims at hit ratio must beat it by 3 points (one that"
                        + " does not, such as FIFO, overrides aimsAtHitRatio() to answer false)",
                keys, capacity, 100 * strategy, 100 * random));
    }

    private double hitRatio(int[] requests, EvictionStrategy<Integer, Integer> strategy, long capacity) {
        StrategyHarness<Integer, Integer> h = new StrategyHarness<>(counted(capacity), strategy);
        for (int key : requests) {
            if (h.get(key) == null) {
                h.put(key, key);
            }
        }
        return (double) h.hits() / requests.length;
    }

    /** @return n requests over the keys 0..keys-1, key k drawn with a probability proportional to 1/(k+1)^s */
    static int[] zipf(int keys, double s, int n, long seed) {
        double[] cumulative = new double[keys];
        double sum = 0;
        for (int k = 0; k < keys; k++) {
            sum += 1 / Math.pow(k + 1, s);
            cumulative[k] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] requests = new int[n];
        for (int i = 0; i < n; i++) {
            int k = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            requests[i] = k >= 0 ? k : Math.min(keys - 1, -k - 1);
        }
        return requests;
    }

    // ---------------------------------------------------------------------------------------------

    /** Asks a victim outside of eviction, as the SPI allows: an entry held while any is. */
    private void checkVictim(StrategyHarness<Integer, Integer> h, String where) {
        CacheEntry<Integer, Integer> victim = h.strategy().victim();
        if (victim != null) {
            assertTrue(h.holds(victim), where + ": victim() answered an entry the cache does not hold (" + victim
                    + "), while it holds " + h.size());
        } else if (h.size() > 0 && answersAVictimWhileItHoldsAny()) {
            throw new AssertionError(where + ": victim() answered null while the cache holds " + h.size() + " entries");
        }
    }

    /** Checks the links of held and removed entries, when the strategy keeps its lists in them. */
    private void checkEntries(StrategyHarness<Integer, Integer> h, String where) {
        for (StrategyHarness.Entry<Integer, Integer> e : h.admittedEntries()) {
            if (e.removals > 1) {
                throw new AssertionError(where + ": " + e + " was removed " + e.removals + " times");
            }
            if (!checksEntryLinks()) {
                continue;
            }
            if (e.removals == 1) {
                if (e.previous() != null || e.next() != null) {
                    throw new AssertionError(where + ": the strategy was told " + e + " left, but it is still linked to "
                            + e.previous() + " and " + e.next());
                }
            } else {
                checkLink(h, e, e.previous(), where);
                checkLink(h, e, e.next(), where);
                if (e.previous() != null && e.previous().next() != e) {
                    throw new AssertionError(where + ": " + e + " links back to " + e.previous() + ", which links on to "
                            + e.previous().next());
                }
            }
        }
    }

    private static void checkLink(StrategyHarness<Integer, Integer> h, CacheEntry<Integer, Integer> from,
                                  CacheEntry<Integer, Integer> to, String where) {
        if (to != null && !h.holds(to)) {
            throw new AssertionError(where + ": the held " + from + " is linked to " + to
                    + ", which the cache does not hold: the strategy keeps a reference to a removed entry");
        }
    }

    /** Clears the cache and checks that every entry ever admitted was removed exactly once. */
    private void finish(StrategyHarness<Integer, Integer> h, String where) {
        h.invalidateAll();
        assertEquals(0, h.size());
        assertEquals(0, h.weight());
        assertNull(h.strategy().victim(), where + ": the strategy has a victim after the cache was cleared");
        for (StrategyHarness.Entry<Integer, Integer> e : h.admittedEntries()) {
            assertEquals(1, e.removals, where + ": " + e + " was not removed exactly once");
        }
        assertEquals(h.admitted(), h.evicted() + h.removed() + h.expired(), where
                + ": every entry admitted left once, evicted, removed or expired");
        checkEntries(h, where + ", after the cache was cleared");
    }

    // ---- the eviction order (coldest and hottest) -------------------------------------------------

    /**
     * @return whether the strategy lists its eviction order ({@link EvictionStrategy#coldest} and
     *     {@link EvictionStrategy#hottest}), which the cache's {@code policy()} shows; {@code true}
     *     unless overridden by a strategy that keeps the SPI's default, which throws
     */
    protected boolean listsItsOrder() {
        return true;
    }

    /**
     * After seeded random sequences, at capacities small and large, counted and weighed: {@code
     * coldest} lists every entry held, once each; its shorter lists are the start of the longer;
     * {@code hottest} is its reverse; listing changes nothing; and the cache, asking {@code victim()}
     * again and again, is answered exactly that order, then {@code null}.
     */
    @Test
    void coldest_lists_the_victims_in_order_and_hottest_the_reverse_without_changing_anything() {
        if (!listsItsOrder()) {
            return;
        }
        for (long capacity : new long[] {1, 3, 7, 64, 500}) {
            for (boolean weighted : new boolean[] {false, true}) {
                for (long seed : SEEDS) {
                    checkOrder(capacity, weighted, seed);
                }
            }
        }
    }

    private void checkOrder(long capacity, boolean weighted, long seed) {
        String where = "capacity " + capacity + (weighted ? ", weighed" : ", counted") + ", seed " + seed;
        SplittableRandom random = new SplittableRandom(seed);
        StrategyHarness<Integer, Integer> h = harness(weighted ? weighed(capacity) : counted(capacity));
        boolean usesTime = h.strategy().usesTime();
        int keys = (int) Math.max(8, 3 * capacity);
        int operations = (int) Math.min(6_000, 1_000 + 10 * capacity);
        for (int op = 1; op <= operations; op++) {
            int key = random.nextInt(keys);
            double r = random.nextDouble();
            if (r < 0.45) {
                h.get(key);
            } else if (r < 0.9) {
                h.put(key, weighted ? weight(random, capacity) : 1);
            } else if (r < 0.98 || !usesTime) {
                h.remove(key);
            } else {
                h.expire();
            }
            now += random.nextLong(20_000_000L);
            if (op % 293 == 0) {
                listedOrder(h, where + ", operation " + op);
            }
        }
        List<CacheEntry<Integer, Integer>> order = listedOrder(h, where + ", at the end");
        for (int i = 0; i < order.size(); i++) {
            CacheEntry<Integer, Integer> victim = h.strategy().victim();
            if (victim != order.get(i)) {
                throw new AssertionError(where + ": coldest() listed " + order.get(i) + " as victim " + (i + 1) + " of "
                        + order.size() + ", but victim() answered " + victim + "; coldest() must list the victims"
                        + " in the order victim() answers them");
            }
            h.remove(victim.key());
        }
        assertNull(h.strategy().victim(), where + ": victim() answered an entry after every entry coldest() listed"
                + " was evicted");
        assertEquals(List.of(), h.strategy().coldest(10), where + ": coldest() of an empty strategy");
        assertEquals(List.of(), h.strategy().hottest(10), where + ": hottest() of an empty strategy");
    }

    /** Checks coldest and hottest against each other and the entries held, and returns the whole order. */
    private static List<CacheEntry<Integer, Integer>> listedOrder(StrategyHarness<Integer, Integer> h, String where) {
        EvictionStrategy<Integer, Integer> strategy = h.strategy();
        List<CacheEntry<Integer, Integer>> all;
        try {
            all = strategy.coldest(Integer.MAX_VALUE);
        } catch (UnsupportedOperationException e) {
            // The SPI's default, which a strategy may keep: the suite must be told so, not fail on it bare.
            throw new AssertionError(where + ": coldest() threw " + e.getMessage() + "; implement coldest(int), or,"
                    + " to keep the SPI's default, override listsItsOrder() to answer false", e);
        }
        java.util.Set<CacheEntry<Integer, Integer>> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (CacheEntry<Integer, Integer> e : all) {
            if (!h.holds(e)) {
                throw new AssertionError(where + ": coldest() listed " + e + ", which the cache does not hold");
            }
            if (!seen.add(e)) {
                throw new AssertionError(where + ": coldest() listed " + e + " twice");
            }
        }
        assertEquals(h.size(), all.size(), where + ": coldest() must list every entry held");
        assertEquals(all, strategy.coldest(Integer.MAX_VALUE), where + ": a second coldest() listed another order:"
                + " listing must change nothing");
        for (int limit : new int[] {0, 1, 3, all.size() / 2}) {
            assertEquals(all.subList(0, Math.min(limit, all.size())), strategy.coldest(limit), where + ": coldest("
                    + limit + ") is not the start of the whole order");
        }
        List<CacheEntry<Integer, Integer>> reversed = new ArrayList<>(all).reversed();
        for (int limit : new int[] {0, 1, 3, all.size()}) {
            assertEquals(reversed.subList(0, Math.min(limit, reversed.size())), strategy.hottest(limit), where
                    + ": hottest(" + limit + ") is not the whole order from its other end");
        }
        return all;
    }

    // ---- calls about entries the strategy does not hold ------------------------------------------

    /**
     * {@code onAccess}, {@code onUpdate} and {@code onRemove} of an entry the strategy does not hold
     * (one never inserted, one it was told left) are refused with an {@link IllegalStateException}
     * naming the entry's key, changing nothing, as the SPI asks: the order listed and the entry's
     * links stay as they were.
     */
    @Test
    void calls_about_an_entry_it_does_not_hold_are_refused_naming_its_key_and_change_nothing() {
        for (boolean weighted : new boolean[] {false, true}) {
            for (int held : new int[] {0, 1, 5}) {
                String where = (weighted ? "weighed" : "counted") + ", holding " + held;
                StrategyHarness<Integer, Integer> h = harness(weighted ? weighed(10) : counted(10));
                for (int k = 0; k < held; k++) {
                    h.put(k, 1);
                    h.get(k);
                }
                refusesCallsAbout(h, new StrategyHarness.Entry<>(-7, 1, 1, now), where + ", an entry never inserted");
                if (h.put(1_000, 1)) { // admitted, read, then removed
                    h.get(1_000);
                    StrategyHarness.Entry<Integer, Integer> gone = h.heldEntries().stream().filter(e -> e.key == 1_000)
                            .findFirst().orElseThrow();
                    h.remove(1_000);
                    refusesCallsAbout(h, gone, where + ", an entry removed");
                }
            }
        }
    }

    private void refusesCallsAbout(StrategyHarness<Integer, Integer> h, StrategyHarness.Entry<Integer, Integer> entry,
                                   String where) {
        EvictionStrategy<Integer, Integer> strategy = h.strategy();
        java.util.Map<String, Runnable> calls = new java.util.LinkedHashMap<>();
        calls.put("onAccess", () -> strategy.onAccess(entry));
        calls.put("onUpdate", () -> strategy.onUpdate(entry, entry.weight + 1));
        calls.put("onRemove", () -> strategy.onRemove(entry));
        for (java.util.Map.Entry<String, Runnable> call : calls.entrySet()) {
            String what = where + ": " + call.getKey() + " of " + entry + ", which the strategy does not hold";
            List<CacheEntry<Integer, Integer>> order = orderIfListed(strategy);
            CacheEntry<Integer, Integer> previous = entry.previous();
            CacheEntry<Integer, Integer> next = entry.next();
            try {
                call.getValue().run();
                throw new AssertionError(what + ", was taken; the SPI asks the strategy to refuse it with an"
                        + " IllegalStateException naming the key, before anything changes");
            } catch (IllegalStateException e) {
                if (e.getMessage() == null || !e.getMessage().contains(String.valueOf(entry.key))) {
                    throw new AssertionError(what + ", was refused without naming the key: " + e.getMessage(), e);
                }
            } catch (RuntimeException e) {
                throw new AssertionError(what + ", threw " + e + " rather than an IllegalStateException naming the key", e);
            }
            if (order != null) {
                assertEquals(order, orderIfListed(strategy), what + ", changed the order listed");
            }
            if (entry.previous() != previous || entry.next() != next) {
                throw new AssertionError(what + ", linked it to " + entry.previous() + " and " + entry.next());
            }
        }
    }

    /**
     * {@code onInsert} of an entry the strategy holds already is refused with an {@link
     * IllegalStateException} naming the entry's key, changing nothing, as the SPI asks: linking it a
     * second time would cut the strategy's lists or count it twice.
     */
    @Test
    void an_insert_of_an_entry_it_holds_is_refused_naming_its_key_and_changes_nothing() {
        for (boolean weighted : new boolean[] {false, true}) {
            for (int held : new int[] {1, 2, 5}) {
                String where = (weighted ? "weighed" : "counted") + ", holding " + held;
                StrategyHarness<Integer, Integer> h = harness(weighted ? weighed(10) : counted(10));
                for (int k = 0; k < held; k++) {
                    h.put(k, 1);
                    if (k % 2 == 0) {
                        h.get(k);
                    }
                }
                EvictionStrategy<Integer, Integer> strategy = h.strategy();
                for (StrategyHarness.Entry<Integer, Integer> entry : h.heldEntries()) {
                    String what = where + ": onInsert of " + entry + ", which the strategy holds already";
                    List<CacheEntry<Integer, Integer>> order = orderIfListed(strategy);
                    CacheEntry<Integer, Integer> previous = entry.previous();
                    CacheEntry<Integer, Integer> next = entry.next();
                    try {
                        strategy.onInsert(entry);
                        throw new AssertionError(what + ", was taken; the SPI asks the strategy to refuse it with an"
                                + " IllegalStateException naming the key, before anything changes");
                    } catch (IllegalStateException e) {
                        if (e.getMessage() == null || !e.getMessage().contains(String.valueOf(entry.key))) {
                            throw new AssertionError(what + ", was refused without naming the key: " + e.getMessage(), e);
                        }
                    } catch (RuntimeException e) {
                        throw new AssertionError(what + ", threw " + e + " rather than an IllegalStateException naming"
                                + " the key", e);
                    }
                    if (order != null) {
                        assertEquals(order, orderIfListed(strategy), what + ", changed the order listed");
                    }
                    if (entry.previous() != previous || entry.next() != next) {
                        throw new AssertionError(what + ", linked it to " + entry.previous() + " and " + entry.next());
                    }
                }
            }
        }
    }

    /** @return the whole order, or {@code null} when the strategy does not list it (the order's own check says so) */
    private List<CacheEntry<Integer, Integer>> orderIfListed(EvictionStrategy<Integer, Integer> strategy) {
        if (!listsItsOrder()) {
            return null;
        }
        try {
            return strategy.coldest(Integer.MAX_VALUE);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    // ---- the maximum changed at run time ---------------------------------------------------------

    /**
     * Seeded random sequences during which the maximum changes now and then, smaller and larger, as
     * {@code CachePolicy.setMaximum} changes it ({@link EvictionStrategy#onMaximumChanged}, then
     * evictions down to it): the cache stays within the bound in force, victims are entries held,
     * every entry is removed exactly once, and the listed order stays that of the victims.
     */
    @Test
    void a_maximum_changed_at_run_time_is_kept_and_every_entry_removed_once() {
        for (long capacity : new long[] {0, 1, 3, 7, 64, 500}) {
            for (boolean weighted : new boolean[] {false, true}) {
                for (long seed : SEEDS) {
                    resizedSequence(capacity, weighted, seed);
                }
            }
        }
    }

    private void resizedSequence(long capacity, boolean weighted, long seed) {
        String where = "first capacity " + capacity + (weighted ? ", weighed" : ", counted") + ", seed " + seed;
        SplittableRandom random = new SplittableRandom(seed);
        StrategyHarness<Integer, Integer> h = harness(weighted ? weighed(capacity) : counted(capacity));
        int keys = (int) Math.max(8, 3 * capacity);
        int operations = (int) Math.min(8_000, 2_000 + 10 * capacity);
        for (int op = 1; op <= operations; op++) {
            int key = random.nextInt(keys);
            double r = random.nextDouble();
            try {
                if (r < 0.004) {
                    h.maximumWeight(random.nextLong(2 * capacity + 2));
                } else if (r < 0.45) {
                    h.get(key);
                } else if (r < 0.9) {
                    h.put(key, weighted ? weight(random, h.maximumWeight()) : 1);
                } else {
                    h.remove(key);
                }
            } catch (AssertionError e) {
                throw new AssertionError(where + ", operation " + op + " (maximum " + h.maximumWeight() + "): "
                        + e.getMessage(), e);
            }
            now += random.nextLong(20_000_000L);
            assertTrue(h.weight() <= h.maximumWeight(), where + ", operation " + op + ": weight " + h.weight()
                    + " over the maximum " + h.maximumWeight());
            if (op % 397 == 0) {
                checkVictim(h, where + ", operation " + op);
                if (listsItsOrder()) {
                    listedOrder(h, where + ", operation " + op + " (maximum " + h.maximumWeight() + ")");
                }
            }
        }
        checkEntries(h, where + ", at the end");
        finish(h, where);
    }
}
