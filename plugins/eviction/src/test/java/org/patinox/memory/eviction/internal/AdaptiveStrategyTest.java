package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.tck.StrategyHarness;
import org.patinox.memory.tck.Trace;
import org.patinox.memory.tck.TraceSimulator;

/**
 * {@link AdaptiveStrategy}, its models ({@link MiniWindowCache}) and their choice ({@link
 * WindowSimulations}): a model hits exactly as the strategy fixed in the model's shape does, and the
 * strategy takes the shape the workload favours.
 */
final class AdaptiveStrategyTest {

    private static CacheConfig<Long, Long> counted(long size) {
        return CacheConfig.<Long, Long>builder().maximumSize(size).build();
    }

    /**
     * Replays the trace through a model, counting the requests in its sketch as the strategy does:
     * every miss, and the hits once the model has first been full.
     */
    private static long modelHits(Trace trace, int capacity, int windowPercent, boolean contests) {
        FrequencySketch sketch = new FrequencySketch(capacity);
        MiniWindowCache model = new MiniWindowCache(capacity, windowPercent, contests, sketch);
        boolean filled = false;
        for (int i = 0; i < trace.requests(); i++) {
            int hash = Long.hashCode(trace.key(i));
            if (filled || !model.contains(hash)) {
                sketch.increment(hash);
            }
            model.request(hash);
            filled |= model.size() >= capacity;
        }
        assertTrue(model.size() <= capacity, model::toString);
        return model.takeHits();
    }

    private static long fixedHits(Trace trace, int size, int windowPercent, boolean contests) {
        CacheConfig<Long, Long> config = counted(size);
        return TraceSimulator.strategyHits(trace, config, new AdaptiveStrategy<>(config, windowPercent, contests, false));
    }

    @Test
    void a_model_whose_window_is_the_whole_cache_is_exact_lru() {
        Trace gli = Trace.bundled("gli");
        for (int size : new int[] {1, 250, 1000, 2000}) {
            assertEquals(TraceSimulator.strategy("lru").hits(gli, size), modelHits(gli, size, 100, true), "gli at " + size);
        }
    }

    @Test
    void a_model_hits_exactly_as_the_strategy_fixed_in_its_shape() {
        for (String name : new String[] {"multi2", "sprite", "loop"}) {
            Trace trace = Trace.bundled(name);
            for (int size : new int[] {7, 300, 1000}) {
                for (int window : new int[] {0, 1, 20, 100}) {
                    for (boolean contests : new boolean[] {true, false}) {
                        assertEquals(fixedHits(trace, size, window, contests), modelHits(trace, size, window, contests),
                                name + " at " + size + ", window " + window + "%, contests " + contests);
                    }
                }
            }
        }
    }

    @Test
    void by_recurrence_a_refused_candidate_that_comes_back_is_admitted_and_one_seen_once_is_not() {
        CacheConfig<Long, Long> config = counted(10);
        StrategyHarness<Long, Long> h = new StrategyHarness<>(config, new AdaptiveStrategy<>(config, 10, false, false));
        for (long k = 1; k <= 10; k++) {
            h.put(k, k); // filling: the window (1 entry) passes 1 to 9 to probation without a contest
        }
        h.put(11L, 11L); // 10 leaves the window unseen again: refused, and remembered as a ghost
        assertTrue(!h.contains(10L) && h.contains(1L), h::toString);
        h.put(10L, 10L); // back from the ghosts; 11, seen once, is refused in turn
        assertTrue(h.contains(10L) && !h.contains(11L) && h.contains(1L), h::toString);
        h.put(12L, 12L); // 10 recurs: it enters the main space in place of probation's oldest, 1
        assertTrue(h.contains(10L) && !h.contains(1L) && h.contains(12L), h::toString);
        assertEquals(10, h.size());
        // A hit in the window is a recurrence too: 12 is read, then pushed out by 13, and stays.
        assertEquals(12L, h.get(12L));
        h.put(13L, 13L);
        assertTrue(h.contains(12L) && !h.contains(2L), h::toString);
    }

    @Test
    void a_model_refuses_a_shape_out_of_range() {
        FrequencySketch sketch = new FrequencySketch(10);
        assertThrows(IllegalArgumentException.class, () -> new MiniWindowCache(0, 1, true, sketch));
        assertThrows(IllegalArgumentException.class, () -> new MiniWindowCache(10, 101, true, sketch));
        assertThrows(IllegalArgumentException.class, () -> new MiniWindowCache(10, -1, true, sketch));
    }

