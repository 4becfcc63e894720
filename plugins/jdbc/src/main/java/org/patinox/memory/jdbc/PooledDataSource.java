package org.patinox.memory.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.ConnectionManager;

/**
 * A {@link DataSource} whose connections come from a Patinox {@link Pool}.
 *
 * <pre>{@code
 * try (MemoryUtilities memory = MemoryUtilities.open();
 *      PooledDataSource db = PooledDataSource.create(memory, "jdbc:postgresql://127.0.0.1/app", props,
 *              PoolConfig.builder().maxSize(20).build())) {
 *     try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("select 1")) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #getConnection()} waits for a pooled connection at most the pool's {@link
 *       PoolConfig#acquireTimeout()} (or the {@linkplain #setLoginTimeout login timeout}, when one
 *       is set). A timeout or a closed pool is an {@link SQLTransientConnectionException} (SQLState
 *       {@code 08001} for a timeout, {@code 08003} for a closed pool) whose cause is the {@link
 *       PoolException}; an interruption is an {@link SQLException} and leaves the thread's
 *       interrupt flag set.
 *   <li>The {@link Connection} handed out is the holder's alone. Its {@link Connection#close()}
 *       returns the driver's connection to the pool, is idempotent, and closes the statements
 *       opened through it that are still open; any other use after close throws an {@link
 *       SQLException}. Auto-commit, transaction isolation, read-only, catalog and schema changed by
 *       the holder are put back, and an open transaction rolled back, before the next holder gets
 *       it; what the holder did not touch costs nothing to reset.
 *   <li>A connection the holder {@linkplain Connection#abort aborted}, or on which the driver
 *       reported a connection failure (SQLState class {@code 08}, or the server shutting down), is
 *       destroyed instead of being returned; the pool replaces it.
 *   <li>Passwords, in the URL or the properties, never appear in an exception message, an event,
 *       {@link #toString()} or the {@link #stats()}.
 * </ul>
 *
 * <p>Thread-safe; the connections it hands out are, as JDBC connections are, for one thread at a time.
 */
public final class PooledDataSource implements DataSource, AutoCloseable {

    private static final String PATINOX_PREFIX = "patinox.memory.";

    private final Pool<Connection> pool;
    private final String url;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    private PooledDataSource(Pool<Connection> pool, String url) {
        this.pool = pool;
        this.url = url;
    }

