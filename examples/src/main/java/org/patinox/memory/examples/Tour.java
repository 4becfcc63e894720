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
 * maps it back and sums a field over it ({@link MappedFileTour}); then reloads settings from a
 * file ({@link ConfigReloadTour}); then tracks resources, one of them leaked on purpose ({@link
 * ResourceTour}). It shows its progress while it runs and ends with a report of what each part
 * counted.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am package exec:exec -DskipTests}; options (see
 * {@link TourOptions#usage()}) go in {@code -Dexample.args="--provider standard --scale 10"}.
 */
public final class Tour {

    /** The parts of the run, each announced by {@link Progress}. */
    static final int PARTS = 9;

    private Tour() {
    }

    /**
     * Where a part of the tour prints, and what it adds to the report.
     *
     * @param workload how much work to do
     * @param out where the description goes
     * @param progress the run's progress
     * @param report the figures for the report at the end
     */
    record Run(Workload workload, PrintStream out, Progress progress, TourReport report) {

        /**
         * @param workload how much work to do
         * @param out where the description and the progress go
         * @return a run with an empty report, before its first part
         */
        static Run of(Workload workload, PrintStream out) {
            return new Run(workload, out, new Progress(out, PARTS), new TourReport());
        }
    }

    /**
     * @param args the options of {@link TourOptions#parse}; the other settings come from the
     *     {@code patinox.memory.*} system properties
     * @throws Exception when the database fails, which the tour does not expect
     */
    public static void main(String[] args) throws Exception {
        TourOptions options;
        try {
            options = TourOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println();
            System.err.print(TourOptions.usage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(TourOptions.usage());
            return;
        }
        UtilityConfig config = UtilityConfig.fromSystemProperties();
        if (options.provider().isPresent()) {
            config = config.toBuilder().provider(options.provider().get()).build();
        }
        run(config, Workload.scaled(options.scale()), System.out);
    }

    /**
     * Opens the library with the configuration and walks through it.
     *
     * @param config the configuration to open with
     * @param workload how much work each part does
     * @param out where the description goes
     */
    static void run(UtilityConfig config, Workload workload, PrintStream out)
            throws SQLException, InterruptedException, ExecutionException {
        Run run = Run.of(workload, out);
        try (MemoryUtilities memory = MemoryUtilities.open(config)) {
            describe(memory, out);
            run.progress().part("Pooled queries on an embedded H2 database");
            queryFromVirtualThreads(memory, run);
            run.progress().part("A typed memory-mapped file");
            MappedFileTour.run(memory, run);
            run.progress().part("Settings reloaded from a file");
            ConfigReloadTour.run(memory, run);
            run.progress().part("Redis: pooled connections, a two-level cache and shared settings, when a server is set");
            RedisTour.run(memory, out);
            run.progress().part("Per-entry expiry on a timer wheel");
            ExpiryTour.run(memory, out);
            run.progress().part("A loading cache: bulk loads and refresh after write");
            LoadingCacheTour.run(memory, out);
            run.progress().part("Cache policy inspection: coldest, hottest and a maximum changed at run time");
            CachePolicyTour.run(memory, out);
        }
        run.progress().part("Tracked resources, one leaked on purpose");
        ResourceTour.run(config, run);
        run.progress().finishPart();
        run.report().print(out);
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

    private static void queryFromVirtualThreads(MemoryUtilities memory, Run run)
            throws SQLException, InterruptedException, ExecutionException {
        Workload work = run.workload();
        PrintStream out = run.out();
        PoolConfig poolConfig = PoolConfig.builder().name("tour-h2").minSize(1).maxSize(work.poolSize())
                .acquireTimeout(Duration.ofSeconds(10)).build();
        // An in-memory database lives while a connection to it is open: the pool's minimum size keeps one.
        try (PooledDataSource db = PooledDataSource.create(memory, "jdbc:h2:mem:" + memory.name(),
                new Properties(), poolConfig)) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table visit (worker int, n int)");
            }
            Progress.Counter done = run.progress().counter("queries", work.queries());
            List<Future<Integer>> workers = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < work.workers(); w++) {
                    int worker = w;
                    workers.add(threads.submit(() -> visit(db, worker, work.queriesPerWorker(), done)));
                }
            }
            int rows = 0;
            for (Future<Integer> f : workers) {
                rows += f.get();
            }
            PoolStats stats = db.stats();
            out.println("Pool " + stats.name() + ": " + work.workers() + " virtual threads ran " + work.queries()
                    + " queries each way on " + work.poolSize() + " connections; rows seen " + rows);
            out.println("  " + stats.describe());
            out.println("  acquired=" + stats.acquired() + " meanWait=" + stats.meanAcquireWait()
                    + " maxWait=" + stats.maxAcquireWait());
            String part = "pool " + stats.name();
            run.report().add(part, "connections borrowed", stats.acquired());
            run.report().add(part, "connections opened", stats.created());
            run.report().add(part, "mean / longest wait", millis(stats.meanAcquireWait()) + " / "
                    + millis(stats.maxAcquireWait()));
            run.report().add(part, "timeouts", stats.timeouts());
            run.progress().part("A W-TinyLFU cache of query results, smaller than the keys asked for");
            cacheQueryResults(memory, db, run);
        }
    }

    /** @return the duration in milliseconds, to two decimals */
    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }

    /**
     * Caches each worker's row count, as an application caches the results of its queries: the
     * virtual threads ask for workers with a skew (a few are asked for often, most rarely), the
     * cache holds a quarter of them, and W-TinyLFU keeps the popular ones. A miss runs the query
     * once, however many threads ask for that worker at the same moment.
     */
    private static void cacheQueryResults(MemoryUtilities memory, PooledDataSource db, Run run)
            throws InterruptedException, ExecutionException {
        Workload work = run.workload();
        CacheConfig<Integer, Integer> config = CacheConfig.<Integer, Integer>builder().name("tour-row-counts")
                .maximumSize(work.cacheSize()).policy(EvictionPolicy.named("w-tinylfu")).build();
        try (Cache<Integer, Integer> rowCounts = memory.cache(config)) {
            Progress.Counter done = run.progress().counter("lookups", work.lookups());
            List<Future<?>> workers = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < work.workers(); w++) {
                    SplittableRandom random = new SplittableRandom(w);
                    workers.add(threads.submit(() -> {
                        for (int i = 0; i < work.lookupsPerWorker(); i++) {
                            // Cubing a uniform number skews it towards 0: worker 0 is the most popular.
                            int worker = (int) (work.workers() * Math.pow(random.nextDouble(), 3));
                            rowCounts.get(worker, key -> countRows(db, key));
                            done.tick();
                        }
                    }));
                }
            }
            for (Future<?> f : workers) {
                f.get();
            }
            CacheStats stats = rowCounts.stats();
            run.out().println("Cache " + stats.name() + ": " + config.policy().name() + ", " + work.cacheSize()
                    + " entries for " + work.workers() + " keys; " + stats.requestCount() + " lookups from "
                    + work.workers() + " virtual threads");
            run.out().printf(Locale.ROOT, "  hitRatio=%.1f%% hits=%d misses=%d queries=%d evictions=%d size=%d%n",
                    100 * stats.hitRatio(), stats.hitCount(), stats.missCount(), stats.loadSuccessCount(),
                    stats.evictionCount(), rowCounts.size());
            String part = "cache " + stats.name();
            run.report().add(part, "lookups", stats.requestCount());
            run.report().add(part, "hit ratio", String.format(Locale.ROOT, "%.1f%%", 100 * stats.hitRatio()));
            run.report().add(part, "queries run on a miss", stats.loadSuccessCount());
            run.report().add(part, "evictions", stats.evictionCount());
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
    private static int visit(PooledDataSource db, int worker, int queries, Progress.Counter done) throws SQLException {
        int seen = 0;
        for (int n = 0; n < queries; n++) {
            try (Connection c = db.getConnection();
                 PreparedStatement insert = c.prepareStatement("insert into visit values (?, ?)")) {
                insert.setInt(1, worker);
                insert.setInt(2, n);
                insert.executeUpdate();
            }
            seen = countRows(db, worker);
            done.tick();
        }
        return seen;
    }
}
