package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.tck.StrategyHarness;

/** What each strategy does that sets it apart, step by step, as its paper describes it. */
final class StrategyBehaviourTest {

    private static CacheConfig<Integer, Integer> counted(long size) {
        return CacheConfig.<Integer, Integer>builder().maximumSize(size).build();
    }

    private static CacheConfig<Integer, Integer> weighed(long weight) {
        return CacheConfig.<Integer, Integer>builder().maximumWeight(weight).weigher((Integer k, Integer v) -> v).build();
    }

    private static StrategyHarness<Integer, Integer> harness(CacheConfig<Integer, Integer> config,
                                                             Function<CacheConfig<Integer, Integer>, EvictionStrategy<Integer, Integer>> strategy) {
        return new StrategyHarness<>(config, strategy.apply(config));
    }

    private static void read(StrategyHarness<Integer, Integer> h, int... keys) {
        for (int k : keys) {
            if (h.get(k) == null) {
                h.put(k, 1);
            }
        }
    }

    @Test
    void sieve_spares_visited_entries_and_its_hand_moves_on_from_where_it_stopped() {
        StrategyHarness<Integer, Integer> h = harness(counted(3), SieveStrategy::new);
        read(h, 1, 2, 3, 1); // 1 is visited
        read(h, 4); // the hand clears 1's bit, passes it and evicts 2
        assertFalse(h.contains(2));
        read(h, 5); // the hand, at 3, evicts it
        assertFalse(h.contains(3));
        read(h, 4, 6); // 4 visited: the hand, past 3, clears 4 and evicts 5, not the oldest, 1
        assertFalse(h.contains(5));
        assertTrue(h.contains(1) && h.contains(4) && h.contains(6), "LRU would have evicted 1");
    }

