package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.tck.StrategyHarness;
import org.patinox.memory.tck.Trace;

/**
 * {@link AdaptiveStrategy#coldest} and {@link AdaptiveStrategy#hottest} where the order depends on
 * the contests still to come: a window over its share, as a change of shape leaves it (the entries
 * move as entries are added, not at once), or a weighed window whose oldest entry does not fit in
 * the main space. The listed order must be the victims' exactly, admission by recurrence or by
 * frequency (with its generator for warm candidates) included.
 */
final class AdaptiveOrderTest {

    /**
     * @return the keys of the whole listed order, after checking that hottest is its reverse and
     *     that victim() answers it, removing every entry
     */
    private static <K> List<K> listedThenEvicted(StrategyHarness<K, Long> h) {
        List<CacheEntry<K, Long>> order = h.strategy().coldest(Integer.MAX_VALUE);
        assertEquals(h.size(), order.size(), h::toString);
        assertEquals(order.reversed(), h.strategy().hottest(Integer.MAX_VALUE), "hottest is the reverse of coldest");
        assertEquals(order.subList(0, order.size() / 3), h.strategy().coldest(order.size() / 3), "a shorter list is the start");
        assertEquals(order, h.strategy().coldest(Integer.MAX_VALUE), "listing changed something");
        List<K> keys = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            CacheEntry<K, Long> victim = h.strategy().victim();
            assertTrue(victim == order.get(i), "victim " + (i + 1) + " of " + order.size() + " is " + victim
                    + ", but coldest() listed " + order.get(i));
            keys.add(victim.key());
            h.remove(victim.key());
        }
        assertNull(h.strategy().victim());
        return keys;
    }

    /**
     * A weighed cache of 12, its window and main space 6 each, entries of 4: after 1, 2 and 3 the
     * window holds 2 and 3 (8, over its share) since 2 does not fit in the main space beside 1.
     */
    private static StrategyHarness<Long, Long> windowOverItsShare(boolean contests) {
        CacheConfig<Long, Long> config = CacheConfig.<Long, Long>builder().maximumWeight(12)
                .weigher((Long k, Long v) -> v.intValue()).build();
        StrategyHarness<Long, Long> h = new StrategyHarness<>(config, new AdaptiveStrategy<>(config, 50, contests, false));
        h.put(1L, 4L);
        h.put(2L, 4L); // 1 passes to probation
        h.put(3L, 4L); // 12: nothing is evicted, and 2 waits in the window for a contest
        return h;
    }

    @Test
    void by_recurrence_a_candidate_hit_in_the_window_replaces_the_victim_and_one_not_hit_goes_first() {
        StrategyHarness<Long, Long> recurring = windowOverItsShare(false);
        recurring.get(2L);
        recurring.get(3L); // the window keeps its order: 2, then 3
        // 2 recurs: it enters probation behind 1, which goes first; then probation, then the window.
        assertEquals(List.of(1L, 2L, 3L), listedThenEvicted(recurring));
        StrategyHarness<Long, Long> once = windowOverItsShare(false);
        once.get(3L);
        // 2 was not hit: refused, it goes first; then probation's 1, then the window's 3.
        assertEquals(List.of(2L, 1L, 3L), listedThenEvicted(once));
    }

    @Test
    void by_frequency_the_more_frequent_candidate_replaces_the_victim() {
        StrategyHarness<Long, Long> frequent = windowOverItsShare(true);
        frequent.get(2L);
        frequent.get(3L); // the window keeps its order; 2 is counted twice, 1 once
        assertEquals(List.of(1L, 2L, 3L), listedThenEvicted(frequent));
        StrategyHarness<Long, Long> rare = windowOverItsShare(true);
        rare.get(1L); // 1 is counted twice (and protected), 2 once
        assertEquals(List.of(2L, 1L, 3L), listedThenEvicted(rare));
    }

    /** The first shapes, from which the simulations' first choice shrinks the window. */
    private static final int[] FIRST_WINDOWS = {50, 70, 100};
    private static final boolean[] FIRST_CONTESTS = {true, false, true};

    /**
     * Starting with a wide window, the strategy takes the shape its simulations choose at the end of
     * their first period (often a 1% window): right after that change the window holds hundreds of
     * entries over its new share, which pass to the main space as entries are added (a counted
     * cache's main space has room for them, having grown by as much). Right then, and a few
     * requests later, the listed order is the victims' order.
     */
    @Test
    void after_the_window_shrinks_the_listed_order_simulates_every_contest_left() {
        // Uniform over twice the cache: every key is warm, and victim and candidate often as warm.
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        long[] uniform = new long[40_000];
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = random.nextInt(1024);
        }
        List<Trace> traces = new ArrayList<>();
        traces.add(Trace.of("uniform", uniform));
        for (String name : new String[] {"loop", "multi2", "gli", "sprite"}) {
            traces.add(Trace.bundled(name));
        }
        int checked = 0;
        for (Trace trace : traces) {
            String name = trace.name();
            for (int shape = 0; shape < FIRST_WINDOWS.length; shape++) {
                for (int after : new int[] {0, 37}) {
                    CacheConfig<Long, Long> config = CacheConfig.<Long, Long>builder().maximumSize(512).build();
                    int first = FIRST_WINDOWS[shape];
                    AdaptiveStrategy<Long, Long> strategy = new AdaptiveStrategy<>(config, first, FIRST_CONTESTS[shape], true);
                    StrategyHarness<Long, Long> h = new StrategyHarness<>(config, strategy);
                    long firstWindow = strategy.windowMaximum();
                    int left = -1;
                    for (int i = 0; i < trace.requests() && left != 0; i++) {
                        Long key = trace.key(i);
                        if (h.get(key) == null) {
                            h.put(key, key);
                        }
                        if (left > 0) {
                            left--;
                        } else if (left < 0 && strategy.windowMaximum() < firstWindow) {
                            left = after;
                        }
                    }
                    if (left == 0) {
                        checked++;
                        int held = h.size();
                        assertEquals(held, listedThenEvicted(h).size(), name + " " + strategy);
                    }
                }
            }
        }
        assertTrue(checked >= 20, "the window shrank in only " + checked + " replays of 30");
    }

    @Test
    void a_copy_of_the_admission_decides_the_next_warm_contests_as_the_original_and_leaves_it_alone() {
        FrequencyAdmission original = new FrequencyAdmission();
        for (int i = 0; i < 1000; i++) {
            original.admit(7, 9); // warm and not more frequent: each contest draws from the generator
        }
        FrequencyAdmission copy = original.copy();
        List<Boolean> copied = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            copied.add(copy.admit(7, 9));
        }
        List<Boolean> next = new ArrayList<>();
        List<Boolean> fresh = new ArrayList<>();
        FrequencyAdmission first = new FrequencyAdmission();
        for (int i = 0; i < 2000; i++) {
            next.add(original.admit(7, 9));
            fresh.add(first.admit(7, 9));
        }
        assertEquals(next, copied, "the copy drew as the original then did: copying drew nothing from it");
        assertTrue(copied.contains(true) && copied.contains(false), "about one warm candidate in 128 is admitted");
        assertTrue(!fresh.equals(next), "a fresh generator draws otherwise: the copy carries the original's state");
    }

    /**
     * A weighed cache (its shape fixed at a 1% window admitting by frequency) over a few hot keys of
     * random weights: the window's oldest entry often does not fit beside the main space, so the
     * next victim comes of a contest, between keys warm enough that the admission's generator
     * decides some. Now and then the cache evicts one more entry than its bound asks, as a caller of
     * {@code coldest(1)} could see: the victim must be the one listed.
     */
    @Test
    void in_a_weighed_cache_the_next_victim_is_the_one_listed_through_warm_contests() {
        CacheConfig<Integer, Long> config = CacheConfig.<Integer, Long>builder().maximumWeight(100)
                .weigher((Integer k, Long v) -> v.intValue()).build();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        StrategyHarness<Integer, Long> h = new StrategyHarness<>(config, new AdaptiveStrategy<>(config));
        int compared = 0;
        for (int op = 0; op < 300_000; op++) {
            int key = random.nextInt(12);
            if (random.nextInt(10) < 6) {
                h.get(key);
            } else {
                h.put(key, 1L + random.nextInt(30));
            }
            if (random.nextInt(4) == 0 && h.size() > 0) {
                CacheEntry<Integer, Long> listed = h.strategy().coldest(1).getFirst();
                CacheEntry<Integer, Long> victim = h.strategy().victim();
                assertTrue(listed == victim, "operation " + op + ": coldest(1) listed " + listed + ", victim() answered "
                        + victim + "; " + h);
                h.remove(victim.key());
                compared++;
            }
        }
        assertTrue(compared > 60_000, "compared " + compared);
    }
}
