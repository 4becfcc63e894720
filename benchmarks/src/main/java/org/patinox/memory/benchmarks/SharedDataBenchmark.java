package org.patinox.memory.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
import org.patinox.memory.share.SharedData;

/**
 * What a read of {@link SharedData} costs beside a bare {@link AtomicReference#get()}: the target
 * is within 1.2 times. Both are read by every benchmark thread; nothing writes meanwhile, so the
 * figure is the read path alone (the interface call and, by default, no counting).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class SharedDataBenchmark {

    /** The implementation behind {@link #sharedData()}. */
    @Param({"standard", "lockfree"})
    public String provider;

    private MemoryUtilities memory;
    private SharedData<String> shared;
    private final AtomicReference<String> reference = new AtomicReference<>("snapshot");

    @Setup(Level.Trial)
    public void open() {
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build());
        shared = memory.shared("snapshot");
    }

    @TearDown(Level.Trial)
    public void close() {
        memory.close();
    }

    /** The bare reference: one volatile load. */
    @Benchmark
    public String atomicReference() {
        return reference.get();
    }

    /** {@code SharedData.get()}. */
    @Benchmark
    public String sharedData() {
        return shared.get();
    }
}
