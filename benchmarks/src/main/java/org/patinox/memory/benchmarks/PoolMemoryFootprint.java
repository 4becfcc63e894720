package org.patinox.memory.benchmarks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.util.Multiset;

/**
 * Bytes of pool overhead per idle pooled connection, measured with JOL, for this project's pools
 * (providers {@code lockfree} and {@code standard}) beside their peers, printed as a Markdown
 * table beside the seed's promise of about {@value #PROMISE} bytes per pooled connection.
 *
 * <h2>What is counted</h2>
 * For each pool, two pools configured as in the benchmarks ({@link PoolSettings}) are opened one
 * after the other, with {@value #N} and with {@code 2 × }{@value #N} connections, all created and
 * then returned, so that every connection is idle. For each, JOL's {@link GraphLayout} sums the
 * shallow sizes of every object reachable from the pool object through instance fields (static
 * fields are not followed): the pool's structures, its per-connection records, handles and
 * timers, its configuration, executors and threads, and the connections themselves. From that sum
 * the instances of the connection class are subtracted (for JDBC the driver's {@code
 * StubConnection}, which holds only its settings, for the generic pools the pooled token): they
 * would be there without a pool. The figure is then
 * <pre>
 *   (graph(2N) − connections(2N) − graph(N) + connections(N)) / N
 * </pre>
 * so that what a pool costs once, whatever its size (threads, executors, configuration, objects
 * of the JDK the graph reaches), cancels out and what remains is what each idle connection adds:
 * its entry, its place in the pool's queues or arrays, its timers. Arrays sized to the maximum
 * count too, as they should. Each pool is measured alone, so that no graph reaches another's.
 * Sizes are those of this JVM (compressed references or not, object alignment); the table says
 * which. The column {@code largest shares} names the classes that grow most per connection.
 */
public final class PoolMemoryFootprint {

    /** The seed's promise: memory overhead of about 100 bytes per pooled connection. */
    static final int PROMISE = 100;
    /** Connections of the smaller pool; the larger holds twice as many. */
    static final int N = 64;
    private static final String MAGIC_FIELD_OFFSET = "jol.magicFieldOffset";

    /** A pool opened for measuring: its root object, the class of its connections, how to close it. */
    interface Opened {
        /** @return the object a user holds for the pool, from which its graph is walked */
        Object root();

        /** @return the class of the connections, which are not the pool's overhead */
        Class<?> connectionClass();

        /** Closes the pool. */
        void shutdown() throws Exception;
    }

    /** Opens a pool of a given size, with every connection created and idle. */
    interface Opener {
        Opened open(int size) throws Exception;
    }

    private PoolMemoryFootprint() {
    }

    /**
     * Prints the table.
     *
     * @param args none
     * @throws Exception when a pool fails to open or close
     */
    public static void main(String[] args) throws Exception {
        System.out.println(measure());
    }

    /** @return the Markdown table of every pool's overhead per idle connection */
    static String measure() throws Exception {
        prepareJol();
        List<String> rows = new ArrayList<>();
        rows.add("Pool overhead per idle connection, from JOL graph sizes at " + N + " and " + (2 * N)
                + " idle connections (" + System.getProperty("java.vm.name") + " " + Runtime.version() + ").");
        rows.add("");
        rows.add("| api | pool | bytes per idle connection | seed promise | graph at " + N + " | graph at " + (2 * N)
                + " | largest shares (bytes per connection) |");
        rows.add("|---|---|---:|---|---:|---:|---|");
        for (String pool : ConnectionCycleBenchmark.POOLS) {
            rows.add(rowOrFailure("JDBC DataSource", pool, size -> ConnectionCycleBenchmark.open(pool, size)));
        }
        for (String pool : GenericPoolCycleBenchmark.POOLS) {
            rows.add(rowOrFailure("generic pool", pool, size -> opened(GenericPoolCycleBenchmark.open(pool, size))));
        }
        return String.join("\n", rows) + "\n";
    }

