package org.patinox.memory.tck;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.spi.CacheBackendProvider;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * Replays a {@link Trace} through eviction policies at a list of cache sizes and counts the hits,
 * as a demand-filled cache sees them: every request is a read, and a miss is followed by a write
 * of the same key. Hit ratio = hits / requests.
 *
 * <p>A policy is replayed either through an {@link EvictionStrategy} in a {@link StrategyHarness}
 * (exact, single-threaded, and checked as it goes), or through a whole {@link Cache} ({@code
 * getIfPresent}, and on a miss {@code put}, with {@code cleanUp()} after each miss and every
 * {@value #READS_PER_CLEAN_UP} hits, so that a cache that buffers its work, and samples the reads
 * of a busy cache, replays every one here), or as {@linkplain #optimalHits OPT}, Belady's clairvoyant optimum of a
 * demand-filled cache, the ceiling of every policy that keeps what it misses, and {@linkplain
 * #optimalHitsWithBypass OPT with bypass}, the ceiling of every policy.
 *
 * <p>From the command line:
 * <pre>{@code
 * TraceSimulator <trace> <size>[,<size>...] [<policy>[,<policy>...]]
 * }</pre>
 * where the trace is a bundled name ({@value Trace#BUNDLED_NAMES}) or a file, and a policy is
 * {@code opt}, {@code opt-bypass}, the name of an eviction strategy (replayed through the harness), {@code
 * <implementation>:<strategy>} (through a cache of that implementation; an empty implementation
 * is the default one), or {@code backend:<name>[:<strategy>]} (through a cache of that backend,
 * its policy the strategy named, else the one named after the backend). Without
 * policies, every strategy found through {@link ServiceLoader} and {@code opt} are replayed; the
 * policy {@code compare} stands for {@link #COMPARED}: the {@linkplain #FIXED fixed policies}, {@code
 * adaptive}, the {@code caffeine} backend when a provider of it is found, and {@code opt}. It prints a
 * Markdown table of hit ratios in percent with two decimals; when the table holds every fixed policy
 * it adds a column "best fixed", the best of them at each size, and, for a column {@code adaptive},
 * that policy's distance to it in points (and to the {@code caffeine} backend's, when replayed).
 */
public final class TraceSimulator {

    private TraceSimulator() {
    }

    /**
     * The fixed policies an adaptive one is held against, by strategy name: the "best fixed" column
     * is the best of these at each size.
     */
    public static final List<String> FIXED = List.of("lru", "arc", "w-tinylfu", "s3-fifo", "sieve");

    /** The adaptive policy whose distance to the best fixed one the table shows. */
    public static final String ADAPTIVE = "adaptive";

    /** The column of the Caffeine backend, with its own W-TinyLFU, as {@code compare} names it. */
    public static final String CAFFEINE = "backend:caffeine";

    /**
     * What the policy {@code compare} stands for: the {@link #FIXED} ones, {@value #ADAPTIVE}, {@value
     * #CAFFEINE} (left out when no provider of the {@code caffeine} backend is found) and {@code opt}.
     */
    public static final List<String> COMPARED = List.of("lru", "arc", "w-tinylfu", "s3-fifo", "sieve", ADAPTIVE, CAFFEINE,
            "opt");

    /** A way to replay a trace at one cache size: one column of a {@link Table}. */
    public interface Policy {

        /** @return the column's heading */
        String name();

        /**
         * @param trace the requests
         * @param size the cache's maximum size, in entries
         * @return how many requests hit
         */
        long hits(Trace trace, long size);
    }

    /**
     * @param name the name of a strategy found through {@link ServiceLoader}, such as {@code lru};
     *     {@code ttl} is given a time to live so long that nothing expires
     * @return the policy replaying that strategy through a {@link StrategyHarness}
     * @throws IllegalArgumentException when no provider, or more than one, has that name
     */
    public static Policy strategy(String name) {
        EvictionStrategyProvider provider = provider(name);
        EvictionPolicy policy = name.equals("ttl") ? EvictionPolicy.ttl(Duration.ofDays(365 * 100)) : EvictionPolicy.named(name);
        return strategy(name, config -> provider.create(config.toBuilder().policy(policy).build()));
    }

    /**
     * @param name the column's heading
     * @param factory makes a new strategy for the configuration of each size: a bound of that many
     *     entries, a ticker that stands still, and the default policy, which the factory may replace
     * @return the policy replaying those strategies through a {@link StrategyHarness}
     */
    public static Policy strategy(String name, Function<CacheConfig<Long, Long>, EvictionStrategy<Long, Long>> factory) {
        Objects.requireNonNull(factory, "factory");
        return new Named(name, (trace, size) -> {
            CacheConfig<Long, Long> config = config(trace, size);
            return strategyHits(trace, config, factory.apply(config));
        });
    }

    /**
     * @param name the column's heading
     * @param factory makes a new cache for the configuration of each size: a bound of that many
     *     entries, a ticker that stands still, and the default policy, which the factory may replace;
     *     the simulator closes the cache after the replay
     * @return the policy replaying the trace through those caches
     */
    public static Policy cache(String name, Function<CacheConfig<Long, Long>, Cache<Long, Long>> factory) {
        Objects.requireNonNull(factory, "factory");
        return new Named(name, (trace, size) -> {
            try (Cache<Long, Long> cache = factory.apply(config(trace, size))) {
                return cacheHits(trace, cache);
            }
        });
    }

    /** @return Belady's optimum, {@link #optimalHits}, as a column named {@code opt} */
    public static Policy optimal() {
        return new Named("opt", TraceSimulator::optimalHits);
    }

    /** @return Belady's optimum with bypass, {@link #optimalHitsWithBypass}, as a column named {@code opt-bypass} */
    public static Policy optimalWithBypass() {
        return new Named("opt-bypass", TraceSimulator::optimalHitsWithBypass);
    }

    private record Named(String name, HitCounter counter) implements Policy {
        @Override
        public long hits(Trace trace, long size) {
            return counter.hits(trace, size);
        }
    }

    @FunctionalInterface
    private interface HitCounter {
        long hits(Trace trace, long size);
    }

    private static CacheConfig<Long, Long> config(Trace trace, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("cache size must be 0 or more, but was " + size);
        }
        LongSupplier standingStill = () -> 0L;
        return CacheConfig.<Long, Long>builder().name(trace.name() + "-" + size).maximumSize(size)
                .ticker(standingStill).build();
    }

    /**
     * Replays the trace through a strategy in a {@link StrategyHarness}.
     *
     * @param trace the requests
     * @param config the cache's bound and weigher
     * @param strategy a new strategy made for that configuration
     * @return how many requests hit
     */
    public static long strategyHits(Trace trace, CacheConfig<Long, Long> config, EvictionStrategy<Long, Long> strategy) {
        StrategyHarness<Long, Long> harness = new StrategyHarness<>(config, strategy);
        int[] ids = trace.ids();
        for (int id : ids) {
            Long key = trace.boxedKey(id);
            if (harness.get(key) == null) {
                harness.put(key, key);
            }
        }
        return harness.hits();
    }

    /**
     * Hits in a row after which {@link #cacheHits} cleans up: no more than any read buffer holds.
     * Caffeine's holds 16 reads a stripe (one stripe for one thread) and drops the read that finds
     * it full; at 32, one hit in 32 of every long run of hits was lost to its policy (loop at 512
     * entries: 47.56% of hits, 49.54% at 16).
     */
    public static final int READS_PER_CLEAN_UP = 16;

    /**
     * Replays the trace through a cache: {@code getIfPresent}, and on a miss {@code put}; then
     * {@code cleanUp()} after each miss and every {@value #READS_PER_CLEAN_UP} hits in a row.
     *
     * @param trace the requests
     * @param cache an empty cache
     * @return how many requests hit
     */
    public static long cacheHits(Trace trace, Cache<Long, Long> cache) {
        long hits = 0;
        int inARow = 0;
        for (int id : trace.ids()) {
            Long key = trace.boxedKey(id);
            if (cache.getIfPresent(key) != null) {
                hits++;
                if (++inARow < READS_PER_CLEAN_UP) {
                    continue;
                }
            } else {
                cache.put(key, key);
            }
            cache.cleanUp();
            inARow = 0;
        }
        return hits;
    }

    /**
     * Belady's optimum (MIN) for a demand-filled cache, as the published tables give it: every miss
     * enters the cache, and when it is full the cached key whose next request is the furthest away
     * leaves first. No policy that keeps every key it misses hits more often; one that may drop the
     * key just missed (by an admission policy, or by evicting it at once) is bounded by {@link
     * #optimalHitsWithBypass} instead.
     *
     * <p>Runs in O(n log n) time with the next-use position of every request and a priority queue
     * of the cached keys' next uses.
     *
     * @param trace the requests
     * @param size the cache's maximum size, in entries
     * @return how many requests hit
     * @throws IllegalArgumentException when the size is negative
     */
    public static long optimalHits(Trace trace, long size) {
        return belady(trace, size, false);
    }

    /**
     * Belady's optimum for a cache that may decline to keep the key just missed: as {@link
     * #optimalHits}, but the key just missed is among those that may leave, and does when it is
     * the one requested the furthest away. The ceiling of every policy, with or without admission.
     *
     * @param trace the requests
     * @param size the cache's maximum size, in entries
     * @return how many requests hit
     * @throws IllegalArgumentException when the size is negative
     */
    public static long optimalHitsWithBypass(Trace trace, long size) {
        return belady(trace, size, true);
    }

    private static long belady(Trace trace, long size, boolean bypass) {
        if (size < 0) {
            // As a strategy's replay refuses it: a negative size has no hits to count, not zero.
            throw new IllegalArgumentException("cache size must be 0 or more, but was " + size);
        }
        int[] ids = trace.ids();
        int n = ids.length;
        if (size <= 0 || n == 0) {
            return 0;
        }
        // next[i]: where the key of request i is requested again; n + i when never, so that every
        // value is distinct and tells its key (ids[v] or ids[v - n]).
        int[] next = new int[n];
        int[] upcoming = new int[trace.distinctKeys()];
        Arrays.fill(upcoming, -1);
        for (int i = n - 1; i >= 0; i--) {
            int u = upcoming[ids[i]];
            next[i] = u < 0 ? n + i : u;
            upcoming[ids[i]] = i;
        }
        boolean[] cached = new boolean[trace.distinctKeys()];
        long held = 0;
        long hits = 0;
        // A max-heap of next uses. A cached key's current entry is its only one past the present
        // position; the entries of keys requested since are stale, all at or before the present, so
        // the top is always a cached key's current next use: stale entries are never popped and need
        // no removal.
        int[] heap = new int[n];
        int heapSize = 0;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            if (cached[id]) {
                hits++;
            } else {
                if (!bypass && held == size) {
                    heapSize = evictFurthest(heap, heapSize, ids, cached);
                    held--;
                }
                cached[id] = true;
                held++;
            }
            heapSize = push(heap, heapSize, next[i]);
            if (held > size) {
                heapSize = evictFurthest(heap, heapSize, ids, cached);
                held--;
            }
        }
        return hits;
    }

    private static int evictFurthest(int[] heap, int heapSize, int[] ids, boolean[] cached) {
        int n = ids.length;
        int furthest = heap[0];
        cached[furthest < n ? ids[furthest] : ids[furthest - n]] = false;
        return popTop(heap, heapSize);
    }

    private static int push(int[] heap, int size, int value) {
        int i = size;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] >= value) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = value;
        return size + 1;
    }

    private static int popTop(int[] heap, int size) {
        int last = heap[--size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= last) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return size;
    }

    /**
     * @param hits the hits counted
     * @param requests the requests replayed
     * @return the hit ratio in percent with two decimals, as the published tables give it, such as
     *     {@code 11.21}
     */
    public static String percent(long hits, long requests) {
        return String.format(Locale.ROOT, "%.2f", requests == 0 ? 0.0 : 100.0 * hits / requests);
    }

    /**
     * Replays the trace through every policy at every size.
     *
     * @param trace the requests
     * @param sizes the cache sizes, in entries
     * @param policies the columns
     * @return the hits of each size and policy
     */
    public static Table simulate(Trace trace, long[] sizes, List<Policy> policies) {
        long[][] hits = new long[sizes.length][policies.size()];
        for (int s = 0; s < sizes.length; s++) {
            for (int p = 0; p < policies.size(); p++) {
                hits[s][p] = policies.get(p).hits(trace, sizes[s]);
            }
        }
        return new Table(trace.name(), trace.requests(), trace.distinctKeys(), sizes.clone(),
                policies.stream().map(Policy::name).toList(), hits);
    }

    /**
     * The hits of a trace's replay, one row per cache size, one column per policy.
     *
     * @param trace the trace's name
     * @param requests the trace's number of requests
     * @param distinctKeys the trace's number of distinct keys
     * @param sizes the cache sizes of the rows
     * @param policies the names of the columns
     * @param hits the hits of each row and column
     */
    public record Table(String trace, int requests, int distinctKeys, long[] sizes, List<String> policies,
                        long[][] hits) {

        /**
         * Copies the arrays, so that the table is immutable, and checks their shape: a row of hits
         * per size, a hit count per policy in each row, each from 0 to the requests.
         *
         * @throws IllegalArgumentException when the hits do not fit the sizes, policies and
         *     requests, naming what does not fit
         */
        public Table {
            sizes = sizes.clone();
            policies = List.copyOf(policies);
            hits = Arrays.stream(hits).map(long[]::clone).toArray(long[][]::new);
            // A table made by hand could otherwise fail only later, out of bounds in toMarkdown or a chart.
            if (hits.length != sizes.length) {
                throw new IllegalArgumentException("the table of " + trace + " has " + sizes.length + " sizes but "
                        + hits.length + " rows of hits");
            }
            for (int row = 0; row < hits.length; row++) {
                if (hits[row].length != policies.size()) {
                    throw new IllegalArgumentException("the table of " + trace + " has " + policies.size()
                            + " policies but " + hits[row].length + " hits in row " + (row + 1) + " (size " + sizes[row] + ")");
                }
                for (long h : hits[row]) {
                    if (h < 0 || h > requests) {
                        throw new IllegalArgumentException("the table of " + trace + " has " + h + " hits in row "
                                + (row + 1) + " (size " + sizes[row] + "), out of " + requests + " requests");
                    }
                }
            }
        }

        /** @return the sizes of the rows; a copy */
        @Override
        public long[] sizes() {
            return sizes.clone();
        }

        /** @return the hits of each row and column; a copy */
        @Override
        public long[][] hits() {
            return Arrays.stream(hits).map(long[]::clone).toArray(long[][]::new);
        }

        /**
         * @param size a size of the table
         * @param policy a policy of the table
         * @return the hit ratio there, in percent with two decimals
         * @throws IllegalArgumentException when the table has no such row or column
         */
        public String percent(long size, String policy) {
            return TraceSimulator.percent(hits(size, policy), requests);
        }

        /**
         * @param size a size of the table
         * @param policy a policy of the table
         * @return the hits there
         * @throws IllegalArgumentException when the table has no such row or column
         */
        public long hits(long size, String policy) {
            int column = policies.indexOf(policy);
            for (int row = 0; row < sizes.length; row++) {
                if (sizes[row] == size && column >= 0) {
                    return hits[row][column];
                }
            }
            throw new IllegalArgumentException("no row " + size + " and column " + policy + " in " + Arrays.toString(sizes)
                    + " x " + policies);
        }

        /** @return the table in Markdown, hit ratios in percent with two decimals, under a heading line */
        public String toMarkdown() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%s (%,d requests, %,d distinct keys), hit ratio %%%n%n", trace, requests,
                    distinctKeys));
            b.append("| size |");
            policies.forEach(p -> b.append(' ').append(p).append(" |"));
            List<String> derived = derivedColumns();
            derived.forEach(p -> b.append(' ').append(p).append(" |"));
            b.append(System.lineSeparator()).append("|---:|");
            policies.forEach(p -> b.append("---:|"));
            derived.forEach(p -> b.append("---:|"));
            b.append(System.lineSeparator());
            for (int row = 0; row < sizes.length; row++) {
                b.append("| ").append(sizes[row]).append(" |");
                for (long h : hits[row]) {
                    b.append(' ').append(TraceSimulator.percent(h, requests)).append(" |");
                }
                if (!derived.isEmpty()) {
                    long size = sizes[row];
                    b.append(' ').append(TraceSimulator.percent(bestFixedHits(size), requests)).append(" (")
                            .append(bestFixed(size)).append(") |");
                    if (policies.contains(ADAPTIVE)) {
                        b.append(' ').append(points(hits(size, ADAPTIVE) - bestFixedHits(size))).append(" |");
                        if (policies.contains(CAFFEINE)) {
                            b.append(' ').append(points(hits(size, ADAPTIVE) - hits(size, CAFFEINE))).append(" |");
                        }
                    }
                }
                b.append(System.lineSeparator());
            }
            return b.toString();
        }

        /** @return the headings of the columns {@link #toMarkdown} adds to the policies' */
        private List<String> derivedColumns() {
            if (!policies.containsAll(FIXED)) {
                return List.of();
            }
            List<String> derived = new ArrayList<>(List.of("best fixed"));
            if (policies.contains(ADAPTIVE)) {
                derived.add(ADAPTIVE + " - best fixed");
                if (policies.contains(CAFFEINE)) {
                    derived.add(ADAPTIVE + " - caffeine");
                }
            }
            return derived;
        }

        /** @return a difference of hits as signed points of hit ratio with two decimals, such as {@code -0.42} */
        private String points(long hitsDifference) {
            double points = requests == 0 ? 0.0 : 100.0 * hitsDifference / requests;
            return String.format(Locale.ROOT, "%+.2f", points);
        }

        /**
         * @param size a size of the table
         * @return the name of the {@linkplain #FIXED fixed policy} that hit most at that size (the
         *     first of {@link #FIXED} on a tie)
         * @throws IllegalArgumentException when the table lacks the row or a fixed policy
         */
        public String bestFixed(long size) {
            String best = null;
            for (String policy : FIXED) {
                if (best == null || hits(size, policy) > hits(size, best)) {
                    best = policy;
                }
            }
            return best;
        }

        /**
         * @param size a size of the table
         * @return the hits of the {@linkplain #bestFixed best fixed policy} at that size
         * @throws IllegalArgumentException when the table lacks the row or a fixed policy
         */
        public long bestFixedHits(long size) {
            return hits(size, bestFixed(size));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Table t && trace.equals(t.trace) && requests == t.requests
                    && distinctKeys == t.distinctKeys && Arrays.equals(sizes, t.sizes) && policies.equals(t.policies)
                    && Arrays.deepEquals(hits, t.hits);
        }

        @Override
        public int hashCode() {
            return Objects.hash(trace, requests, Arrays.hashCode(sizes), policies, Arrays.deepHashCode(hits));
        }

        @Override
        public String toString() {
            return toMarkdown();
        }
    }

    /** @return the one provider of the name, found through {@link ServiceLoader} */
    static EvictionStrategyProvider provider(String name) {
        List<EvictionStrategyProvider> found = providers().stream().filter(p -> p.name().equals(name)).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.size() + " eviction strategy providers are named '" + name
                    + "'; found " + providers().stream().map(EvictionStrategyProvider::name).toList());
        }
        return found.getFirst();
    }

    /** @return every strategy provider {@link ServiceLoader} finds, in its order */
    static List<EvictionStrategyProvider> providers() {
        List<EvictionStrategyProvider> all = new ArrayList<>();
        ServiceLoader.load(EvictionStrategyProvider.class, TraceSimulator.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /**
     * Prints the hit-ratio table of a trace and writes its chart ({@link HitRatioChart}); see the
     * class description for the arguments.
     *
     * @param arguments the trace, the sizes, optionally the policies, and optionally {@code
     *     --charts <dir>}, where the chart goes (else the working directory)
     * @throws IOException when the trace file cannot be read
     * @throws IllegalArgumentException when an argument is not understood (a size that is not a whole
     *     number of 0 or more, no policy, an unknown policy or trace, {@code --charts} without its
     *     folder), naming it; before anything is printed
     */
    public static void main(String[] arguments) throws IOException {
        PrintStream out = System.out;
        // The chart goes beside the table: into --charts DIR, else the working directory.
        List<String> all = new ArrayList<>(Arrays.asList(arguments));
        java.nio.file.Path charts = java.nio.file.Path.of("");
        int at = all.indexOf("--charts");
        if (at >= 0) {
            // Without its folder, "--charts" would be read as the list of policies.
            if (at + 1 == all.size()) {
                throw new IllegalArgumentException("--charts needs a folder after it");
            }
            charts = java.nio.file.Path.of(all.remove(at + 1));
            all.remove(at);
        }
        String[] args = all.toArray(String[]::new);
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: TraceSimulator <trace> <size>[,<size>...] [<policy>[,<policy>...]] [--charts <dir>]");
            System.err.println("  trace: one of " + Trace.BUNDLED_NAMES + ", or a .trace[.gz] or .lis[.gz] file");
            System.err.println("  policy: opt | opt-bypass | <strategy> | <implementation>:<strategy>"
                    + " | backend:<name>[:<strategy>] | compare (= " + String.join(",", COMPARED) + ")");
            System.exit(2);
            return;
        }
        // The arguments are checked before the trace is read and anything is printed.
        long[] sizes = sizes(args[1]);
        List<String> names = args.length == 3
                ? Arrays.stream(args[2].split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .flatMap(n -> n.equals("compare") ? compared().stream() : java.util.stream.Stream.of(n)).toList()
                : defaultPolicies();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no policy in '" + args[2] + "'; give one or more, separated by commas");
        }
        Map<String, MemoryUtilities> opened = new LinkedHashMap<>();
        try {
            List<Policy> policies = new ArrayList<>();
            for (String name : names) {
                policies.add(policyOf(name, opened));
            }
            Trace trace = Trace.load(args[0]);
            Table table = simulate(trace, sizes, policies);
            out.print(table.toMarkdown());
            out.println();
            out.println("Chart: " + HitRatioChart.writeInto(table, charts).toAbsolutePath());
        } finally {
            opened.values().forEach(MemoryUtilities::close);
        }
    }

    /**
     * @param list the command line's sizes, such as {@code 250,500}
     * @return the sizes
     * @throws IllegalArgumentException when a size is not a whole number of 0 or more, naming it
     */
    private static long[] sizes(String list) {
        String[] items = list.split(",", -1);
        long[] sizes = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            try {
                sizes[i] = Long.parseLong(item);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cache size '" + item + "' in '" + list
                        + "' is not a whole number; give sizes separated by commas, such as 250,500", e);
            }
            if (sizes[i] < 0) {
                throw new IllegalArgumentException("cache size " + sizes[i] + " in '" + list + "' is negative");
            }
        }
        return sizes;
    }

    /** @return {@link #COMPARED}, less {@value #CAFFEINE} when no provider of that backend is found */
    static List<String> compared() {
        // The kit's module declares no use of the backend service: it adds it, as a module may for itself.
        TraceSimulator.class.getModule().addUses(CacheBackendProvider.class);
        boolean caffeine = ServiceLoader.load(CacheBackendProvider.class, TraceSimulator.class.getClassLoader()).stream()
                .anyMatch(p -> p.get().name().equals("caffeine"));
        return COMPARED.stream().filter(n -> caffeine || !n.equals(CAFFEINE)).toList();
    }

    private static List<String> defaultPolicies() {
        List<String> names = new ArrayList<>(providers().stream().map(EvictionStrategyProvider::name).toList());
        names.add("opt");
        return names;
    }

    private static Policy policyOf(String name, Map<String, MemoryUtilities> opened) {
        if (name.equals("opt")) {
            return optimal();
        }
        if (name.equals("opt-bypass")) {
            return optimalWithBypass();
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            return strategy(name);
        }
        String implementation = name.substring(0, colon);
        String rest = name.substring(colon + 1);
        if (implementation.equals("backend")) {
            // backend:<name>[:<strategy>]; without a strategy, the policy named after the backend.
            int second = rest.indexOf(':');
            String backend = second < 0 ? rest : rest.substring(0, second);
            EvictionPolicy policy = EvictionPolicy.named(second < 0 ? backend : rest.substring(second + 1));
            MemoryUtilities memory = opened.computeIfAbsent("", n -> MemoryUtilities.open());
            return cache(name, config -> memory.cache(config.toBuilder().backend(backend).policy(policy).build()));
        }
        MemoryUtilities memory = opened.computeIfAbsent(implementation, n -> n.isEmpty()
                ? MemoryUtilities.open() : MemoryUtilities.open(UtilityConfig.builder().provider(n).build()));
        EvictionPolicy policy = rest.equals("ttl") ? EvictionPolicy.ttl(Duration.ofDays(365 * 100)) : EvictionPolicy.named(rest);
        return cache(name, config -> memory.cache(config.toBuilder().policy(policy).build()));
    }
}
