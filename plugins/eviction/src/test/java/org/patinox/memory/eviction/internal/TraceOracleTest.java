package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.patinox.memory.tck.Trace;
import org.patinox.memory.tck.TraceSimulator;

/**
 * Every strategy, the plugin's and the built-in ones, replayed on the bundled LIRS traces: none
 * passes the optimum, and W-TinyLFU and ARC beat LRU where the literature says they do and where
 * these replays measured it (the figures in the comments are this plugin's, in percent).
 */
final class TraceOracleTest {

    private static final List<String> STRATEGIES = List.of("lru", "lfu", "ttl", "w-tinylfu", "arc", "sieve", "s3-fifo",
            "adaptive");

    /** The sizes of the published table, and for the traces it leaves out, a range of sizes. */
    private static final Map<String, long[]> SIZES = Map.of(
            "gli", new long[] {250, 500, 1000, 2000},
            "multi1", new long[] {100, 500, 1000, 2000},
            "multi2", new long[] {600, 1800, 3000},
            "multi3", new long[] {500, 1000, 2000, 4000},
            "sprite", new long[] {100, 1000},
            "loop", new long[] {256, 512, 1024},
            "2_pools", new long[] {100, 500, 1000, 2000});

    private static TraceSimulator.Table replay(String trace, List<String> strategies) {
        List<TraceSimulator.Policy> policies = new ArrayList<>();
        strategies.forEach(s -> policies.add(TraceSimulator.strategy(s)));
        policies.add(TraceSimulator.optimal());
        policies.add(TraceSimulator.optimalWithBypass());
        return TraceSimulator.simulate(Trace.bundled(trace), SIZES.get(trace), policies);
    }

    @Test
    void no_strategy_hits_more_often_than_the_optimum_at_any_size() {
        for (String trace : SIZES.keySet()) {
            TraceSimulator.Table table = replay(trace, STRATEGIES);
            for (long size : SIZES.get(trace)) {
                long opt = table.hits(size, "opt");
                long bypass = table.hits(size, "opt-bypass");
                for (String strategy : STRATEGIES) {
                    long hits = table.hits(size, strategy);
                    // Belady's MIN bounds every policy that keeps what it misses. Some of these may
                    // evict the entry just inserted (SIEVE, S3-FIFO, LFU), and are bounded in theory
                    // only by the optimum with bypass; none passes either on these traces.
                    assertTrue(hits <= opt, strategy + " on " + trace + " at " + size + ": " + table.percent(size, strategy)
                            + "% above OPT's " + table.percent(size, "opt") + "%");
                    assertTrue(hits <= bypass, strategy + " on " + trace + " at " + size + " above OPT with bypass");
                }
            }
        }
    }

    @Test
    void w_tinylfu_beats_lru_on_gli_multi2_small_sprite_and_loop() {
        // TinyLFU's admission (Einziger, Friedman and Manes, 2017) keeps what is used often where
        // recency fails, as on these looping and mixed traces; Caffeine 3.2.3, replayed the same way
        // outside the build, hits 15.23 / 28.08 / 41.60 / 57.11 on gli, 51.48 / 67.65 / 75.93 on
        // multi2, 26.54 on sprite at 100 and 23.80 / 48.41 on loop. Sprite at 1000 is left out:
        // there LRU (90.64) beats W-TinyLFU (86.60), as it beats Caffeine (86.17).
        // Measured here: 15.03 / 33.32 / 50.37 / 57.96 against LRU's 0.91 / 0.95 / 11.21 / 57.41.
        assertBeats("w-tinylfu", "gli", 250, 500, 1000, 2000);
        // 50.64 / 68.44 / 78.10 against 37.13 / 48.49 / 71.18.
        assertBeats("w-tinylfu", "multi2", 600, 1800, 3000);
        // 30.79 against 21.58.
        assertBeats("w-tinylfu", "sprite", 100);
        // 23.37 / 49.84 against 0.00 / 0.00.
        assertBeats("w-tinylfu", "loop", 256, 512);
    }

    @Test
    void arc_beats_lru_on_small_gli_multi2_and_small_sprite() {
        // ARC (Megiddo and Modha, 2003) adapts between recency and frequency and stays near LRU
        // at worst; on these traces it gains where frequency matters. On loop it cannot: a loop
        // longer than the cache comes back to a key only after its ghost was trimmed (ghosts keep
        // |T1| + |B1| <= c), so ARC, like LRU, hits 0%. At gli 2000 and sprite 1000 it ties LRU or
        // falls just below it (57.41 / 89.70 against 57.41 / 90.64).
        // Measured here: 1.38 / 1.38 / 21.31 against LRU's 0.91 / 0.95 / 11.21.
        assertBeats("arc", "gli", 250, 500, 1000);
        // 39.84 / 50.93 / 72.71 against 37.13 / 48.49 / 71.18.
        assertBeats("arc", "multi2", 600, 1800, 3000);
        // 25.66 against 21.58.
        assertBeats("arc", "sprite", 100);
        TraceSimulator.Table loop = replay("loop", List.of("lru", "arc"));
        assertEquals("0.00", loop.percent(256, "arc"));
        assertEquals("0.00", loop.percent(512, "arc"));
    }

    private static void assertBeats(String strategy, String trace, long... sizes) {
        TraceSimulator.Table table = TraceSimulator.simulate(Trace.bundled(trace), sizes,
                List.of(TraceSimulator.strategy("lru"), TraceSimulator.strategy(strategy)));
        for (long size : sizes) {
            assertTrue(table.hits(size, strategy) > table.hits(size, "lru"), strategy + " on " + trace + " at " + size
                    + ": " + table.percent(size, strategy) + "% against LRU's " + table.percent(size, "lru") + "%");
        }
    }
}
