package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;
import org.patinox.memory.tck.StrategyHarness;
import org.patinox.memory.tck.Trace;
import org.patinox.memory.tck.TraceSimulator;

/**
 * The TCK's {@link TraceSimulator} against the published figures of /work/shared/traces/README.md
 * (exact LRU is the API's built-in {@code lru}), and its optima against a brute-force search.
 */
final class TraceSimulatorTest {

    /**
     * The published table: per trace, rows of size, LRU and OPT hit ratios in percent; {@code null}
     * where no figure is published.
     */
    private static final Map<String, String[][]> PUBLISHED = Map.of(
            "gli", new String[][] {
                {"250", "0.91", "17.64"}, {"500", "0.95", "34.26"}, {"1000", "11.21", "53.13"}, {"2000", "57.41", "57.96"}},
            "multi2", new String[][] {{"600", "37.13", "55.51"}, {"1800", "48.49", "73.13"}, {"3000", "71.18", "78.40"}},
            "sprite", new String[][] {{"100", "21.58", "50.80"}, {"1000", "90.64", "93.24"}},
            "loop", new String[][] {{"256", "0.00", "25.22"}, {"512", "0.00", "50.54"}, {"1024", "99.80", null}});

    private static TraceSimulator.Table replay(String trace, List<TraceSimulator.Policy> policies) {
        long[] sizes = java.util.Arrays.stream(PUBLISHED.get(trace)).mapToLong(row -> Long.parseLong(row[0])).toArray();
        return TraceSimulator.simulate(Trace.bundled(trace), sizes, policies);
    }

    /** @return the one strategy provider of the name, as ServiceLoader finds it on the module path */
    static EvictionStrategyProvider provider(String name) {
        // The tests run inside the plugin's module, which provides the service but does not use it.
        TraceSimulatorTest.class.getModule().addUses(EvictionStrategyProvider.class);
        List<EvictionStrategyProvider> found = java.util.ServiceLoader.load(EvictionStrategyProvider.class).stream()
                .map(java.util.ServiceLoader.Provider::get).filter(p -> p.name().equals(name)).toList();
        assertEquals(1, found.size(), "providers named " + name);
        return found.getFirst();
    }

    @Test
    void exact_lru_reproduces_every_published_lru_figure_to_two_decimals() {
        for (String trace : PUBLISHED.keySet()) {
            TraceSimulator.Table table = replay(trace, List.of(TraceSimulator.strategy("lru")));
            for (String[] row : PUBLISHED.get(trace)) {
                assertEquals(row[1], table.percent(Long.parseLong(row[0]), "lru"), trace + " at " + row[0]);
            }
        }
    }

    @Test
    void opt_reproduces_every_published_opt_figure_to_two_decimals() {
        for (String trace : PUBLISHED.keySet()) {
            TraceSimulator.Table table = replay(trace, List.of(TraceSimulator.optimal()));
            for (String[] row : PUBLISHED.get(trace)) {
                if (row[2] != null) {
                    assertEquals(row[2], table.percent(Long.parseLong(row[0]), "opt"), trace + " at " + row[0]);
                }
            }
        }
        // Where none is published, loop at 1024, every key fits: only the first request of each misses.
        Trace loop = Trace.bundled("loop");
        assertEquals(loop.requests() - loop.distinctKeys(), TraceSimulator.optimalHits(loop, 1024));
    }

    @Test
    void opt_with_bypass_is_never_below_opt_and_above_it_where_declining_a_miss_pays() {
        for (String name : Trace.BUNDLED_NAMES.split(", ")) {
            Trace trace = Trace.bundled(name);
            for (long size : new long[] {1, 10, 100, 250, 1000}) {
                long opt = TraceSimulator.optimalHits(trace, size);
                long bypass = TraceSimulator.optimalHitsWithBypass(trace, size);
                assertTrue(bypass >= opt, name + " at " + size + ": " + bypass + " < " + opt);
            }
        }
        Trace gli = Trace.bundled("gli");
        assertEquals("17.71", TraceSimulator.percent(TraceSimulator.optimalHitsWithBypass(gli, 250), gli.requests()));
    }

