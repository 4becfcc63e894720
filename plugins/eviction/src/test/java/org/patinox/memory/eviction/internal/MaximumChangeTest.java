package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.tck.StrategyHarness;

/**
 * The strategies that size themselves by the maximum follow it when it changes at run time
 * ({@code onMaximumChanged}), as Caffeine's W-TinyLFU does: a strategy left at its first sizes
 * would keep the shares of a cache it no longer is.
 */
final class MaximumChangeTest {

    private static CacheConfig<Integer, Integer> counted(long size) {
        return CacheConfig.<Integer, Integer>builder().maximumSize(size).build();
    }

    private static CacheConfig<Integer, Integer> weighed(long weight) {
        return CacheConfig.<Integer, Integer>builder().maximumWeight(weight).weigher((Integer k, Integer v) -> v).build();
    }

    @Test
    void w_tinylfu_s_window_takes_its_share_of_the_new_maximum() {
        WTinyLfuStrategy<Integer, Integer> strategy = new WTinyLfuStrategy<>(counted(100), false);
        assertEquals(1, strategy.windowMaximum());
        StrategyHarness<Integer, Integer> h = new StrategyHarness<>(counted(100), strategy);
        for (int k = 0; k < 100; k++) {
            h.put(k, 1);
        }
        h.maximumWeight(1000);
        assertEquals(10, strategy.windowMaximum(), "1% of the new maximum of 1000");
        h.maximumWeight(20);
        assertEquals(1, strategy.windowMaximum(), "1% of 20, at least 1");
        assertEquals(20, h.size());
    }

    @Test
    void arc_s_target_and_ghosts_stay_within_a_smaller_maximum() {
        ArcStrategy<Integer, Integer> arc = new ArcStrategy<>(counted(100));
        StrategyHarness<Integer, Integer> h = new StrategyHarness<>(counted(100), arc);
        for (int k = 0; k < 100; k++) {
            h.put(k, 1);
        }
        for (int k = 0; k < 50; k++) {
            h.get(k); // 0..49 move to T2
        }
        for (int k = 100; k < 150; k++) {
            h.put(k, 1); // T1's 50..99 leave for B1
        }
        for (int k = 50; k < 80; k++) {
            h.put(k, 1); // B1 hits raise p
        }
        assertTrue(arc.target() > 20, "p after B1 hits: " + arc.target());
        h.maximumWeight(20);
        assertTrue(arc.target() <= 20, "p " + arc.target() + " over the new maximum 20");
        assertTrue(arc.ghosts() <= 40, "|B1| + |B2| = " + arc.ghosts() + " over 2c for c = 20");
        assertEquals(20, h.size());
    }

    @Test
    void s3_fifo_s_small_queue_takes_its_share_of_the_new_maximum() {
        StrategyHarness<Integer, Integer> h = new StrategyHarness<>(counted(10), new S3FifoStrategy<>(counted(10)));
        h.maximumWeight(100);
        for (int k = 0; k < 100; k++) {
            h.put(k, 1);
        }
        for (int k = 0; k < 90; k++) {
            h.get(k);
            h.get(k); // hit twice: 0..89 will move to main
        }
        h.put(100, 1); // S gives 0..89 to M and evicts 90, keeping 91..99
        assertFalse(h.contains(90));
        // S holds 9, under its share of 10% of 100 (it was 1 of 10): M gives the next victim.
        assertEquals(0, h.strategy().coldest(1).getFirst().key());
        assertEquals(0, h.strategy().victim().key());
    }

    @Test
    void sieve_evicts_first_an_entry_heavier_than_the_new_maximum() {
        StrategyHarness<Integer, Integer> h = new StrategyHarness<>(weighed(100), new SieveStrategy<>(weighed(100)));
        for (int k = 1; k <= 5; k++) {
            h.put(k, 2);
        }
        h.get(1);
        h.maximumWeight(8);
        assertFalse(h.put(6, 9), "an entry of weight 9 stayed in a cache of weight 8");
        assertTrue(h.contains(1), "the heavy entry went, not the others");
        CacheEntry<Integer, Integer> victim = h.strategy().coldest(1).getFirst();
        assertSame(victim, h.strategy().victim());
    }

    @Test
    void a_huge_maximum_makes_no_table_in_proportion_up_front_nor_when_set_at_run_time() {
        long huge = org.patinox.memory.cache.CachePolicy.LARGEST_MAXIMUM;
        WTinyLfuStrategy<Integer, Integer> w = new WTinyLfuStrategy<>(counted(huge), false);
        AdaptiveStrategy<Integer, Integer> a = new AdaptiveStrategy<>(counted(huge));
        assertEquals(FrequencySketch.INITIAL_WORDS, w.sketch().words());
        assertEquals(FrequencySketch.INITIAL_WORDS, a.sketch().words());

        WTinyLfuStrategy<Integer, Integer> small = new WTinyLfuStrategy<>(counted(100), false);
        StrategyHarness<Integer, Integer> h = new StrategyHarness<>(counted(100), small);
        for (int k = 0; k < 100; k++) {
            h.put(k, 1);
        }
        h.maximumWeight(huge);
        assertEquals(128, small.sketch().words(), "the table follows the entries held, not the maximum");
        assertEquals(Integer.MAX_VALUE, small.sketch().sampleSize(), "aging follows the maximum");
        for (int k = 100; k < 1_000; k++) {
            h.put(k, 1);
        }
        assertEquals(1024, small.sketch().words(), "grown with the entries held");
    }
}
