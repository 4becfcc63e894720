package org.patinox.memory.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.patinox.memory.spi.ConnectionManager;

/**
 * The {@link ConnectionManager} of JDBC connections: {@link DriverManager} creates them, {@link
 * Connection#isValid(int)} validates them, {@link #recycle} puts back the auto-commit, transaction
 * isolation, read-only flag, catalog, schema, network timeout and holdability each connection had
 * when it was created (rolling back a transaction it may hold first; see {@link #recycle}), and {@link
 * #destroy} closes them. An init SQL, when given, runs on each new connection before its settings
 * are taken; a test query, when given, validates instead of {@code isValid}, for drivers that lack
 * it.
 *
 * <p>The state at creation is almost always the same for every connection of one URL, so the
 * manager keeps it once, as the shared {@link Baseline} taken from its first connection, and keeps
 * a baseline of its own only for a connection created with other settings. A connection handed out
 * by {@link PooledDataSource} comes back with a report of what its holder touched, handed over
 * through {@link #RETURNING} on the thread that returns it, and recycle resets only that: nothing
 * at all when the holder changed nothing. A connection used through the pool directly comes back
 * unreported, and recycle compares every setting with its baseline. In the steady state the
 * manager thus keeps no object per connection, only a slot in the {@link ConnectionSet} of its own
 * connections, and a borrow-and-return cycle makes no lookup.
 *
 * <p>Thread-safe. Blocking calls are those of the driver; every failure, of whatever type, comes
 * back as a failed stage, redacted of secrets, and never as a throw.
 */
final class JdbcConnectionManager implements ConnectionManager<Connection> {

    /** Touched: auto-commit. */
    static final int AUTO_COMMIT = 1;
    /** Touched: transaction isolation. */
    static final int ISOLATION = 1 << 1;
    /** Touched: read-only. */
    static final int READ_ONLY = 1 << 2;
    /** Touched: catalog. */
    static final int CATALOG = 1 << 3;
    /** Touched: schema. */
    static final int SCHEMA = 1 << 4;
    /** Touched: something that may have opened a transaction (a statement, metadata, a savepoint, a LOB). */
    static final int TRANSACTION = 1 << 5;
    /** Touched: network timeout. */
    static final int NETWORK_TIMEOUT = 1 << 6;
    /** Unknown: the holder did not report, so every setting is compared. */
    static final int UNKNOWN = 1 << 7;
    /** Touched: holdability of result sets. */
    static final int HOLDABILITY = 1 << 8;

    /**
     * Runs what {@link Connection#setNetworkTimeout} hands it on the calling thread. Resetting a
     * timeout needs an executor; running on the recycling thread needs no thread of our own, and
     * is what HikariCP uses for MySQL's driver, which asks for a synchronous one.
     */
    private static final Executor DIRECT = Runnable::run;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final CompletableFuture<Boolean> VALID = CompletableFuture.completedFuture(Boolean.TRUE);
    private static final CompletableFuture<Boolean> INVALID = CompletableFuture.completedFuture(Boolean.FALSE);

    private final String url;
    private final Properties properties;
    private final Secrets secrets;
    private final int validationSeconds;
    private final Duration validationTimeout;
    /** Run once on every new connection; {@code null} for none. */
    private final String initSql;
    /** Run to validate instead of {@code isValid}; {@code null} for none. */
    private final String testQuery;
    /** The settings at creation of this manager's first connection; {@code null} before it. */
    private volatile Baseline shared;
    /** The connections created with other settings than {@link #shared}, with theirs; usually empty. */
    private final ConcurrentHashMap<Connection, Baseline> differing = new ConcurrentHashMap<>();
    /** This manager's open connections, so that recycling another's fails rather than resets it. */
    private final ConnectionSet own = new ConnectionSet();

    /**
     * The handle returning a connection on this thread, with the report of what its holder
     * touched: set by {@link ConnectionHandle} just around {@link
     * org.patinox.memory.pool.PooledConnection#close()}, which recycles on that same thread before
     * it returns (the {@link ConnectionManager} contract, kept by both pool implementations), and
     * cleared after. {@link #recycle} takes the report once, for the handle's own connection only;
     * without a handle, or for any other connection, the return is unreported. A thread-local
     * rather than a {@link ScopedValue}: binding one on every return measured slower than the map
     * lookups this replaced, and a thread-local did not.
     */
    static final ThreadLocal<ConnectionHandle> RETURNING = new ThreadLocal<>();

    /**
     * @param url the JDBC URL
     * @param properties what {@link DriverManager} receives, already stripped of Patinox keys
     * @param secrets the secrets of both
     * @param validationTimeout how long {@link Connection#isValid(int)} may take, rounded up to seconds
     */
    JdbcConnectionManager(String url, Properties properties, Secrets secrets, Duration validationTimeout) {
        this(url, properties, secrets, validationTimeout, null, null);
    }

