package org.patinox.memory.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;

/**
 * {@code get} and {@code put} (over an existing key) on {@link MemoryUtilities#concurrentMap()}
 * beside a bare {@link ConcurrentHashMap}, {@value #SIZE} keys, shared by every benchmark thread;
 * each thread walks the preboxed keys from its own random start with an odd stride, so that the
 * measured loop neither boxes nor draws random numbers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class SharedMapBenchmark {

    static final int SIZE = 1 << 16;
    private static final int MASK = SIZE - 1;

    /** {@code concurrent-hash-map}, or the map of this project's {@code standard} or {@code lockfree}. */
    @Param({"concurrent-hash-map", "patinox-standard", "patinox-lockfree"})
    public String subject;

    private MemoryUtilities memory;
    private ConcurrentMap<Integer, Integer> map;
    private final Integer[] keys = new Integer[SIZE];

    @Setup(Level.Trial)
    public void open() {
        if (subject.startsWith("patinox-")) {
            memory = MemoryUtilities.open(UtilityConfig.builder().provider(subject.substring("patinox-".length())).build());
            map = memory.concurrentMap();
        } else {
            map = new ConcurrentHashMap<>();
        }
        for (int i = 0; i < SIZE; i++) {
            keys[i] = i;
            map.put(keys[i], i);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (memory != null) {
            memory.close();
        }
    }

    /** Each thread's walk over the keys. */
    @State(Scope.Thread)
    public static class Walk {
        int index = ThreadLocalRandom.current().nextInt(SIZE);
    }

    @Benchmark
    public Integer get(Walk walk) {
        walk.index = (walk.index + 7919) & MASK;
        return map.get(keys[walk.index]);
    }

    @Benchmark
    public Integer put(Walk walk) {
        walk.index = (walk.index + 7919) & MASK;
        Integer key = keys[walk.index];
        return map.put(key, key);
    }
}