    @Test
    void the_shape_follows_the_workload_recency_for_sprite_frequency_for_a_loop() {
        // sprite at 1000 favours recency: exact LRU beats W-TinyLFU's 1% window by 4.7 points.
        CacheConfig<Long, Long> sprite = counted(1000);
        AdaptiveStrategy<Long, Long> recency = new AdaptiveStrategy<>(sprite);
        TraceSimulator.strategyHits(Trace.bundled("sprite"), sprite, recency);
        assertTrue(recency.windowMaximum() >= 500 || !recency.contests(), recency::toString);
        // A loop over 1011 keys in a cache of 512: LRU never hits; admission by frequency keeps half.
        CacheConfig<Long, Long> loop = counted(512);
        AdaptiveStrategy<Long, Long> frequency = new AdaptiveStrategy<>(loop);
        TraceSimulator.strategyHits(Trace.bundled("loop"), loop, frequency);
        assertTrue(frequency.contests() && frequency.windowMaximum() <= 512 / 10, frequency::toString);
    }

    @Test
    void a_weighed_or_unbounded_cache_keeps_its_first_shape() {
        CacheConfig<Long, Long> weighed = CacheConfig.<Long, Long>builder().maximumWeight(1000)
                .weigher((Long k, Long v) -> 1).build();
        AdaptiveStrategy<Long, Long> strategy = new AdaptiveStrategy<>(weighed);
        TraceSimulator.strategyHits(Trace.bundled("sprite"), weighed, strategy);
        assertEquals(10, strategy.windowMaximum(), strategy::toString);
        assertTrue(strategy.contests(), strategy::toString);
        CacheConfig<Long, Long> unbounded = CacheConfig.<Long, Long>builder().build();
        AdaptiveStrategy<Long, Long> all = new AdaptiveStrategy<>(unbounded);
        assertEquals(Trace.bundled("gli").requests() - Trace.bundled("gli").distinctKeys(),
                TraceSimulator.strategyHits(Trace.bundled("gli"), unbounded, all), "an unbounded cache keeps every key");
        AdaptiveStrategy<Long, Long> wholeWindow = new AdaptiveStrategy<>(unbounded, 100, true, false);
        assertEquals(Long.MAX_VALUE, wholeWindow.windowMaximum(), "a window of 100% of an unbounded cache");
    }

    @Test
    void a_cache_the_models_sample_starts_admitting_by_recurrence_and_its_simulations_start_from_that_shape() {
        long whole = WindowSimulations.MINI_CAPACITY;
        AdaptiveStrategy<Long, Long> replayedWhole = new AdaptiveStrategy<>(counted(whole));
        assertTrue(replayedWhole.contests(), replayedWhole::toString);
        assertTrue(replayedWhole.simulations().bestContests(), replayedWhole.simulations()::toString);

        AdaptiveStrategy<Long, Long> sampled = new AdaptiveStrategy<>(counted(whole + 1));
        assertFalse(sampled.contests(), sampled::toString);
        assertEquals((whole + 1) / 100, sampled.windowMaximum(), "a 1% window");
        assertFalse(sampled.simulations().bestContests(), sampled.simulations()::toString);
        assertEquals(1, sampled.simulations().bestWindowPercent(), sampled.simulations()::toString);

        CacheConfig<Long, Long> weighed = CacheConfig.<Long, Long>builder().maximumWeight(10 * whole)
                .weigher((Long k, Long v) -> 1).build();
        assertTrue(new AdaptiveStrategy<>(weighed).contests(), "a weighed cache keeps W-TinyLFU's shape");
        assertTrue(new AdaptiveStrategy<>(CacheConfig.<Long, Long>builder().build()).contests(),
                "so does an unbounded one");
    }

    @Test
    void a_replay_is_reproducible() {
        Trace multi3 = Trace.bundled("multi3");
        TraceSimulator.Policy adaptive = TraceSimulator.strategy("adaptive");
        assertEquals(adaptive.hits(multi3, 500), adaptive.hits(multi3, 500));
    }

    @Test
    void a_large_cache_is_simulated_on_a_sample_of_its_keys() {
        WindowSimulations whole = new WindowSimulations(WindowSimulations.MINI_CAPACITY, new FrequencySketch(16), 1);
        assertTrue(whole.toString().contains("1 in 1 keys"), whole::toString);
        WindowSimulations sampled = new WindowSimulations(4L * WindowSimulations.MINI_CAPACITY + 1, new FrequencySketch(16), 1);
        assertTrue(sampled.toString().contains("1 in 4 keys"), sampled::toString);
        int simulated = 0;
        for (int key = 0; key < 100_000; key++) {
            if (sampled.sampled(Integer.hashCode(key))) {
                simulated++;
            }
        }
        // A quarter of the keys, give or take a few percent of it.
        assertTrue(simulated > 23_000 && simulated < 27_000, () -> "sampled keys: " + sampled);
    }
}
