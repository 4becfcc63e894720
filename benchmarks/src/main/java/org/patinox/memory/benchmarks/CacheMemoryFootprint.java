package org.patinox.memory.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes of cache overhead per entry, measured with JOL, for every cache of {@link
 * CacheAccessBenchmark} ({@link CacheSubjects}), printed as a Markdown table beside Caffeine's
 * figure and the project's target for its own caches: Caffeine's plus {@value #TARGET_OVER_CAFFEINE}
 * bytes.
 *
 * <h2>What is counted</h2>
 * For each cache, two caches are opened one after the other, one bounded to {@value #N} entries
 * and filled with as many, one bounded to {@code 2 × }{@value #N} and filled with as many, from
 * the same keys and values, allocated before either. Each is a cache sized for what it holds, so
 * what grows with the bound (Caffeine's frequency sketch, a strategy's tables) counts per entry,
 * as it costs a user. For each, JOL's {@link GraphLayout} sums the shallow sizes of every object
 * reachable from what the user holds (for this project's caches, the {@code Cache} object, whose
 * graph reaches its {@code MemoryUtilities} too), and the keys and values are subtracted: they
 * would be there without a cache. The figure is then
 * <pre>
 *   (graph(2N) − keys and values(2N) − graph(N) + keys and values(N)) / N
 * </pre>
 * so that what a cache costs once cancels out. {@value #N} is a power of two, so that hash tables
 * (which double) are at the same load in both. Sizes are those of this JVM (compressed references
 * or not, object alignment); the table says which JVM. The column {@code largest shares} names the
 * classes that grow most per entry.
 */
public final class CacheMemoryFootprint {

    /** Entries of the smaller cache; the larger holds twice as many. */
    static final int N = 1 << 12;
    /** The project's target for its own caches: at most Caffeine's bytes per entry plus this. */
    static final int TARGET_OVER_CAFFEINE = 16;

    /** A key, of a class no cache uses itself, so that it can be told apart in the graph. */
    record Key(int id) {
    }

    /** A value, of a class no cache uses itself. */
    record Value(int id) {
    }

    private CacheMemoryFootprint() {
    }

    /**
     * Prints the table.
     *
     * @param args none
     */
    public static void main(String[] args) {
        System.out.println(measure());
    }

    /** @return the Markdown table of every cache's overhead per entry */
    static String measure() {
        PoolMemoryFootprint.prepareJol();
        Key[] keys = new Key[2 * N];
        Value[] values = new Value[2 * N];
        for (int i = 0; i < 2 * N; i++) {
            keys[i] = new Key(i);
            values[i] = new Value(i);
        }
        List<String> rows = new ArrayList<>();
        rows.add("Cache overhead per entry, from JOL graph sizes of full caches of " + N + " and " + (2 * N)
                + " entries, keys and values excluded (" + System.getProperty("java.vm.name") + " " + Runtime.version()
                + ").");
        rows.add("");
        rows.add("| cache | bytes per entry | vs caffeine | graph at " + N + " | graph at " + (2 * N)
                + " | largest shares (bytes per entry) |");
        rows.add("|---|---:|---|---:|---:|---|");
        double caffeine = Double.NaN;
        List<Row> measured = new ArrayList<>();
        for (String cache : CacheAccessBenchmark.CACHES) {
            try {
                Row row = row(cache, keys, values);
                measured.add(row);
                if (cache.equals("caffeine")) {
                    caffeine = row.perEntry();
                }
            } catch (RuntimeException e) {
                e.printStackTrace();
                measured.add(new Row(cache, Double.NaN, 0, 0, "failed: " + e));
            }
        }
        for (Row row : measured) {
            rows.add(row.format(caffeine));
        }
        return String.join("\n", rows) + "\n";
    }

    /** One cache's figures. */
    private record Row(String cache, double perEntry, long small, long large, String shares) {
        String format(double caffeine) {
            if (Double.isNaN(perEntry)) {
                return "| " + cache + " | " + shares + " | | | | |";
            }
            String versus = "";
            if (!Double.isNaN(caffeine) && !cache.equals("caffeine")) {
                // Rounded first, so that a difference of nothing never prints as -0.0.
                double difference = Math.round((perEntry - caffeine) * 10) / 10.0 + 0.0;
                versus = String.format(Locale.ROOT, "%+.1f B", difference);
                if (cache.startsWith(CacheSubjects.PATINOX)) {
                    versus += difference <= TARGET_OVER_CAFFEINE ? " (within +" + TARGET_OVER_CAFFEINE + ")"
                            : " (over +" + TARGET_OVER_CAFFEINE + ")";
                }
            }
            return String.format(Locale.ROOT, "| %s | %.1f | %s | %d | %d | %s |", cache, perEntry, versus, small, large,
                    shares);
        }
    }

    private static Row row(String cache, Key[] keys, Value[] values) {
        GraphLayout small = layout(cache, N, keys, values);
        GraphLayout large = layout(cache, 2 * N, keys, values);
        long smallOwn = small.totalSize() - small.getClassSizes().count(Key.class) - small.getClassSizes().count(Value.class);
        long largeOwn = large.totalSize() - large.getClassSizes().count(Key.class) - large.getClassSizes().count(Value.class);
        return new Row(cache, (double) (largeOwn - smallOwn) / N, small.totalSize(), large.totalSize(),
                PoolMemoryFootprint.largestShares(small, large, N, Set.of(Key.class, Value.class)));
    }

    /** Opens a cache of {@code size}, fills it, walks its graph, then closes it. */
    private static GraphLayout layout(String cache, int size, Key[] keys, Value[] values) {
        CacheSubjects.Subject<Key, Value> subject = CacheSubjects.open(cache, size);
        try {
            for (int i = 0; i < size; i++) {
                subject.put(keys[i], values[i]);
            }
            long held = subject.settledSize();
            if (held != size) {
                throw new IllegalStateException(cache + " holds " + held + " entries, not " + size);
            }
            return GraphLayout.parseInstance(subject.root());
        } finally {
            subject.close();
        }
    }
}
