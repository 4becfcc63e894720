package org.patinox.memory.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.patinox.memory.spi.ConnectionManager;

/**
 * The {@link ConnectionManager} of JDBC connections: {@link DriverManager} creates them, {@link
 * Connection#isValid(int)} validates them, {@link #recycle} puts back the auto-commit, transaction
 * isolation, read-only flag, catalog and schema each connection had when it was created (rolling
 * back an open transaction first), and {@link #destroy} closes them.
 *
 * <p>Each connection's state at creation is kept in a {@link Baseline}. A connection handed out by
 * {@link PooledDataSource} comes back with a report of what its holder touched, and recycle resets
 * only that: nothing at all when the holder changed nothing. A connection used through the pool
 * directly comes back unreported, and recycle compares every setting with its baseline.
 *
 * <p>Thread-safe. Blocking calls are those of the driver; failures are redacted of secrets before
 * they leave this class.
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
    /** Unknown: the holder did not report, so every setting is compared. */
    static final int UNKNOWN = 1 << 6;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final CompletableFuture<Boolean> VALID = CompletableFuture.completedFuture(Boolean.TRUE);
    private static final CompletableFuture<Boolean> INVALID = CompletableFuture.completedFuture(Boolean.FALSE);

    private final String url;
    private final Properties properties;
    private final Secrets secrets;
    private final int validationSeconds;
    private final Duration validationTimeout;
    private final ConcurrentHashMap<Connection, Baseline> baselines = new ConcurrentHashMap<>();

    /**
     * @param url the JDBC URL
     * @param properties what {@link DriverManager} receives, already stripped of Patinox keys
     * @param secrets the secrets of both
     * @param validationTimeout how long {@link Connection#isValid(int)} may take, rounded up to seconds
     */
    JdbcConnectionManager(String url, Properties properties, Secrets secrets, Duration validationTimeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.properties = properties;
        this.secrets = secrets;
        this.validationTimeout = validationTimeout;
        long seconds = Math.max(1, (validationTimeout.toMillis() + 999) / 1000);
        this.validationSeconds = (int) Math.min(Integer.MAX_VALUE, seconds);
    }

    /** The state of one connection at its creation, and what its last holder reported touching. */
    static final class Baseline {
        final boolean autoCommit;
        final int isolation;
        final boolean readOnly;
        final String catalog;
        final String schema;
        final boolean hasSchema;
        /**
         * What the current holder touched: {@link #UNKNOWN} until a {@link ConnectionHandle}
         * reports, which it does just before returning the connection; recycle sets it back.
         * Written and read by the thread returning the connection.
         */
        int touched = UNKNOWN;

        private Baseline(Connection c) throws SQLException {
            autoCommit = c.getAutoCommit();
            isolation = c.getTransactionIsolation();
            readOnly = c.isReadOnly();
            catalog = c.getCatalog();
            String s;
            boolean has;
            try {
                s = c.getSchema();
                has = s != null;
            } catch (java.sql.SQLFeatureNotSupportedException | AbstractMethodError e) {
                s = null;
                has = false;
            }
            schema = s;
            hasSchema = has;
        }
    }

    /** @return the baseline of a connection of this manager's, {@code null} for another's */
    Baseline baseline(Connection connection) {
        return baselines.get(connection);
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
        } catch (SQLException e) {
            return CompletableFuture.failedFuture(secrets.clean(e));
        }
        if (c == null) {
            return CompletableFuture.failedFuture(new SQLException("DriverManager returned no connection for " + secrets.url()));
        }
        try {
            baselines.put(c, new Baseline(c));
            return CompletableFuture.completedFuture(c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            return CompletableFuture.failedFuture(e instanceof SQLException sql ? secrets.clean(sql) : e);
        }
    }

    @Override
    public CompletionStage<Boolean> validate(Connection connection) {
        try {
            return connection.isValid(validationSeconds) ? VALID : INVALID;
        } catch (SQLException e) {
            return CompletableFuture.failedFuture(secrets.clean(e));
        }
    }

    /**
     * Resets what the holder touched: an open transaction is rolled back first (when auto-commit is
     * off and the holder may have begun one), then auto-commit, isolation, read-only, catalog and
     * schema go back to their values at creation. When the holder reported touching nothing, this
     * makes no call to the driver at all.
     */
    @Override
    public CompletionStage<Void> recycle(Connection connection) {
        Baseline b = baselines.get(connection);
        if (b == null) {
            return CompletableFuture.failedFuture(new SQLException(
                    "Not a connection of the JDBC manager for " + secrets.url() + ": it cannot be recycled"));
        }
        int touched = b.touched;
        b.touched = UNKNOWN;
        if (touched == 0) {
            return DONE;
        }
        try {
            reset(connection, b, touched);
            return DONE;
        } catch (SQLException e) {
            return CompletableFuture.failedFuture(secrets.clean(e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void reset(Connection c, Baseline b, int touched) throws SQLException {
        boolean unknown = (touched & UNKNOWN) != 0;
        boolean mayHoldTransaction = unknown || (touched & (TRANSACTION | AUTO_COMMIT)) != 0;
        if (mayHoldTransaction && !c.getAutoCommit()) {
            c.rollback();
        }
        if ((unknown || (touched & AUTO_COMMIT) != 0) && c.getAutoCommit() != b.autoCommit) {
            c.setAutoCommit(b.autoCommit);
        }
        // What the holder reported touching is set back without asking the driver first: some
        // drivers ask the server for it. What nobody reported is compared first.
        if ((touched & ISOLATION) != 0 || (unknown && c.getTransactionIsolation() != b.isolation)) {
            c.setTransactionIsolation(b.isolation);
        }
        if ((touched & READ_ONLY) != 0 || (unknown && c.isReadOnly() != b.readOnly)) {
            c.setReadOnly(b.readOnly);
        }
        if (b.catalog != null && ((touched & CATALOG) != 0 || (unknown && !b.catalog.equals(c.getCatalog())))) {
            c.setCatalog(b.catalog);
        }
        if (b.hasSchema && ((touched & SCHEMA) != 0 || (unknown && !b.schema.equals(c.getSchema())))) {
            c.setSchema(b.schema);
        }
    }

    @Override
    public CompletionStage<Void> destroy(Connection connection) {
        baselines.remove(connection);
        try {
            connection.close();
            return DONE;
        } catch (SQLException e) {
            return CompletableFuture.failedFuture(secrets.clean(e));
        }
    }

    /** @return how long a validation may take, as configured */
    Duration validationTimeout() {
        return validationTimeout;
    }

    @Override
    public String toString() {
        return "JdbcConnectionManager[" + secrets.url() + ", validation " + validationSeconds + "s]";
    }
}
