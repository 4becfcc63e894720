package org.patinox.memory.benchmarks;

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
 * What a read and a write cost as the cache grows: {@link CacheAccessBenchmark}'s operations on a
 * full cache of 10 thousand, 1 million and 10 million entries, keys drawn from the same scrambled
 * Zipfian distribution over all of them, so that the curve (caches that fit in the processor's
 * caches, then ones that do not) shows beside Caffeine's. The memory each entry costs at those
 * sizes is {@link CacheGrowthFootprint}'s ({@code benchmarks/run --footprint}).
 *
 * <pre>
 *   benchmarks/run CacheGrowth --threads 1,2
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// 10 million entries and their keys need a few GiB; a heap of a fixed size keeps the runs alike.
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xms6g", "-Xmx6g"})
@State(Scope.Benchmark)
public class CacheGrowthBenchmark {

    private static final int DRAWS = 1 << 22;
    private static final int MASK = DRAWS - 1;
    private static final Boolean VALUE = Boolean.TRUE;

    /** Entries the cache holds, and keys drawn from. */
    @Param({"10000", "1000000", "10000000"})
    public int entries;

    /** The cache under test, as in {@link CacheSubjects}. */
    @Param({"patinox-lockfree-w-tinylfu", "patinox-standard-w-tinylfu", "caffeine"})
    public String cache;

    private CacheSubjects.Subject<Integer, Boolean> subject;
    private Integer[] keys;
    private int[] draws;

    /** Where one thread is in the draws. */
    @State(Scope.Thread)
    public static class Cursor {
        int index;

        /** Starts each thread at its own place. */
        @Setup(Level.Trial)
        public void start() {
            index = ThreadLocalRandom.current().nextInt(DRAWS);
        }
    }

    @Setup(Level.Trial)
    public void open() {
        keys = CacheSubjects.keys(entries);
        draws = CacheAccessBenchmark.scrambledZipfian(entries, DRAWS, 0x5eed);
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

    /** Puts a key's value again. */
    @Benchmark
    public void write(Cursor cursor) {
        subject.put(keys[draws[cursor.index++ & MASK]], VALUE);
    }
}