    /**
     * Opens a pool of JDBC connections and a data source on it. The pool belongs to the data
     * source: closing either closes both, and closing {@code memory} closes the pool too.
     *
     * @param memory the instance that runs the pool
     * @param url the JDBC URL; its driver must be on the class or module path
     * @param properties the connection properties, such as {@code user} and {@code password};
     *     copied, so later changes have no effect
     * @param config the pool's configuration; its {@link PoolConfig#validationTimeout()} bounds
     *     {@link Connection#isValid(int)}
     * @return the data source
     * @throws ConfigException when no driver accepts the URL; the message masks its password
     * @throws IllegalStateException when {@code memory} is closed
     */
    public static PooledDataSource create(MemoryUtilities memory, String url, Properties properties, PoolConfig config) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(config, "config");
        JdbcConnectionManager manager = manager(url, properties, config.validationTimeout());
        return new PooledDataSource(memory.pool(manager, config), manager.url());
    }

    /**
     * Makes a data source on a pool of JDBC connections opened elsewhere, for example by {@link
     * MemoryUtilities#pool(String, Properties, Class, PoolConfig)}. Closing the data source closes
     * the pool. When the pool's manager is this plugin's, as the provider {@code jdbc} makes it,
     * recycling resets only what each holder touched, as for {@link #create}.
     *
     * @param pool the pool
     * @return the data source
     */
    public static PooledDataSource wrap(Pool<Connection> pool) {
        Objects.requireNonNull(pool, "pool");
        return new PooledDataSource(pool, "");
    }

    /**
     * Makes the {@link ConnectionManager} of JDBC connections for a URL, as the provider {@code
     * jdbc} does for {@link MemoryUtilities#pool(String, Properties, Class, PoolConfig)}: {@link
     * DriverManager} creates the connections, {@link Connection#isValid(int)} validates them,
     * recycling rolls back an open transaction and restores auto-commit, isolation, read-only,
     * catalog and schema to their values at creation, and destruction closes them.
     *
     * <p>Properties whose keys start with {@code patinox.memory.} are kept from the driver;
     * {@value PoolConfig#VALIDATION_TIMEOUT} among them sets the validation timeout (default 5s,
     * rounded up to whole seconds).
     *
     * @param url a {@code jdbc:} URL
     * @param properties the connection properties, or {@code null} for none; copied
     * @return a new manager; it opens no connection until asked
     * @throws ConfigException when the URL is not a {@code jdbc:} URL, no driver accepts it, or the
     *     validation timeout is invalid; the message masks any password
     */
    public static ConnectionManager<Connection> connectionManager(String url, Properties properties) {
        Properties patinox = new Properties();
        if (properties != null) {
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith(PoolConfig.VALIDATION_TIMEOUT)) {
                    patinox.setProperty(key, properties.getProperty(key));
                }
            }
            // A value put as an object (a Duration, say) is PoolConfig's to read or refuse, not to lose.
            for (var entry : properties.entrySet()) {
                if (entry.getKey() instanceof String key && key.startsWith(PoolConfig.VALIDATION_TIMEOUT)
                        && !(entry.getValue() instanceof String)) {
                    patinox.put(key, entry.getValue());
                }
            }
        }
        Duration timeout = PoolConfig.fromProperties(patinox).validationTimeout();
        return manager(url, properties, timeout);
    }

    static JdbcConnectionManager manager(String url, Properties properties, Duration validationTimeout) {
        Objects.requireNonNull(url, "url");
        Secrets secrets = Secrets.of(url, properties);
        if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            throw new ConfigException("Not a JDBC URL (it must start with 'jdbc:'): " + secrets.url());
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new ConfigException("No JDBC driver accepts the URL " + secrets.url()
                    + "; add the database's driver to the class or module path", secrets.clean(e));
        } catch (Throwable e) {
            // A driver's acceptsURL failing otherwise may quote the URL too.
            Throwable clean = secrets.clean(e);
            if (clean instanceof Error error) {
                throw error;
            }
            throw new ConfigException("A JDBC driver failed while checking the URL " + secrets.url(), clean);
        }
        Properties driverProperties = new Properties();
        if (properties != null) {
            for (String key : properties.stringPropertyNames()) {
                if (!key.startsWith(PATINOX_PREFIX)) {
                    driverProperties.setProperty(key, properties.getProperty(key));
                }
            }
        }
        return new JdbcConnectionManager(url, driverProperties, secrets, validationTimeout);
    }

    /**
     * Borrows a connection from the pool; see the class description.
     *
     * @return a connection that goes back to the pool when closed
     * @throws SQLTransientConnectionException when no connection was free in time or the pool is closed
     * @throws SQLException when interrupted while waiting, with the interrupt flag kept
     */
    @Override
    public Connection getConnection() throws SQLException {
        int login = loginTimeoutSeconds;
        Duration timeout = login > 0 ? Duration.ofSeconds(login) : pool.config().acquireTimeout();
        PooledConnection<Connection> pooled;
        try {
            pooled = pool.acquire(timeout);
        } catch (PoolException e) {
            throw new SQLTransientConnectionException(e.getMessage(),
                    e.kind() == PoolException.Kind.TIMEOUT ? "08001" : "08003", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for a connection from pool " + pool.name(), e);
        }
        try {
            return new ConnectionHandle(pooled, pool.name());
        } catch (RuntimeException e) {
            pooled.invalidate();
            throw new SQLException("Pool " + pool.name() + " handed out an unusable connection", e);
        }
    }

    /**
     * Not supported: every connection of a pool is opened with the same credentials.
     *
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Pool " + pool.name()
                + " opens every connection with the credentials it was configured with; call getConnection()");
    }

    /** @return the pool's name */
    public String name() {
        return pool.name();
    }

    /** @return the pool behind this data source */
    public Pool<Connection> pool() {
        return pool;
    }

    /** @return the pool's current counts */
    public PoolStats stats() {
        return pool.stats();
    }

    /** @return whether the pool is closed */
    public boolean isClosed() {
        return pool.isClosed();
    }

    /** Closes the pool; see {@link Pool#close()}. Idempotent. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Keeps the writer for {@link #getLogWriter()}; the pool logs through {@link System.Logger}. */
    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    /**
     * @param seconds how long {@link #getConnection()} waits for a connection; 0 (the default)
     *     for the pool's acquire timeout
     */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        if (seconds < 0) {
            throw new SQLException("loginTimeout must be 0 or more seconds, but was " + seconds);
        }
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    /** @throws SQLFeatureNotSupportedException always: the pool logs through {@link System.Logger} */
    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Patinox Memory logs through System.Logger, not java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException(getClass().getName() + " wraps no " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** @return the pool's name and the URL with any password masked */
    @Override
    public String toString() {
        return "PooledDataSource[" + pool.name() + (url.isEmpty() ? "" : ", " + url) + "]";
    }
}
