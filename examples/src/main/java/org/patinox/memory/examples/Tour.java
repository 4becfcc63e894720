package org.patinox.memory.examples;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.jdbc.PooledDataSource;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;

/**
 * A tour of Patinox Memory: opens the library the way an application would, prints which
 * implementation it chose and why and the configuration in effect, then pools connections to an
 * embedded H2 database, queries it from many virtual threads, and prints the pool's counts; then
 * caches the results of a query in a W-TinyLFU cache smaller than the set of keys asked for, and
 * prints its hit ratio and evictions; then writes a typed file of records through a memory mapping,
 * maps it back and sums a field over it ({@link MappedFileTour}).
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am package exec:exec -DskipTests}; choose the
 * implementation by adding {@code -Dpatinox.memory.provider=standard}.
 */
public final class Tour {

    /** Virtual threads that query the database at once: more than the pool has connections. */
    static final int WORKERS = 32;
    /** Queries each worker runs. */
    static final int QUERIES_PER_WORKER = 50;
    static final int POOL_SIZE = 4;
    /** Entries the query cache keeps: a quarter of the keys asked for, so it must choose. */
    static final int CACHE_SIZE = WORKERS / 4;
    /** Lookups each worker makes in the query cache. */
    static final int LOOKUPS_PER_WORKER = 200;

    private Tour() {
    }

    /**
     * @param args ignored; configuration comes from the {@code patinox.memory.*} system properties
     * @throws Exception when the database fails, which the tour does not expect
     */
    public static void main(String[] args) throws Exception {
        run(UtilityConfig.fromSystemProperties(), System.out);
    }

    /**
     * Opens the library with the configuration and walks through it.
     *
     * @param config the configuration to open with
     * @param out where the description goes
     */
    static void run(UtilityConfig config, PrintStream out) throws SQLException, InterruptedException, ExecutionException {
        try (MemoryUtilities memory = MemoryUtilities.open(config)) {
            describe(memory, out);
            queryFromVirtualThreads(memory, out);
            MappedFileTour.run(memory, out);

            ConfigReloadTour.run(memory, out);
            CachePolicyTour.run(memory, out);
        }
        ResourceTour.run(config, out);
    }

    private static void describe(MemoryUtilities memory, PrintStream out) {
        ProviderSelection provider = memory.provider();
        out.println("Patinox Memory " + memory.name());
        out.println("  implementation: " + provider.name() + " (" + provider.description() + ")");
        out.println("  chosen because: " + provider.reason());
        out.println("  found:          " + String.join(", ", provider.candidates()));
        if (!provider.skipped().isEmpty()) {
            out.println("  skipped:        " + String.join("; ", provider.skipped()));
        }
        out.println("  configuration:");
        Map<Object, Object> settings = new TreeMap<>(memory.config().toProperties());
        settings.forEach((key, value) -> out.println("    " + key + " = " + value));
        out.println("    monitors in code: " + memory.config().monitors().size());
    }

    private static void queryFromVirtualThreads(MemoryUtilities memory, PrintStream out)
            throws SQLException, InterruptedException, ExecutionException {
        PoolConfig poolConfig = PoolConfig.builder().name("tour-h2").minSize(1).maxSize(POOL_SIZE)
                .acquireTimeout(Duration.ofSeconds(10)).build();
        // An in-memory database lives while a connection to it is open: the pool's minimum size keeps one.
        try (PooledDataSource db = PooledDataSource.create(memory, "jdbc:h2:mem:" + memory.name(),
                new Properties(), poolConfig)) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table visit (worker int, n int)");
            }
            List<Future<Integer>> workers = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < WORKERS; w++) {
                    int worker = w;
                    workers.add(threads.submit(() -> visit(db, worker)));
                }
            }
            int rows = 0;
            for (Future<Integer> f : workers) {
                rows += f.get();
            }
            PoolStats stats = db.stats();
            out.println("Pool " + stats.name() + ": " + WORKERS + " virtual threads ran " + WORKERS * QUERIES_PER_WORKER
                    + " queries each way on " + POOL_SIZE + " connections; rows seen " + rows);
            out.println("  " + stats.describe());
            out.println("  acquired=" + stats.acquired() + " meanWait=" + stats.meanAcquireWait()
                    + " maxWait=" + stats.maxAcquireWait());
            cacheQueryResults(memory, db, out);
        }
    }

    /**
     * Caches each worker's row count, as an application caches the results of its queries: the
     * virtual threads ask for workers with a skew (a few are asked for often, most rarely), the
     * cache holds a quarter of them, and W-TinyLFU keeps the popular ones. A miss runs the query
     * once, however many threads ask for that worker at the same moment.
     */
    private static void cacheQueryResults(MemoryUtilities memory, PooledDataSource db, PrintStream out)
            throws InterruptedException, ExecutionException {
        CacheConfig<Integer, Integer> config = CacheConfig.<Integer, Integer>builder().name("tour-row-counts")
                .maximumSize(CACHE_SIZE).policy(EvictionPolicy.named("w-tinylfu")).build();
        try (Cache<Integer, Integer> rowCounts = memory.cache(config)) {
            List<Future<?>> workers = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < WORKERS; w++) {
                    SplittableRandom random = new SplittableRandom(w);
                    workers.add(threads.submit(() -> {
                        for (int i = 0; i < LOOKUPS_PER_WORKER; i++) {
                            // Cubing a uniform number skews it towards 0: worker 0 is the most popular.
                            int worker = (int) (WORKERS * Math.pow(random.nextDouble(), 3));
                            rowCounts.get(worker, key -> countRows(db, key));
                        }
                    }));
                }
            }
            for (Future<?> f : workers) {
                f.get();
            }
            CacheStats stats = rowCounts.stats();
            out.println("Cache " + stats.name() + ": " + config.policy().name() + ", " + CACHE_SIZE + " entries for "
                    + WORKERS + " keys; " + stats.requestCount() + " lookups from " + WORKERS + " virtual threads");
            out.printf(Locale.ROOT, "  hitRatio=%.1f%% hits=%d misses=%d queries=%d evictions=%d size=%d%n",
                    100 * stats.hitRatio(), stats.hitCount(), stats.missCount(), stats.loadSuccessCount(),
                    stats.evictionCount(), rowCounts.size());
        }
    }

    private static int countRows(PooledDataSource db, int worker) {
        try (Connection c = db.getConnection();
             PreparedStatement count = c.prepareStatement("select count(*) from visit where worker = ?")) {
            count.setInt(1, worker);
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting the rows of worker " + worker + " failed", e);
        }
    }

    /** One worker: inserts a row and counts its own rows, each on a connection of its own borrowing. */
    private static int visit(PooledDataSource db, int worker) throws SQLException {
        int seen = 0;
        for (int n = 0; n < QUERIES_PER_WORKER; n++) {
            try (Connection c = db.getConnection();
                 PreparedStatement insert = c.prepareStatement("insert into visit values (?, ?)")) {
                insert.setInt(1, worker);
                insert.setInt(2, n);
                insert.executeUpdate();
            }
            seen = countRows(db, worker);
        }
        return seen;
    }
}
