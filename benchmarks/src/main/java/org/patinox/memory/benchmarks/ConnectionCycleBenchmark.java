package org.patinox.memory.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
import org.patinox.memory.benchmarks.stub.StubConnection;
import org.patinox.memory.benchmarks.stub.StubDriver;
import org.patinox.memory.jdbc.PooledDataSource;

/**
 * Throughput of one JDBC borrow-and-return cycle, {@code getConnection(); close()}, on this
 * project's {@link PooledDataSource} (providers {@code lockfree} and {@code standard}) beside
 * HikariCP's {@link HikariDataSource}. Both pools get their connections from the same {@link
 * StubDriver}, which does no I/O, so the figure is the pools' own cost, handle and reset included.
 * Every pool is configured alike ({@link PoolSettings}: same maximum size, kept full, no validation
 * within the bypass window, no leak detection), holds {@code size} connections created before
 * measuring, and is shared by all benchmark threads: run it at several thread counts with
 * {@code benchmarks/run ConnectionCycle --threads 1,2,4,8}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class ConnectionCycleBenchmark {

    /** The URL every pool connects to; the stub driver accepts it. */
    static final String URL = StubDriver.URL_PREFIX + "bench";

    /** The pool under test; a {@code patinox-} prefix names this project's provider. */
    @Param({"patinox-lockfree", "patinox-standard", "hikari"})
    public String pool;

    /** The values of {@link #pool}, read from its annotation so that they are written once. */
    static final List<String> POOLS = PoolSettings.params(ConnectionCycleBenchmark.class, "pool");

    /** Connections in the pool, all created before measuring. */
    @Param({"8", "32"})
    public int size;

    private Source source;
    private DataSource dataSource;
    private long openedBeforeMeasuring;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        source = open(pool, size);
        dataSource = source.dataSource;
        openedBeforeMeasuring = StubDriver.opened();
    }

    @TearDown(Level.Trial)
    public void close() {
        long opened = StubDriver.opened() - openedBeforeMeasuring;
        source.shutdown();
        // A connection opened while measuring means one was discarded: the figure would then
        // include creations, and the pools would no longer be compared alike.
        if (opened != 0) {
            throw new IllegalStateException(pool + " opened " + opened + " connections while measuring");
        }
    }

    /** @return the connection, closed already, so that the cycle's work is not dead code */
    @Benchmark
    public Connection cycle() throws SQLException {
        Connection c = dataSource.getConnection();
        c.close();
        return c;
    }

    /**
     * @param pool a value of {@link #pool}
     * @param size the pool's size
     * @return the named pool's data source, its {@code size} connections all created and idle
     * @throws SQLException when a connection cannot be borrowed
     */
    static Source open(String pool, int size) throws SQLException {
        if (!POOLS.contains(pool)) {
            throw new IllegalArgumentException("ConnectionCycle has no pool '" + pool + "'; it has " + POOLS);
        }
        Source source;
        if (pool.equals("hikari")) {
            source = new Source(new HikariDataSource(PoolSettings.hikari(pool, URL, size)), null);
        } else {
            MemoryUtilities memory = PoolSettings.open(pool);
            source = new Source(PooledDataSource.create(memory, URL, new Properties(), PoolSettings.patinox(pool, size)),
                    memory);
        }
        // Borrow every connection at once, so that the pool is full before the first measured
        // cycle whether it fills in the background or on demand.
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            held.add(source.dataSource.getConnection());
        }
        for (Connection c : held) {
            c.close();
        }
        return source;
    }

    /** A data source under test, with what it takes to close it. */
    static final class Source implements PoolMemoryFootprint.Opened {
        final DataSource dataSource;
        private final MemoryUtilities memory;

        Source(DataSource dataSource, MemoryUtilities memory) {
            this.dataSource = dataSource;
            this.memory = memory;
        }

        @Override
        public Object root() {
            return dataSource;
        }

        @Override
        public Class<?> connectionClass() {
            return StubConnection.class;
        }

        @Override
        public void shutdown() {
            switch (dataSource) {
                case HikariDataSource hikari -> hikari.close();
                case PooledDataSource patinox -> patinox.close();
                default -> throw new IllegalStateException("unknown data source " + dataSource);
            }
            if (memory != null) {
                memory.close();
            }
        }
    }
}