    /** Sets what JOL needs on this JDK; call before its first use. */
    static void prepareJol() {
        // JOL reads field values by offset; on JDK 25 the offsets of record fields (which the walk
        // meets in the JDK's own objects) are refused unless JOL takes them from its own probe. Set
        // before JOL's first use, since it reads the property once.
        if (System.getProperty(MAGIC_FIELD_OFFSET) == null) {
            System.setProperty(MAGIC_FIELD_OFFSET, "true");
        }
    }

    private static Opened opened(GenericPoolCycleBenchmark.Cycle cycle) {
        return new Opened() {
            @Override
            public Object root() {
                return cycle.pool();
            }

            @Override
            public Class<?> connectionClass() {
                return cycle.pooledClass();
            }

            @Override
            public void shutdown() throws Exception {
                cycle.shutdown();
            }
        };
    }

    /** A pool that cannot be measured gets a row that says why, and the others are still measured. */
    private static String rowOrFailure(String api, String pool, Opener opener) throws InterruptedException {
        try {
            return row(api, pool, opener);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            e.printStackTrace();
            return "| " + api + " | " + pool + " | failed: " + e + " | | | | |";
        }
    }

    private static String row(String api, String pool, Opener opener) throws Exception {
        Opened small = opener.open(N);
        GraphLayout smallLayout = layout(small);
        Opened large = opener.open(2 * N);
        GraphLayout largeLayout = layout(large);
        Class<?> connection = large.connectionClass();
        long smallOwn = smallLayout.totalSize() - smallLayout.getClassSizes().count(connection);
        long largeOwn = largeLayout.totalSize() - largeLayout.getClassSizes().count(connection);
        double perConnection = (double) (largeOwn - smallOwn) / N;
        String promise = pool.startsWith(PoolSettings.PATINOX)
                ? (perConnection <= PROMISE ? "within ~" : "over ~") + PROMISE + " B"
                : "";
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %d | %d | %s |", api, pool, perConnection, promise,
                smallLayout.totalSize(), largeLayout.totalSize(), largestShares(smallLayout, largeLayout, connection));
    }

    /** Walks the pool's graph, then closes the pool, so that no other pool is open while walking. */
    private static GraphLayout layout(Opened opened) throws Exception {
        try {
            // Let the background work that filling started (fill tasks, first schedules) finish, so
            // that the graph is that of a pool at rest.
            Thread.sleep(200);
            return GraphLayout.parseInstance(opened.root());
        } finally {
            opened.shutdown();
        }
    }

    /** @return the three classes whose instances grow most from N to 2N, per connection */
    private static String largestShares(GraphLayout small, GraphLayout large, Class<?> connection) {
        return largestShares(small, large, N, Set.of(connection));
    }

    /**
     * @param n the count of the smaller graph; the larger holds {@code 2n}
     * @param excluded classes not counted, such as the pooled or cached objects themselves
     * @return the three classes whose instances grow most from n to 2n, in bytes per added one
     */
    static String largestShares(GraphLayout small, GraphLayout large, int n, Set<Class<?>> excluded) {
        Multiset<Class<?>> a = small.getClassSizes();
        Multiset<Class<?>> b = large.getClassSizes();
        Set<Class<?>> classes = new HashSet<>(a.keys());
        classes.addAll(b.keys());
        classes.removeAll(excluded);
        return classes.stream()
                .filter(c -> b.count(c) - a.count(c) >= n)
                .sorted((x, y) -> Long.compare(b.count(y) - a.count(y), b.count(x) - a.count(x)))
                .limit(3)
                .map(c -> String.format(Locale.ROOT, "%s %.0f", c.getSimpleName().isEmpty() ? c.getName() : c.getSimpleName(),
                        (double) (b.count(c) - a.count(c)) / n))
                .collect(Collectors.joining(", "));
    }
}
