package org.patinox.memory.caffeine.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.tck.Trace;
import org.patinox.memory.tck.TraceSimulator;

/**
 * The eviction plugin's {@code adaptive} strategy beside this backend (Caffeine's own W-TinyLFU
 * with its hill climber), both replayed live over every trace bundled with the TCK at the sizes of
 * docs/measurements/adaptive-policy.md: taken over all those sizes, {@code adaptive} hits at least
 * as often as Caffeine. Row by row it does not everywhere (Caffeine is up to 2.2 points ahead on
 * gli at 1750 entries, and behind by up to 8.2 on gli at 1000): the measurements list each row.
 */
final class AdaptiveBesideCaffeineTraceTest {

    private static final Map<String, long[]> SIZES = Map.of(
            "gli", new long[] {250, 500, 750, 1000, 1250, 1500, 1750, 2000},
            "multi1", new long[] {250, 500, 750, 1000, 1250, 1500, 1750, 2000},
            "multi2", new long[] {300, 600, 900, 1200, 1500, 1800, 2400, 3000},
            "multi3", new long[] {500, 1000, 1500, 2000, 2500, 3000},
            "sprite", new long[] {100, 200, 300, 500, 700, 1000},
            "loop", new long[] {256, 512, 768, 1024},
            "2_pools", new long[] {1000, 2000, 3000, 4000, 5000, 6000, 8000});

    @Test
    void over_every_size_of_every_bundled_trace_adaptive_hits_at_least_as_often_as_caffeine() {
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider("standard").build())) {
            TraceSimulator.Policy caffeine = TraceSimulator.cache(TraceSimulator.CAFFEINE, config -> memory.cache(
                    config.toBuilder().backend(CaffeineBackendProvider.NAME).policy(EvictionPolicy.named("caffeine")).build()));
            List<TraceSimulator.Policy> policies = List.of(TraceSimulator.strategy(TraceSimulator.ADAPTIVE), caffeine);
            double adaptiveSum = 0;
            double caffeineSum = 0;
            List<String> rows = new ArrayList<>();
            for (var trace : SIZES.entrySet()) {
                TraceSimulator.Table table = TraceSimulator.simulate(Trace.bundled(trace.getKey()), trace.getValue(), policies);
                for (long size : trace.getValue()) {
                    adaptiveSum += 100.0 * table.hits(size, TraceSimulator.ADAPTIVE) / table.requests();
                    caffeineSum += 100.0 * table.hits(size, TraceSimulator.CAFFEINE) / table.requests();
                    rows.add(trace.getKey() + "@" + size + " " + table.percent(size, TraceSimulator.ADAPTIVE) + "/"
                            + table.percent(size, TraceSimulator.CAFFEINE));
                }
            }
            double adaptiveMean = adaptiveSum / rows.size();
            double caffeineMean = caffeineSum / rows.size();
            assertTrue(adaptiveMean >= caffeineMean, () -> "mean hit ratio, adaptive " + adaptiveMean + "% < caffeine "
                    + caffeineMean + "%; adaptive/caffeine per row: " + rows);
        }
    }
}