    @Test
    void both_optima_are_those_a_brute_force_search_finds_on_small_traces() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 300; round++) {
            int keys = 2 + random.nextInt(4);
            long[] requests = new long[4 + random.nextInt(11)];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = random.nextInt(keys);
            }
            Trace trace = Trace.of("random", requests);
            for (int size = 0; size <= 3; size++) {
                String where = java.util.Arrays.toString(requests) + " at size " + size;
                assertEquals(bruteForce(trace, size, false), TraceSimulator.optimalHits(trace, size), "opt of " + where);
                assertEquals(bruteForce(trace, size, true), TraceSimulator.optimalHitsWithBypass(trace, size),
                        "opt with bypass of " + where);
            }
        }
    }

    /** The most hits of any sequence of choices, every miss entering unless bypass allows declining it. */
    private static long bruteForce(Trace trace, int size, boolean bypass) {
        Map<Long, Integer> idOf = new HashMap<>();
        int[] ids = java.util.Arrays.stream(trace.keys()).mapToInt(k -> idOf.computeIfAbsent(k, x -> idOf.size())).toArray();
        return best(ids, 0, 0, size, bypass, new HashMap<>());
    }

    private static long best(int[] ids, int position, int cached, int size, boolean bypass, Map<Long, Long> memo) {
        if (position == ids.length) {
            return 0;
        }
        long state = ((long) position << 32) | cached;
        Long known = memo.get(state);
        if (known != null) {
            return known;
        }
        int key = 1 << ids[position];
        long result;
        if ((cached & key) != 0) {
            result = 1 + best(ids, position + 1, cached, size, bypass, memo);
        } else {
            result = bypass || size == 0 ? best(ids, position + 1, cached, size, bypass, memo) : Long.MIN_VALUE;
            if (size > 0 && Integer.bitCount(cached) < size) {
                result = Math.max(result, best(ids, position + 1, cached | key, size, bypass, memo));
            } else if (size > 0) {
                for (int rest = cached; rest != 0; rest &= rest - 1) {
                    int evicted = Integer.lowestOneBit(rest);
                    result = Math.max(result, best(ids, position + 1, (cached & ~evicted) | key, size, bypass, memo));
                }
            }
        }
        memo.put(state, result);
        return result;
    }

    @Test
    void the_table_is_markdown_with_two_decimals_and_answers_by_row_and_column() {
        // LRU never keeps what comes back; OPT at 2 keeps 1 through 3 and again through 4.
        Trace trace = Trace.of("tiny", 1, 2, 3, 1, 2, 4, 1, 2);
        TraceSimulator.Table table = TraceSimulator.simulate(trace, new long[] {2, 3},
                List.of(TraceSimulator.strategy("lru"), TraceSimulator.optimal()));
        assertEquals(0, table.hits(2, "lru"));
        assertEquals("50.00", table.percent(3, "lru"));
        assertEquals("25.00", table.percent(2, "opt"));
        String nl = System.lineSeparator();
        assertEquals("tiny (8 requests, 4 distinct keys), hit ratio %" + nl + nl
                + "| size | lru | opt |" + nl
                + "|---:|---:|---:|" + nl
                + "| 2 | 0.00 | 25.00 |" + nl
                + "| 3 | 50.00 | 50.00 |" + nl, table.toMarkdown());
        assertEquals(4, TraceSimulator.optimalHitsWithBypass(trace, 2), "declining 3 and 4 keeps 1 and 2 throughout");
        assertThrows(IllegalArgumentException.class, () -> table.hits(1, "lru"));
        assertThrows(IllegalArgumentException.class, () -> table.hits(2, "arc"));
        assertEquals("0.00", TraceSimulator.percent(0, 0));
    }

    @Test
    void a_cache_is_replayed_by_reads_and_on_a_miss_a_write_and_clean_ups_then_closed() {
        Trace gli = Trace.bundled("gli");
        List<HarnessCache> made = new ArrayList<>();
        TraceSimulator.Policy policy = TraceSimulator.cache("harness", config -> {
            HarnessCache cache = new HarnessCache(config, provider("lru").create(config));
            made.add(cache);
            return cache;
        });
        long viaCache = policy.hits(gli, 1000);
        long viaHarness = TraceSimulator.strategy("lru").hits(gli, 1000);
        assertEquals(viaHarness, viaCache);
        HarnessCache cache = made.getFirst();
        assertTrue(cache.isClosed(), "the simulator closes the cache after the replay");
        long misses = gli.requests() - viaCache;
        assertTrue(cache.cleanUps >= misses && cache.cleanUps <= misses + viaCache / TraceSimulator.READS_PER_CLEAN_UP,
                () -> "one clean-up after every write, and one per " + TraceSimulator.READS_PER_CLEAN_UP
                        + " hits in a row: " + cache.cleanUps + " for " + misses + " misses");
        assertEquals(1000, cache.config().maximumWeight());
    }

    @Test
    void a_strategy_is_replayed_with_the_configuration_of_each_size() {
        List<Long> bounds = new ArrayList<>();
        TraceSimulator.Policy policy = TraceSimulator.strategy("mine", config -> {
            bounds.add(config.maximumWeight());
            return provider("lfu").create(config);
        });
        TraceSimulator.simulate(Trace.bundled("gli"), new long[] {10, 20}, List.of(policy));
        assertEquals(List.of(10L, 20L), bounds);
        assertThrows(IllegalArgumentException.class, () -> TraceSimulator.strategy("nosuch"));
        assertThrows(IllegalArgumentException.class, () -> policy.hits(Trace.bundled("gli"), -1));
    }

    @Test
    void main_prints_the_table_of_the_policies_asked_for_and_writes_its_chart(@org.junit.jupiter.api.io.TempDir
                                                                                java.nio.file.Path charts) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            TraceSimulator.main(new String[] {"gli", "250,2000", "lru, ttl,opt,opt-bypass", "--charts", charts.toString()});
        } finally {
            System.setOut(out);
        }
        String nl = System.lineSeparator();
        assertEquals("gli (6,015 requests, 2,529 distinct keys), hit ratio %" + nl + nl
                + "| size | lru | ttl | opt | opt-bypass |" + nl
                + "|---:|---:|---:|---:|---:|" + nl
                + "| 250 | 0.91 | 0.91 | 17.64 | 17.71 |" + nl
                + "| 2000 | 57.41 | 47.90 | 57.96 | 57.96 |" + nl + nl
                + "Chart: " + charts.resolve("gli-hit-ratio.svg").toAbsolutePath() + nl, printed.toString(StandardCharsets.UTF_8));
        assertTrue(java.nio.file.Files.readString(charts.resolve("gli-hit-ratio.svg")).contains("data-policy=\"opt-bypass\""));
    }

    @Test
    void with_every_fixed_policy_the_table_adds_the_best_of_them_and_adaptive_s_distance_to_it_and_to_caffeine() {
        List<String> columns = List.of("lru", "arc", "w-tinylfu", "s3-fifo", "sieve", "adaptive", "backend:caffeine");
        long[][] hits = {{10, 20, 30, 25, 5, 29, 31}, {50, 40, 45, 44, 50, 52, 40}};
        TraceSimulator.Table table = new TraceSimulator.Table("t", 200, 50, new long[] {10, 20}, columns, hits);
        assertEquals("w-tinylfu", table.bestFixed(10));
        assertEquals(30, table.bestFixedHits(10));
        assertEquals("lru", table.bestFixed(20), "a tie goes to the first fixed policy");
        String nl = System.lineSeparator();
        assertEquals("t (200 requests, 50 distinct keys), hit ratio %" + nl + nl
                + "| size | lru | arc | w-tinylfu | s3-fifo | sieve | adaptive | backend:caffeine | best fixed"
                + " | adaptive - best fixed | adaptive - caffeine |" + nl
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + nl
                + "| 10 | 5.00 | 10.00 | 15.00 | 12.50 | 2.50 | 14.50 | 15.50 | 15.00 (w-tinylfu) | -0.50 | -1.00 |" + nl
                + "| 20 | 25.00 | 20.00 | 22.50 | 22.00 | 25.00 | 26.00 | 20.00 | 25.00 (lru) | +1.00 | +6.00 |" + nl,
                table.toMarkdown());
        TraceSimulator.Table partial = new TraceSimulator.Table("t", 200, 50, new long[] {10},
                List.of("lru", "adaptive"), new long[][] {{1, 2}});
        assertTrue(!partial.toMarkdown().contains("best fixed"), "without every fixed policy, no best fixed column");
        assertThrows(IllegalArgumentException.class, () -> partial.bestFixed(10));
    }

    @Test
    void compare_replays_the_fixed_policies_adaptive_caffeine_when_found_and_opt(@org.junit.jupiter.api.io.TempDir
                                                                                 java.nio.file.Path charts) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            TraceSimulator.main(new String[] {"gli", "250", "compare", "--charts", charts.toString()});
        } finally {
            System.setOut(out);
        }
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\\R");
        // The caffeine backend is not on this module's test path, so compare leaves it out.
        assertEquals("| size | lru | arc | w-tinylfu | s3-fifo | sieve | adaptive | opt | best fixed | adaptive - best fixed |",
                lines[2]);
        assertTrue(lines[4].startsWith("| 250 | 0.91 | ") && lines[4].contains("| 17.64 | 15.03 (w-tinylfu) | "), lines[4]);
    }

    @Test
    void main_refuses_bad_arguments_naming_them_before_it_prints_anything(@org.junit.jupiter.api.io.TempDir
                                                                          java.nio.file.Path charts) {
        String dir = charts.toString();
        Map<List<String>, List<String>> named = new java.util.LinkedHashMap<>();
        named.put(List.of("gli", "-5", "opt", "--charts", dir), List.of("size", "-5"));
        named.put(List.of("gli", "250,-1", "lru", "--charts", dir), List.of("size", "-1"));
        named.put(List.of("gli", "abc", "lru", "--charts", dir), List.of("size", "abc"));
        named.put(List.of("gli", "250,,500", "lru", "--charts", dir), List.of("size", "250,,500"));
        named.put(List.of("gli", "250", " , ", "--charts", dir), List.of("policy", " , "));
        named.put(List.of("gli", "250", "lru", "--charts"), List.of("--charts"));
        named.put(List.of("gli", "250", "nosuch", "--charts", dir), List.of("nosuch"));
        named.put(List.of("nosuch.trace", "250", "lru", "--charts", dir), List.of("nosuch.trace"));
        PrintStream out = System.out;
        for (Map.Entry<List<String>, List<String>> c : named.entrySet()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            IllegalArgumentException e;
            try {
                e = assertThrows(IllegalArgumentException.class, () -> TraceSimulator.main(c.getKey().toArray(String[]::new)),
                        "arguments " + c.getKey());
            } finally {
                System.setOut(out);
            }
            for (String word : c.getValue()) {
                assertTrue(e.getMessage().contains(word), "arguments " + c.getKey() + ": '" + e.getMessage()
                        + "' does not name " + word);
            }
            assertEquals("", printed.toString(StandardCharsets.UTF_8), "arguments " + c.getKey() + " printed a table");
        }
        assertThrows(IllegalArgumentException.class, () -> TraceSimulator.optimalHits(Trace.bundled("gli"), -1));
        assertThrows(IllegalArgumentException.class, () -> TraceSimulator.optimalHitsWithBypass(Trace.bundled("gli"), -1));
    }

    @Test
    void a_table_whose_hits_do_not_match_its_sizes_and_policies_is_refused_when_made() {
        List<String> one = List.of("lru");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TraceSimulator.Table("t", 10, 5, new long[] {1, 2}, one, new long[][] {{1}}),
                "two sizes, one row of hits");
        assertTrue(e.getMessage().contains("2 sizes") && e.getMessage().contains("1 row"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TraceSimulator.Table("t", 10, 5, new long[] {1, 2}, one, new long[][] {{1}, {1, 2}}),
                "one policy, a row of two hits");
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("1 polic"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TraceSimulator.Table("t", 10, 5, new long[] {1}, one, new long[][] {{11}}), "more hits than requests");
        assertThrows(IllegalArgumentException.class,
                () -> new TraceSimulator.Table("t", 10, 5, new long[] {1}, one, new long[][] {{-1}}), "negative hits");
    }

    /** A cache for the simulator's tests: a {@link StrategyHarness} behind the {@link Cache} interface. */
    private static final class HarnessCache implements Cache<Long, Long> {
        private final CacheConfig<Long, Long> config;
        private final StrategyHarness<Long, Long> harness;
        private boolean closed;
        long cleanUps;

        HarnessCache(CacheConfig<Long, Long> config, EvictionStrategy<Long, Long> strategy) {
            this.config = config;
            this.harness = new StrategyHarness<>(config, strategy);
        }

        @Override
        public String name() {
            return config.name();
        }

        @Override
        public CacheConfig<Long, Long> config() {
            return config;
        }

        @Override
        public Long getIfPresent(Long key) {
            return harness.get(key);
        }

        @Override
        public Long get(Long key, Function<? super Long, ? extends Long> loader) {
            Long value = harness.get(key);
            if (value == null) {
                value = loader.apply(key);
                if (value != null) {
                    harness.put(key, value);
                }
            }
            return value;
        }

        @Override
        public CompletableFuture<Long> getAsync(Long key, Function<? super Long, ? extends Long> loader) {
            return CompletableFuture.completedFuture(get(key, loader));
        }

        @Override
        public void put(Long key, Long value) {
            harness.put(key, value);
        }

        @Override
        public Long remove(Long key) {
            return harness.remove(key);
        }

        @Override
        public void invalidateAll() {
            harness.invalidateAll();
        }

        @Override
        public long size() {
            return harness.size();
        }

        @Override
        public CacheStats stats() {
            return new CacheStats(name(), harness.hits(), harness.misses(), 0, 0, 0, harness.evicted(), 0,
                    harness.expired());
        }

        @Override
        public void cleanUp() {
            cleanUps++;
        }

        @Override
        public ConcurrentMap<Long, Long> asMap() {
            throw new UnsupportedOperationException("the simulator's test cache has no map view");
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Long get(Long key) {
            throw new UnsupportedOperationException("the simulator's test cache has no loader");
        }

        @Override
        public java.util.Map<Long, Long> getAll(Iterable<? extends Long> keys,
                Function<? super java.util.Set<? extends Long>, ? extends java.util.Map<? extends Long, ? extends Long>> bulk) {
            throw new UnsupportedOperationException("the simulator's test cache has no bulk loading");
        }

        @Override
        public java.util.Map<Long, Long> getAll(Iterable<? extends Long> keys) {
            throw new UnsupportedOperationException("the simulator's test cache has no loader");
        }

        @Override
        public CompletableFuture<Long> refresh(Long key) {
            throw new UnsupportedOperationException("the simulator's test cache has no loader");
        }
    }
}
