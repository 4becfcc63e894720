package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.patinox.memory.tck.Trace;
import org.patinox.memory.tck.TraceSimulator;

/**
 * {@code adaptive} over every trace bundled with the TCK, at the sizes of
 * docs/measurements/adaptive-policy.md: at each, its hit ratio is within 1 point of the best of the
 * fixed policies ({@link TraceSimulator#FIXED}), all replayed here, live.
 */
final class AdaptiveTraceTest {

    /** The sizes replayed, per bundled trace: those of the measurements. */
    static final Map<String, long[]> SIZES = Map.of(
            "gli", new long[] {250, 500, 750, 1000, 1250, 1500, 1750, 2000},
            "multi1", new long[] {250, 500, 750, 1000, 1250, 1500, 1750, 2000},
            "multi2", new long[] {300, 600, 900, 1200, 1500, 1800, 2400, 3000},
            "multi3", new long[] {500, 1000, 1500, 2000, 2500, 3000},
            "sprite", new long[] {100, 200, 300, 500, 700, 1000},
            "loop", new long[] {256, 512, 768, 1024},
            "2_pools", new long[] {1000, 2000, 3000, 4000, 5000, 6000, 8000});

    @Test
    void adaptive_is_within_one_point_of_the_best_fixed_policy_at_every_size_of_every_bundled_trace() {
        TraceSimulatorTest.provider(TraceSimulator.ADAPTIVE);
        List<TraceSimulator.Policy> policies = new ArrayList<>();
        for (String name : TraceSimulator.FIXED) {
            policies.add(TraceSimulator.strategy(name));
        }
        policies.add(TraceSimulator.strategy(TraceSimulator.ADAPTIVE));
        List<String> misses = new ArrayList<>();
        for (var trace : SIZES.entrySet()) {
            TraceSimulator.Table table = TraceSimulator.simulate(Trace.bundled(trace.getKey()), trace.getValue(), policies);
            for (long size : trace.getValue()) {
                long adaptive = table.hits(size, TraceSimulator.ADAPTIVE);
                long best = table.bestFixedHits(size);
                // Within 1 point: 100 * (best - adaptive) / requests <= 1.
                if (100 * (best - adaptive) > table.requests()) {
                    misses.add(trace.getKey() + " at " + size + ": adaptive " + table.percent(size, TraceSimulator.ADAPTIVE)
                            + "%, " + table.bestFixed(size) + " " + table.percent(size, table.bestFixed(size)) + "%");
                }
            }
        }
        assertTrue(misses.isEmpty(), () -> "more than 1 point behind the best fixed policy: " + misses);
    }
}
