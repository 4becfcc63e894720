package org.patinox.memory.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of {@code getConnection()} alone, sampled ({@link Mode#SampleTime}), on the pools of
 * {@link ConnectionCycleBenchmark} configured alike. Each thread returns its connection after the
 * sample, outside the measured call, so that a waiting borrower is measured from its call to the
 * connection. {@link BenchmarkMain} tables p50, p99 and p99.9 per pool:
 * {@code benchmarks/run ConnectionLatency --threads 16,64}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class ConnectionLatencyBenchmark {

    /** What one benchmark thread holds between its sample and the return. */
    @State(Scope.Thread)
    public static class Held {
        Connection connection;

        /** Returns the connection borrowed by the last sample; not measured. */
        @TearDown(Level.Invocation)
        public void giveBack() throws SQLException {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }

    /** @return the connection borrowed, which {@link Held#giveBack} returns */
    @Benchmark
    public Connection acquire(JdbcPool jdbc, Held held) throws SQLException {
        Connection c = jdbc.dataSource.getConnection();
        held.connection = c;
        return c;
    }
}
