package org.patinox.memory.benchmarks;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A JDBC pool of {@link ConnectionCycleBenchmark}, configured alike and filled before measuring,
 * shared by the benchmarks that take it as an argument ({@link ConnectionLatencyBenchmark}, {@link
 * VirtualThreadCycleBenchmark}).
 */
@State(Scope.Benchmark)
public class JdbcPool {

    /** The pool under test, as in {@link ConnectionCycleBenchmark}. */
    @Param({"patinox-lockfree", "patinox-standard", "hikari"})
    public String pool;

    /** Connections in the pool, all created before measuring. */
    @Param({"8", "32"})
    public int size;

    private ConnectionCycleBenchmark.Source source;

    /** The pool's data source, open from setup to tear-down. */
    DataSource dataSource;

    /** @throws SQLException if the pool could not be filled */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        source = ConnectionCycleBenchmark.open(pool, size);
        dataSource = source.dataSource;
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void close() {
        source.shutdown();
    }
}
