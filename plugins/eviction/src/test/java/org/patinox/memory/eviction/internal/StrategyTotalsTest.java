package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.CachePolicy;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;
import org.patinox.memory.tck.StrategyHarness;

/**
 * Property test of every strategy, built-in and plugin, against the {@link StrategyHarness} as the
 * reference model: 100,000 seeded random operations (reads, writes of weights 0, light, heavier
 * than the cache and {@code Integer.MAX_VALUE}, removals, clears, victims asked outside eviction,
 * {@code coldest}/{@code hottest} of limits 0, 1, some and {@code Integer.MAX_VALUE}, and maximums
 * changed to 0, 1, others and {@link CachePolicy#LARGEST_MAXIMUM} while full) keep the strategy's
 * own totals exact: its lists, walked, hold exactly the entries and weight the harness holds, and
 * match the sizes and weights it keeps as it goes.
 */
final class StrategyTotalsTest {

    private static final int OPERATIONS = 100_000;

    private long now = 1_000_000_000L;

    private CacheConfig<Integer, Integer> config(long maximum, boolean weighed) {
        CacheConfig.Builder<Integer, Integer> b = CacheConfig.<Integer, Integer>builder()
                .expireAfterWrite(Duration.ofHours(1)).ticker(() -> now);
        return (weighed ? b.maximumWeight(maximum).weigher((Integer k, Integer v) -> v) : b.maximumSize(maximum)).build();
    }

    @Test
    void a_strategy_keeps_exact_totals_through_100_000_random_operations() {
        for (String name : List.of("lru", "lfu", "ttl", "w-tinylfu", "arc", "sieve", "s3-fifo", "adaptive")) {
            EvictionStrategyProvider p = TraceSimulatorTest.provider(name);
            for (boolean weighed : new boolean[] {false, true}) {
                run(p, weighed, 20_240_513L);
            }
        }
    }

    private void run(EvictionStrategyProvider p, boolean weighed, long seed) {
        long first = weighed ? 400 : 40;
        CacheConfig<Integer, Integer> config = config(first, weighed);
        StrategyHarness<Integer, Integer> h = new StrategyHarness<>(config, p.create(config));
        SplittableRandom random = new SplittableRandom(seed);
        String where = p.name() + (weighed ? ", weighed" : ", counted") + ", seed " + seed;
        for (int op = 1; op <= OPERATIONS; op++) {
            String at = where + ", operation " + op + " (maximum " + h.maximumWeight() + ")";
            int key = random.nextInt(120);
            double r = random.nextDouble();
            try {
                if (r < 0.40) {
                    h.get(key);
                } else if (r < 0.75) {
                    h.put(key, weighed ? weight(random, h.maximumWeight()) : 1);
                } else if (r < 0.88) {
                    h.remove(key);
                } else if (r < 0.885) {
                    long[] maximums = {0, 1, first / 2, first, 2 * first, CachePolicy.LARGEST_MAXIMUM};
                    h.maximumWeight(maximums[random.nextInt(maximums.length)]);
                } else if (r < 0.92) {
                    CacheEntry<Integer, Integer> victim = h.strategy().victim();
                    if (victim != null ? !h.contains(victim.key()) : h.size() > 0) {
                        throw new AssertionError("victim() answered " + victim + " while the cache holds " + h.size());
                    }
                } else if (r < 0.96) {
                    int[] limits = {0, 1, random.nextInt(60), Integer.MAX_VALUE};
                    int limit = limits[random.nextInt(limits.length)];
                    List<CacheEntry<Integer, Integer>> listed = random.nextBoolean()
                            ? h.strategy().coldest(limit) : h.strategy().hottest(limit);
                    assertEquals(Math.min(limit, h.size()), listed.size(), at + ": entries listed of limit " + limit);
                } else if (r < 0.9605) {
                    h.invalidateAll();
                } else {
                    now += 10_000_000_000_000L; // past the hour now and then, for ttl
                    h.expire();
                }
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(at + ": " + e, e);
            }
            now += random.nextLong(1_000_000L);
            if (op % 25 == 0 || op == OPERATIONS) {
                check(h, at);
            }
        }
    }

    /** @return weights 0, light, heavier than the cache and the largest */
    private static int weight(SplittableRandom random, long maximum) {
        int r = random.nextInt(100);
        if (r < 8) {
            return 0;
        }
        if (r < 9) {
            return Integer.MAX_VALUE;
        }
        if (r < 11) {
            return (int) Math.min(Integer.MAX_VALUE, maximum + 1);
        }
        return 1 + random.nextInt(20);
    }

    private static void check(StrategyHarness<Integer, Integer> h, String at) {
        EvictionStrategy<Integer, Integer> s = h.strategy();
        List<CacheEntry<Integer, Integer>> all = s.coldest(Integer.MAX_VALUE);
        Set<CacheEntry<Integer, Integer>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        long weight = 0;
        for (CacheEntry<Integer, Integer> e : all) {
            if (!distinct.add(e) || !h.contains(e.key())) {
                throw new AssertionError(at + ": coldest() listed " + e + " twice or not held");
            }
            weight += e.weight();
        }
        assertEquals(h.size(), all.size(), at + ": entries listed");
        assertEquals(h.weight(), weight, at + ": weight listed");
        long[] totals = switch (s) {
            case SieveStrategy<?, ?> x -> x.totals();
            case S3FifoStrategy<?, ?> x -> x.totals();
            case ArcStrategy<?, ?> x -> x.totals();
            case WTinyLfuStrategy<?, ?> x -> x.totals();
            case AdaptiveStrategy<?, ?> x -> x.totals();
            default -> new long[] {h.size(), h.weight()}; // the built-ins keep no totals beyond their lists
        };
        assertEquals(h.size(), totals[0], at + ": entries in the strategy's lists, " + s);
        assertEquals(h.weight(), totals[1], at + ": weight in the strategy's lists, " + s);
    }
}
