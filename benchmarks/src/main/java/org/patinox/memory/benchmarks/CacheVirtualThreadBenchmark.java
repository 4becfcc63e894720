package org.patinox.memory.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CacheAccessBenchmark}'s cache, read and written by {@value #THREADS} virtual threads at
 * once: each invocation starts them all, each makes {@value #ACCESSES} accesses (reads, or one
 * write in four), and the invocation ends when all have finished. The score is accesses per
 * microsecond; it includes starting the virtual threads, which costs every cache the same. One JMH
 * thread drives it: {@code benchmarks/run CacheVirtualThread}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Threads(1)
@State(Scope.Benchmark)
public class CacheVirtualThreadBenchmark {

    /** Virtual threads per invocation. */
    static final int THREADS = 10_000;
    /** Accesses each virtual thread makes. */
    static final int ACCESSES = 100;
    private static final int SIZE = CacheAccessBenchmark.SIZE;
    private static final int DRAWS = 1 << 20;
    private static final Boolean VALUE = Boolean.TRUE;

    /** The cache under test, as in {@link CacheSubjects}. */
    @Param({"patinox-lockfree-w-tinylfu", "patinox-standard-w-tinylfu", "caffeine"})
    public String cache;

    private CacheSubjects.Subject<Integer, Boolean> subject;
    private Integer[] keys;
    private int[] draws;

    @Setup(Level.Trial)
    public void open() {
        keys = CacheSubjects.keys(SIZE);
        draws = CacheAccessBenchmark.scrambledZipfian(SIZE, DRAWS, 0x5eed);
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

    /** @throws Exception what a virtual thread threw */
    @Benchmark
    @OperationsPerInvocation(THREADS * ACCESSES)
    public void read() throws Exception {
        run(false);
    }

    /** @throws Exception what a virtual thread threw */
    @Benchmark
    @OperationsPerInvocation(THREADS * ACCESSES)
    public void readWrite() throws Exception {
        run(true);
    }

    private void run(boolean writes) throws Exception {
        CountDownLatch done = new CountDownLatch(THREADS);
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int t = 0; t < THREADS; t++) {
            int start = ThreadLocalRandom.current().nextInt(DRAWS);
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < ACCESSES; i++) {
                        Integer key = keys[draws[(start + i) & (DRAWS - 1)]];
                        if (writes && (i & 3) == 0) {
                            subject.put(key, VALUE);
                        } else if (subject.get(key) == null) {
                            throw new IllegalStateException(cache + " lost key " + key);
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
