package org.patinox.memory.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the JDBC borrow-and-return cycle of {@link ConnectionCycleBenchmark} when the
 * borrowers are {@value #THREADS} virtual threads sharing a pool of {@code size}: each invocation
 * starts them all, each does {@value #CYCLES} cycles, and the invocation ends when all have
 * finished. The score is cycles per microsecond; it includes starting the virtual threads, which
 * costs every pool the same. One JMH thread drives it ({@code --threads} does not apply):
 * {@code benchmarks/run VirtualThreadCycle}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Threads(1)
public class VirtualThreadCycleBenchmark {

    /** Virtual threads per invocation. */
    static final int THREADS = 10_000;
    /** Cycles each virtual thread does. */
    static final int CYCLES = 20;

    /** @throws Exception the first failure of a virtual thread, such as a timeout */
    @Benchmark
    @OperationsPerInvocation(THREADS * CYCLES)
    public void cycle(JdbcPool jdbc) throws Exception {
        CountDownLatch done = new CountDownLatch(THREADS);
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < THREADS; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int c = 0; c < CYCLES; c++) {
                        Connection connection = jdbc.dataSource.getConnection();
                        connection.close();
                    }
                } catch (SQLException | RuntimeException e) {
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