    /**
     * @param url the JDBC URL
     * @param properties what {@link DriverManager} receives, already stripped of Patinox keys
     * @param secrets the secrets of both
     * @param validationTimeout how long a validation may take, rounded up to seconds
     * @param initSql run once on each new connection before the pool sees it; {@code null} for none
     * @param testQuery run to validate a connection instead of {@link Connection#isValid(int)}, for
     *     drivers that lack it; {@code null} to call {@code isValid}
     */
    JdbcConnectionManager(String url, Properties properties, Secrets secrets, Duration validationTimeout,
                          String initSql, String testQuery) {
        this.initSql = initSql;
        this.testQuery = testQuery;
        this.url = Objects.requireNonNull(url, "url");
        this.properties = properties;
        this.secrets = secrets;
        this.validationTimeout = validationTimeout;
        long seconds = Math.max(1, (validationTimeout.toMillis() + 999) / 1000);
        this.validationSeconds = (int) Math.min(Integer.MAX_VALUE, seconds);
    }

    /**
     * The state of a connection at its creation; immutable, and equal for connections created
     * alike, so that one can stand for them all.
     *
     * @param schema the schema, or {@code null} when the driver has none or cannot tell
     * @param networkTimeout the network timeout in milliseconds, or {@code -1} when the driver
     *     cannot tell, and then it is never reset
     * @param holdability the holdability of result sets, or {@code -1} when the driver cannot
     *     tell, and then it is never reset
     */
    record Baseline(boolean autoCommit, int isolation, boolean readOnly, String catalog, String schema,
                    int networkTimeout, int holdability) {

        /**
         * @param c a connection just created
         * @return its settings
         * @throws SQLException when the driver fails to tell one
         */
        static Baseline of(Connection c) throws SQLException {
            String schema;
            try {
                schema = c.getSchema();
            } catch (java.sql.SQLFeatureNotSupportedException | AbstractMethodError e) {
                schema = null;
            }
            int networkTimeout;
            try {
                networkTimeout = c.getNetworkTimeout();
            } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
                // Optional, and older drivers refuse it with a plain SQLException: not a reason to
                // refuse the connection, only to leave the timeout alone.
                networkTimeout = -1;
            }
            int holdability;
            try {
                holdability = c.getHoldability();
            } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
                holdability = -1; // as for the network timeout: left alone, not a reason to refuse
            }
            return new Baseline(c.getAutoCommit(), c.getTransactionIsolation(), c.isReadOnly(), c.getCatalog(), schema,
                    networkTimeout, holdability);
        }
    }

    /**
     * Makes a connection just created this manager's: takes its settings as its baseline, shared
     * with the other connections when they are alike.
     *
     * @param c a connection just created
     * @throws SQLException when the driver fails to tell a setting
     */
    void adopt(Connection c) throws SQLException {
        Baseline b = Baseline.of(c);
        Baseline s = shared;
        if (s == null) {
            synchronized (own) {
                s = shared;
                if (s == null) {
                    shared = s = b;
                }
            }
        }
        if (!s.equals(b)) {
            differing.put(c, b);
        }
        own.add(c);
    }

    /**
     * @param connection a connection of this manager's
     * @return the settings it had at creation
     */
    Baseline baseline(Connection connection) {
        // isEmpty() reads the map's counters only: no hashing in the usual case.
        return differing.isEmpty() ? shared : differing.getOrDefault(connection, shared);
    }

    /** @return how many open connections have settings other than the shared baseline's */
    int differingCount() {
        return differing.size();
    }

    /** @return the URL with secrets masked */
    String url() {
        return secrets.url();
    }

    Secrets secrets() {
        return secrets;
    }

    @Override
    public CompletionStage<Connection> create() {
        Connection c;
        try {
            c = DriverManager.getConnection(url, properties);
        } catch (Throwable e) {
            // Any throwable: a driver may quote the URL or the properties in a RuntimeException, an
            // Error or a checked exception thrown sneakily, and the pool logs and reports them all.
            return CompletableFuture.failedFuture(secrets.clean(e));
        }
        if (c == null) {
            return CompletableFuture.failedFuture(new SQLException("DriverManager returned no connection for " + secrets.url()));
        }
        try {
            if (initSql != null) {
                initialize(c);
            }
            adopt(c);
            return CompletableFuture.completedFuture(c);
        } catch (Throwable e) {
            try {
                c.close();
            } catch (Throwable closing) {
                e.addSuppressed(closing);
            }
            return CompletableFuture.failedFuture(secrets.clean(e));
        }
    }

    /**
     * Runs the init SQL on a new connection; its settings, taken after, are the connection's
     * baseline, so what the SQL set is what recycling puts back.
     */
    private void initialize(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(initSql);
        } catch (SQLException e) {
            throw new SQLException("connectionInitSql failed on a new connection to " + secrets.url() + ": "
                    + e.getMessage(), e.getSQLState(), e);
        }
    }

    @Override
    public CompletionStage<Boolean> validate(Connection connection) {
        try {
            if (testQuery != null) {
                return test(connection);
            }
            return connection.isValid(validationSeconds) ? VALID : INVALID;
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(secrets.clean(e));
        }
    }

    /** Runs the test query; a connection whose query completes is valid, one whose query throws is not. */
    private CompletionStage<Boolean> test(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(validationSeconds);
            s.execute(testQuery);
        }
        // Without auto-commit, the query may have begun a transaction that the next holder must not inherit.
        if (!connection.getAutoCommit()) {
            connection.rollback();
        }
        return VALID;
    }

    /**
     * Resets what the holder touched: first, when the driver says auto-commit is off, the
     * connection is rolled back if the holder may have begun a transaction (it called {@code
     * setAutoCommit} through its handle, or auto-commit was off at creation and it made a
     * statement, metadata, a savepoint or a LOB); then auto-commit, isolation, read-only, catalog,
     * schema, network timeout and holdability go back to their values at creation. When the
     * holder reported touching nothing, this makes no call to the driver at all. An unreported connection has
     * every setting compared, and fails when it is not this manager's.
     *
     * <p>The report names only what the holder changed through the handle's setters: a setting
     * changed in SQL ({@code SET AUTOCOMMIT FALSE}, {@code SET search_path}) or on the driver's
     * connection reached through {@code unwrap} is not reset, and a transaction begun in SQL while
     * auto-commit was on at creation is not rolled back, as in HikariCP.
     */
    @Override
    public CompletionStage<Void> recycle(Connection connection) {
        ConnectionHandle returning = RETURNING.get();
        int touched = returning == null ? UNKNOWN : returning.report(connection);
        if (touched == 0) {
            return DONE;
        }
        if (touched == UNKNOWN && !own.contains(connection)) {
            return CompletableFuture.failedFuture(new SQLException(
                    "Not a connection of the JDBC manager for " + secrets.url() + ": it cannot be recycled"));
        }
        try {
            reset(connection, baseline(connection), touched);
            return DONE;
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(secrets.clean(e));
        }
    }

    private static void reset(Connection c, Baseline b, int touched) throws SQLException {
        boolean unknown = (touched & UNKNOWN) != 0;
        // A transaction can be open only when auto-commit may be off: the holder turned it off, or
        // it was off from the start and the holder did something that may have begun one.
        boolean mayHoldTransaction = unknown || (touched & AUTO_COMMIT) != 0
                || (touched & TRANSACTION) != 0 && !b.autoCommit();
        if (mayHoldTransaction && !c.getAutoCommit()) {
            c.rollback();
        }
        if ((unknown || (touched & AUTO_COMMIT) != 0) && c.getAutoCommit() != b.autoCommit()) {
            c.setAutoCommit(b.autoCommit());
        }
        // What the holder reported touching is set back without asking the driver first: some
        // drivers ask the server for it. What nobody reported is compared first.
        if ((touched & ISOLATION) != 0 || (unknown && c.getTransactionIsolation() != b.isolation())) {
            c.setTransactionIsolation(b.isolation());
        }
        if ((touched & READ_ONLY) != 0 || (unknown && c.isReadOnly() != b.readOnly())) {
            c.setReadOnly(b.readOnly());
        }
        if (b.catalog() != null && ((touched & CATALOG) != 0 || (unknown && !b.catalog().equals(c.getCatalog())))) {
            c.setCatalog(b.catalog());
        }
        if (b.schema() != null && ((touched & SCHEMA) != 0 || (unknown && !b.schema().equals(c.getSchema())))) {
            c.setSchema(b.schema());
        }
        if (b.networkTimeout() >= 0 && ((touched & NETWORK_TIMEOUT) != 0
                || (unknown && c.getNetworkTimeout() != b.networkTimeout()))) {
            c.setNetworkTimeout(DIRECT, b.networkTimeout());
        }
        if (b.holdability() >= 0 && ((touched & HOLDABILITY) != 0
                || (unknown && c.getHoldability() != b.holdability()))) {
            c.setHoldability(b.holdability());
        }
    }

    @Override
    public CompletionStage<Void> destroy(Connection connection) {
        if (own.remove(connection) && !differing.isEmpty()) {
            differing.remove(connection);
        }
        try {
            connection.close();
            return DONE;
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(secrets.clean(e));
        }
    }

    /** @return how long a validation may take, as configured */
    Duration validationTimeout() {
        return validationTimeout;
    }

    @Override
    public String toString() {
        return "JdbcConnectionManager[" + secrets.url() + ", validation " + validationSeconds + "s"
                + (testQuery == null ? "" : " by query") + (initSql == null ? "" : ", init SQL") + "]";
    }
}
