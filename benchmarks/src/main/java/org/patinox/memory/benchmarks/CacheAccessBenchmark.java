package org.patinox.memory.benchmarks;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of reads and writes on a full cache whose keys all fit, so that the figure is the
 * cost of a lookup and of an update with the cache's bookkeeping (recording the access for the
 * eviction policy, buffers, locks), not of misses or evictions; modelled on Caffeine's {@code
 * GetPutBenchmark}. Each cache holds at most {@value #SIZE} entries and is filled with that many
 * keys before measuring; every access draws its key from a scrambled Zipfian distribution (YCSB's,
 * θ = 0.99) precomputed into {@value #DRAWS} indices into one array of boxed keys, so that the
 * measured loop neither boxes nor draws random numbers. Each thread starts at its own random place in
 * the draws. The caches are shared by all benchmark threads: run it with {@code benchmarks/run
 * CacheAccess --threads 1,2,4}.
 *
 * <ul>
 *   <li>{@link #read}: {@code getIfPresent} only (always a hit);
 *   <li>{@link #readWrite}: three reads, then a {@code put} over an existing key;
 *   <li>{@link #write}: {@code put} over an existing key only.
 * </ul>
 *
 * <p>The caches are those of {@link CacheSubjects}. This project's record no statistics, as
 * Caffeine's plain {@code caffeine} does not; those whose name ends in {@code -stats} do, as {@code
 * caffeine-stats} does. The {@code w-tinylfu} policy of this project's
 * own caches comes from {@code patinox-memory-eviction}: with it on the class path, add {@code
 * patinox-standard-w-tinylfu} and {@code patinox-lockfree-w-tinylfu} to {@link #cache}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class CacheAccessBenchmark {

    /** The maximum size of every cache, and the number of distinct keys. */
    static final int SIZE = 1 << 16;
    /** How many key draws are precomputed; a power of two, so that the index wraps with a mask. */
    static final int DRAWS = 1 << 20;
    private static final int MASK = DRAWS - 1;
    private static final Boolean VALUE = Boolean.TRUE;

    /** The cache under test; a {@code patinox-} prefix names one of this project's. */
    @Param({"patinox-standard-lru", "patinox-standard-w-tinylfu", "patinox-lockfree-lru", "patinox-lockfree-w-tinylfu",
        "patinox-lockfree-lru-stats", "patinox-caffeine", "caffeine", "caffeine-stats", "chm"})
    public String cache;

    /** The values of {@link #cache}, read from its annotation so that they are written once. */
    static final List<String> CACHES = PoolSettings.params(CacheAccessBenchmark.class, "cache");

    private CacheSubjects.Subject<Integer, Boolean> subject;
    private Integer[] keys;
    private int[] draws;

    /** Where one thread is in the draws. */
    @State(Scope.Thread)
    public static class Cursor {
        int index;

        /** Starts each thread at its own place, so that threads do not read the same key together. */
        @Setup(Level.Trial)
        public void start() {
            index = ThreadLocalRandom.current().nextInt(DRAWS);
        }
    }

    @Setup(Level.Trial)
    public void open() {
        keys = CacheSubjects.keys(SIZE);
        draws = scrambledZipfian(SIZE, DRAWS, 0x5eed);
        subject = CacheSubjects.openFull(cache, keys, VALUE);
    }

    @TearDown(Level.Trial)
    public void close() {
        try {
            CacheSubjects.requireFull(subject, cache, keys.length, "after measuring");
        } finally {
            subject.close();
        }
    }

    /** @return the value read, always present */
    @Benchmark
    public Boolean read(Cursor cursor) {
        return subject.get(keys[draws[cursor.index++ & MASK]]);
    }

    /** @return the value read, or the value written on every fourth access */
    @Benchmark
    public Boolean readWrite(Cursor cursor) {
        int i = cursor.index++;
        Integer key = keys[draws[i & MASK]];
        if ((i & 3) != 0) {
            return subject.get(key);
        }
        subject.put(key, VALUE);
        return VALUE;
    }

    /** Puts a key's value again. */
    @Benchmark
    public void write(Cursor cursor) {
        subject.put(keys[draws[cursor.index++ & MASK]], VALUE);
    }

    /**
     * Draws from YCSB's Zipfian generator (Gray et al., "Quickly generating billion-record synthetic
     * databases"), whose rank 0 is the most frequent, and scrambles the ranks with a fixed random
     * permutation, so that the hot keys are spread over the key space rather than packed at its
     * start.
     *
     * @param items the number of distinct items, drawn as 0 to {@code items - 1}
     * @param count how many draws
     * @param seed the seed of the draws and of the permutation
     * @return the draws
     */
    static int[] scrambledZipfian(int items, int count, long seed) {
        double theta = 0.99;
        double zetaN = 0;
        for (int i = 1; i <= items; i++) {
            zetaN += 1 / Math.pow(i, theta);
        }
        double zeta2 = 1 + 1 / Math.pow(2, theta);
        double alpha = 1 / (1 - theta);
        double eta = (1 - Math.pow(2.0 / items, 1 - theta)) / (1 - zeta2 / zetaN);
        SplittableRandom random = new SplittableRandom(seed);
        int[] permutation = new int[items];
        for (int i = 0; i < items; i++) {
            permutation[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = swap;
        }
        int[] draws = new int[count];
        for (int n = 0; n < count; n++) {
            double u = random.nextDouble();
            double uz = u * zetaN;
            int rank;
            if (uz < 1) {
                rank = 0;
            } else if (uz < zeta2) {
                rank = 1;
            } else {
                rank = (int) Math.min(items - 1, (long) (items * Math.pow(eta * u - eta + 1, alpha)));
            }
            draws[n] = permutation[rank];
        }
        return draws;
    }
}
