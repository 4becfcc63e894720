package org.patinox.memory.benchmarks;

import java.util.concurrent.CountDownLatch;
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
import org.patinox.memory.share.ConfigData;

/**
 * The time from {@link ConfigData#update} to the last of {@value #SUBSCRIBERS} subscribers having
 * been given that version: each subscriber counts a latch down when it sees it, and the benchmark
 * thread returns once the latch is open. Each benchmark thread has its own configuration and
 * subscribers, so that at several threads the figure is the latency under that much concurrent
 * publishing; the subscribers run on the instance's virtual threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class SharedConfigBenchmark {

    static final int SUBSCRIBERS = 100;

    /** The implementation. */
    @Param({"standard", "lockfree"})
    public String provider;

    private MemoryUtilities memory;
    private ConfigData<Long> config;
    private volatile Round round;
    private long next = 1;

    /** The version a round waits for, and its latch. */
    private record Round(long value, CountDownLatch seen) {
    }

    @Setup(Level.Trial)
    public void open() throws InterruptedException {
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build());
        config = memory.config(0L);
        round = new Round(0L, new CountDownLatch(SUBSCRIBERS));
        for (int i = 0; i < SUBSCRIBERS; i++) {
            config.subscribe(v -> {
                Round r = round;
                if (v.value() == r.value()) {
                    r.seen().countDown();
                }
            });
        }
        round.seen().await();
    }

    @TearDown(Level.Trial)
    public void close() {
        memory.close();
    }

    @Benchmark
    public long updateToLastSubscriber() throws InterruptedException {
        Round r = new Round(next++, new CountDownLatch(SUBSCRIBERS));
        round = r;
        config.update(r.value());
        r.seen().await();
        return r.value();
    }
}