    @Test
    void s3_fifo_keeps_entries_hit_twice_in_its_small_queue_and_readmits_its_ghosts_to_main() {
        StrategyHarness<Integer, Integer> h = harness(counted(10), S3FifoStrategy::new);
        read(h, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        read(h, 2, 2, 3); // 2 hit twice, 3 once
        read(h, 11); // small holds all: 1, never hit, is evicted and becomes a ghost
        assertFalse(h.contains(1));
        read(h, 12); // 2 moves to main; 3, hit once, is evicted
        assertTrue(h.contains(2));
        assertFalse(h.contains(3));
        read(h, 1); // a ghost: it enters main, and small's oldest, 4, makes room
        assertTrue(h.contains(1));
        assertFalse(h.contains(4));
        for (int k = 100; k < 130; k++) {
            read(h, k); // a scan of one-hit wonders passes through small
        }
        assertTrue(h.contains(1) && h.contains(2), "main keeps 1 and 2 through a scan of new keys");
    }

    @Test
    void arc_keeps_what_was_seen_twice_through_a_scan_and_learns_from_its_ghosts() {
        StrategyHarness<Integer, Integer> h = harness(counted(100), ArcStrategy::new);
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < 50; k++) {
                read(h, k); // seen twice: T2
            }
        }
        for (int k = 1_000; k < 3_000; k++) {
            read(h, k); // a scan of keys seen once, which LRU would let flush the cache
        }
        for (int k = 0; k < 50; k++) {
            assertTrue(h.contains(k), "key " + k + " of T2 survived the scan");
        }
        ArcStrategy<Integer, Integer> arc = new ArcStrategy<>(counted(10));
        StrategyHarness<Integer, Integer> small = new StrategyHarness<>(counted(10), arc);
        read(small, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4); // T2: 0..4
        read(small, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19); // T1 holds 5: 10..14 leave it for B1
        assertEquals(0.0, arc.target());
        read(small, 10); // a hit in B1: recency was wanted, T1's target grows
        assertTrue(arc.target() > 0, "p after a B1 hit: " + arc.target());
    }

    @Test
    void w_tinylfu_admits_by_frequency_so_a_scan_cannot_flush_the_frequent_entries() {
        StrategyHarness<Integer, Integer> tinyLfu = harness(counted(100), c -> new WTinyLfuStrategy<>(c, true));
        StrategyHarness<Integer, Integer> lru = harness(counted(100), c -> TraceSimulatorTest.provider("lru").create(c));
        for (StrategyHarness<Integer, Integer> h : List.of(tinyLfu, lru)) {
            for (int round = 0; round < 5; round++) {
                for (int k = 0; k < 80; k++) {
                    read(h, k);
                }
            }
        }
        // A scan of new keys, each followed by a read of a frequent key: between two reads of a
        // frequent key come 80 scanned keys, so LRU, with room for 100, keeps none of them.
        long tinyLfuHits = tinyLfu.hits();
        long lruHits = lru.hits();
        for (int i = 0; i < 4_000; i++) {
            read(tinyLfu, 1_000 + i, i % 80);
            read(lru, 1_000 + i, i % 80);
        }
        tinyLfuHits = tinyLfu.hits() - tinyLfuHits;
        lruHits = lru.hits() - lruHits;
        assertTrue(tinyLfuHits >= 3_900, "W-TinyLFU hit " + tinyLfuHits + " of the 4000 frequent reads");
        assertTrue(lruHits < 100, "LRU hit " + lruHits + " of them");
        for (int k = 0; k < 80; k++) {
            assertTrue(tinyLfu.contains(k), "frequent key " + k + " survived the scan");
        }
    }

    @Test
    void w_tinylfu_hill_climbing_adapts_the_window_and_pays_on_sprite() {
        org.patinox.memory.tck.Trace sprite = org.patinox.memory.tck.Trace.bundled("sprite");
        CacheConfig<Long, Long> config = CacheConfig.<Long, Long>builder().maximumSize(1000).build();
        WTinyLfuStrategy<Long, Long> climbing = new WTinyLfuStrategy<>(config, true);
        long adaptive = org.patinox.memory.tck.TraceSimulator.strategyHits(sprite, config, climbing);
        long fixed = org.patinox.memory.tck.TraceSimulator.strategyHits(sprite, config,
                new WTinyLfuStrategy<>(config, false));
        assertTrue(climbing.windowMaximum() != 10, "the window left its first 1%: " + climbing.windowMaximum());
        assertTrue(adaptive > fixed, "on sprite at 1000, climbing hit " + adaptive + " times, a fixed window " + fixed);
    }

    @Test
    void every_strategy_evicts_an_entry_heavier_than_the_cache_alone() {
        List<Function<CacheConfig<Integer, Integer>, EvictionStrategy<Integer, Integer>>> strategies = List.of(
                c -> new WTinyLfuStrategy<>(c, true), ArcStrategy::new, SieveStrategy::new, S3FifoStrategy::new);
        for (Function<CacheConfig<Integer, Integer>, EvictionStrategy<Integer, Integer>> strategy : strategies) {
            StrategyHarness<Integer, Integer> h = harness(weighed(100), strategy);
            for (int k = 0; k < 50; k++) {
                h.put(k, 2);
            }
            assertFalse(h.put(1_000, 101));
            assertEquals(50, h.size(), h.strategy() + " evicted only the entry heavier than the cache");
            h.put(7, 150);
            assertEquals(49, h.size(), h.strategy() + " evicted only the entry updated to more than the cache");
            assertFalse(h.contains(7));
        }
    }

    @Test
    void ghost_keys_stay_within_the_papers_bounds_and_within_the_entries_ever_held() {
        org.patinox.memory.tck.Trace gli = org.patinox.memory.tck.Trace.bundled("gli");
        ArcStrategy<Integer, Integer> arc = new ArcStrategy<>(counted(250));
        S3FifoStrategy<Integer, Integer> s3 = new S3FifoStrategy<>(counted(250));
        StrategyHarness<Integer, Integer> arcCache = new StrategyHarness<>(counted(250), arc);
        StrategyHarness<Integer, Integer> s3Cache = new StrategyHarness<>(counted(250), s3);
        for (int i = 0; i < gli.requests(); i++) {
            int key = (int) gli.key(i);
            read(arcCache, key);
            read(s3Cache, key);
            assertTrue(arc.ghosts() <= 250, "ARC: |B1| + |B2| <= c, but " + arc.ghosts() + " at request " + i);
            assertTrue(s3.ghosts() <= 225, "S3-FIFO: |G| <= 90% of c, but " + s3.ghosts() + " at request " + i);
        }
        assertTrue(arc.ghosts() > 0 && s3.ghosts() > 0, "both evicted into their ghosts");

        // Entries of weight 0 add no weight to the ghosts, so only the count of entries held bounds
        // them: episodes that each evict 20 new weightless entries, and nothing heavy into the same
        // ghost list, would pile up 20 ghosts an episode without that bound. (The strategy counts the
        // entry whose write makes the cache evict, held for a moment beyond what the harness shows.)
        ArcStrategy<Integer, Integer> arc0 = new ArcStrategy<>(weighed(10));
        StrategyHarness<Integer, Integer> a = new StrategyHarness<>(weighed(10), arc0);
        a.put(-1, 5);
        a.get(-1);
        a.put(-2, 6);
        a.get(-2); // over: T2's oldest, -1, leaves for B2
        int mostHeld = a.size();
        for (int episode = 0; episode < 10; episode++) {
            for (int k = 0; k < 20; k++) {
                a.put(100 * episode + k, 0); // T1
            }
            mostHeld = Math.max(mostHeld, a.size());
            int back = episode % 2 == 0 ? -1 : -2;
            if (a.get(back) == null) {
                a.put(back, back == -1 ? 5 : 6); // a hit in B2: T1's weightless entries go to B1, then T2's oldest
            }
            mostHeld = Math.max(mostHeld, a.size());
            assertTrue(arc0.ghosts() <= mostHeld + 1, "ARC holds " + arc0.ghosts() + " ghosts, the cache held " + mostHeld);
        }
        assertTrue(arc0.ghosts() >= 20, "ARC kept the ghosts of the latest episode: " + arc0.ghosts());

        S3FifoStrategy<Integer, Integer> s30 = new S3FifoStrategy<>(weighed(10));
        StrategyHarness<Integer, Integer> b = new StrategyHarness<>(weighed(10), s30);
        mostHeld = 0;
        for (int episode = 0; episode < 10; episode++) {
            int first = -2 * episode - 1;
            int second = first - 1;
            b.put(first, 5);
            b.get(first);
            b.get(first); // hit twice: it will move to main rather than become a ghost
            for (int k = 0; k < 20; k++) {
                b.put(100 * episode + k, 0);
            }
            b.put(second, 5);
            b.get(second);
            b.get(second);
            mostHeld = Math.max(mostHeld, b.size());
            b.put(second, 6); // over: the weightless entries become ghosts, the others move to main
            b.remove(second);
            assertTrue(s30.ghosts() <= mostHeld + 1, "S3-FIFO holds " + s30.ghosts() + " ghosts, the cache held "
                    + mostHeld);
        }
        assertTrue(s30.ghosts() >= 20, "S3-FIFO kept the ghosts of the latest episode: " + s30.ghosts());
    }
}
