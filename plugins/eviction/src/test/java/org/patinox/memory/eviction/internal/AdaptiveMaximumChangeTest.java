package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.tck.StrategyHarness;
import org.patinox.memory.tck.Trace;
import org.patinox.memory.tck.TraceSimulator;

/**
 * {@link AdaptiveStrategy} follows a maximum changed at run time ({@code onMaximumChanged}): its
 * shape keeps its proportions of the new maximum, its ghost queue its share, and its simulations
 * are made anew with models of the new size, so that it goes on adapting as a cache of that size.
 */
final class AdaptiveMaximumChangeTest {

    private static CacheConfig<Long, Long> counted(long size) {
        return CacheConfig.<Long, Long>builder().maximumSize(size).build();
    }

    @Test
    void the_shape_in_place_takes_its_share_of_the_new_maximum() {
        CacheConfig<Long, Long> config = counted(100);
        AdaptiveStrategy<Long, Long> strategy = new AdaptiveStrategy<>(config, 10, false, false);
        StrategyHarness<Long, Long> h = new StrategyHarness<>(config, strategy);
        for (long k = 0; k < 100; k++) {
            h.put(k, k);
        }
        assertEquals(10, strategy.windowMaximum());
        h.maximumWeight(1000);
        assertEquals(100, strategy.windowMaximum(), "10% of the new maximum of 1000");
        h.maximumWeight(20);
        assertEquals(2, strategy.windowMaximum(), "10% of 20");
        assertFalse(strategy.contests(), "the admission by recurrence stays");
        assertEquals(20, h.size());
        for (long k = 100; k < 200; k++) {
            h.put(k, k);
            assertTrue(h.size() <= 20, h::toString);
        }
    }

    @Test
    void the_ghost_queue_keeps_its_share_of_a_smaller_maximum() {
        CacheConfig<Long, Long> config = counted(100);
        AdaptiveStrategy<Long, Long> strategy = new AdaptiveStrategy<>(config, 10, false, false);
        StrategyHarness<Long, Long> h = new StrategyHarness<>(config, strategy);
        for (long k = 0; k < 1000; k++) {
            h.put(k, k); // seen once each: the candidates are refused and become ghosts
        }
        assertEquals(90, strategy.ghosts(), "90% of 100");
        h.maximumWeight(10);
        assertEquals(9, strategy.ghosts(), "90% of the new maximum of 10");
    }

    @Test
    void the_simulations_are_made_anew_with_models_of_the_new_size() {
        AdaptiveStrategy<Long, Long> strategy = new AdaptiveStrategy<>(counted(WindowSimulations.MINI_CAPACITY));
        assertTrue(strategy.simulations().toString().contains("1 in 1 keys"), strategy.simulations()::toString);
        strategy.onMaximumChanged(100_000);
        // 100,000 / 32 = 3125 entries per model, within the largest model of 4096.
        assertTrue(strategy.simulations().toString().contains("1 in 32 keys"), strategy.simulations()::toString);
        strategy.onMaximumChanged(0);
        assertNull(strategy.simulations(), "nothing to simulate for a maximum of 0");
    }

    @Test
    void a_cache_made_with_a_maximum_of_0_adapts_once_it_has_a_larger_one() {
        // sprite at 1000 favours recency (see AdaptiveStrategyTest): the shape leaves W-TinyLFU's 1% window.
        AdaptiveStrategy<Long, Long> strategy = new AdaptiveStrategy<>(counted(0));
        assertNull(strategy.simulations());
        strategy.onMaximumChanged(1000);
        assertEquals(10, strategy.windowMaximum());
        TraceSimulator.strategyHits(Trace.bundled("sprite"), counted(1000), strategy);
        assertTrue(strategy.windowMaximum() >= 500 || !strategy.contests(), strategy::toString);
    }

    @Test
    void a_weighed_cache_keeps_its_shape_and_takes_its_share_of_the_new_maximum() {
        CacheConfig<Long, Long> weighed = CacheConfig.<Long, Long>builder().maximumWeight(1000)
                .weigher((Long k, Long v) -> 1).build();
        AdaptiveStrategy<Long, Long> strategy = new AdaptiveStrategy<>(weighed);
        strategy.onMaximumChanged(5000);
        assertNull(strategy.simulations(), "a weighed cache is not simulated");
        assertEquals(50, strategy.windowMaximum(), "1% of 5000");
        assertTrue(strategy.contests());
    }
}
