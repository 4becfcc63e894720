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
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Or, as frameworks create a data source from configuration, as a bean: the no-argument
 * constructor, setters named as HikariCP's ({@code jdbcUrl}, {@code username}, {@code password},
 * {@code maximumPoolSize}, {@code minimumIdle}, {@code connectionTimeout}, {@code driverClassName}
 * ...), and the pool opened
 * by the first {@link #getConnection()}:
 *
 * <pre>{@code
 * PooledDataSource db = new PooledDataSource();
 * db.setJdbcUrl("jdbc:postgresql://127.0.0.1/app");
 * db.setUsername("app");
 * db.setPassword(secret);
 * db.setMaximumPoolSize(20);
 * db.setConnectionInitSql("set application_name = 'orders'");
 * try (Connection c = db.getConnection()) { // opens the pool
 *     ...
 * }
 * db.close();
 * }</pre>
 *
 * <h2>The bean form</h2>
 * <ul>
 *   <li>Each setter checks its value at once and refuses a bad one with a {@link ConfigException}
 *       naming the property and the value (never a password); the settings that constrain each
 *       other ({@code minimumIdle} at most {@code maximumPoolSize}) are checked when the pool opens.
 *   <li>The first {@link #getConnection()} opens the pool, once, however many threads call it
 *       together; a setting it refuses fails that call with its {@link ConfigException} and leaves
 *       the data source unopened, to be fixed and tried again. Once the pool is open (or the data
 *       source closed), every setter throws an {@link IllegalStateException} naming its property:
 *       the configuration is sealed, as HikariCP's is.
 *   <li>The pool runs on the {@link MemoryUtilities} given to {@link #setMemoryUtilities}, or else on
 *       one the data source opens with {@link MemoryUtilities#open()} and closes with itself.
 *   <li>{@link #close()} before the first {@code getConnection} opens nothing, and later calls
 *       fail as on a closed pool.
 *   <li>{@code connectionInitSql} runs once on each new physical connection, before the pool
 *       hands it out; its settings, taken after, are what recycling puts back. When it fails, the
 *       connection is closed and the creation fails, as any failed creation does. {@code
 *       connectionTestQuery}, when set, validates connections instead of {@link
 *       Connection#isValid(int)}, for drivers that lack it: a connection whose query completes is
 *       valid.
 * </ul>
 * A data source made by {@link #create} or {@link #wrap} is open from the start, and sealed.
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
 *       SQLException}. What the holder changed through the connection's setters (auto-commit,
 *       transaction isolation, read-only, catalog, schema, network timeout, holdability) is put back to its
 *       value at creation before the next holder gets it; first, when the driver says auto-commit
 *       is off, the connection is rolled back if the holder may have begun a transaction (it
 *       called {@code setAutoCommit}, or auto-commit was off at creation and it used the
 *       connection). What the holder did not touch costs nothing to reset.
 *   <li>As in HikariCP, changes made in SQL ({@code SET AUTOCOMMIT FALSE}, {@code SET SCHEMA},
 *       {@code BEGIN}) or on the driver's connection reached through {@code unwrap} are not seen:
 *       they are not reset, and a transaction so begun on a connection whose auto-commit was on at
 *       creation is not rolled back unless the holder also called {@code setAutoCommit}.
 *   <li>The statements, result sets and metadata reached from the connection lead back to it
 *       ({@code getConnection()}, {@link java.sql.ResultSet#getStatement()}), never to the
 *       driver's connection, which another holder may have once it is returned; the statements
 *       and their result sets, and the metadata's result sets, are closed when it is.
 *   <li>A connection the holder {@linkplain Connection#abort aborted}, found invalid ({@link
 *       Connection#isValid} answered {@code false}), or on which the driver reported a connection
 *       failure (SQLState class {@code 08}, or the server shutting down), is destroyed instead of
 *       being returned; the pool replaces it.
 *   <li>Passwords, in the URL or the properties, never appear in an exception message, an event,
 *       {@link #toString()} or the {@link #stats()}.
 * </ul>
 *
 * <p>Thread-safe; the connections it hands out are, as JDBC connections are, for one thread at a time.
 */
public final class PooledDataSource implements DataSource, AutoCloseable {

    private static final String PATINOX_PREFIX = "patinox.memory.";

    /** The pool, once open; {@code null} before the first {@link #getConnection()} of the bean form. */
    private volatile Pool<Connection> pool;
    /** The URL with secrets masked, once open. */
    private volatile String url;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    /** Guards the bean form's settings and its start and close; never held while a connection is borrowed. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;
    /** The instance this data source opened for its pool, closed with it; {@code null} when given one. */
    private volatile MemoryUtilities ownMemory;

    // The bean form's settings, written under the lock and read when the pool opens; null for the
    // pool's default. Volatile for the getters, which read them without the lock.
    private volatile MemoryUtilities memory;
    private volatile String jdbcUrl;
    private volatile String username;
    private volatile String password;
    private final Properties dataSourceProperties = new Properties();
    private volatile String poolName;
    private volatile Integer maximumPoolSize;
    private volatile Integer minimumIdle;
    private volatile Long connectionTimeoutMillis;
    private volatile Long idleTimeoutMillis;
    private volatile Long maxLifetimeMillis;
    private volatile Long validationTimeoutMillis;
    private volatile Long leakDetectionThresholdMillis;
    private volatile String connectionInitSql;
    private volatile String connectionTestQuery;
    private volatile String driverClassName;

    private PooledDataSource(Pool<Connection> pool, String url) {
        this.pool = pool;
        this.url = url;
    }

    /**
     * A data source in the bean form: set at least {@link #setJdbcUrl}; the first {@link
     * #getConnection()} opens the pool. See the class description.
     */
    public PooledDataSource() {
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
     * recycling restores auto-commit, isolation, read-only, catalog, schema, network timeout and
     * holdability to their values at creation (rolling back first when auto-commit is off and the holder may
     * have begun a transaction), and destruction closes them. A connection returned through a
     * {@link PooledDataSource} handle has reset only what the holder changed through the handle's
     * setters; one returned to a plain pool has every setting compared with its value at
     * creation, and is rolled back whenever auto-commit is off; through a handle, a setting
     * changed only in SQL is not reset.
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
        return manager(url, properties, validationTimeout, null, null);
    }

    static JdbcConnectionManager manager(String url, Properties properties, Duration validationTimeout,
                                         String initSql, String testQuery) {
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
        return new JdbcConnectionManager(url, driverProperties, secrets, validationTimeout, initSql, testQuery);
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
        Pool<Connection> pool = this.pool;
        if (pool == null) {
            pool = start();
        }
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
        String name = name();
        // The bean form has no name until its pool opens, unless one was set.
        throw new SQLFeatureNotSupportedException((name.isEmpty() ? "This data source's pool" : "Pool " + name)
                + " opens every connection with the credentials it was configured with; call getConnection()");
    }

    /** @return the pool's name; before the bean form opens its pool, the {@code poolName} set, or empty */
    public String name() {
        Pool<Connection> p = pool;
        if (p != null) {
            return p.name();
        }
        String named = poolName;
        return named == null ? "" : named;
    }

    /**
     * @return the pool behind this data source
     * @throws IllegalStateException before the bean form's first {@link #getConnection()}, which opens it
     */
    public Pool<Connection> pool() {
        Pool<Connection> p = pool;
        if (p == null) {
            throw new IllegalStateException(this + " has no pool yet: the first getConnection() opens it");
        }
        return p;
    }

    /**
     * @return the pool's current counts
     * @throws IllegalStateException before the bean form's first {@link #getConnection()}, which opens the pool
     */
    public PoolStats stats() {
        return pool().stats();
    }

    /** @return whether the data source, or its pool, is closed */
    public boolean isClosed() {
        Pool<Connection> p = pool;
        return closed || p != null && p.isClosed();
    }

    /**
     * Closes the pool, see {@link Pool#close()}, and the {@link MemoryUtilities} this data source
     * opened for it, if it did. Idempotent; before the pool is open, it opens nothing and later
     * calls of {@link #getConnection()} fail as on a closed pool.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            Pool<Connection> p = pool;
            MemoryUtilities own = ownMemory;
            try {
                if (p != null) {
                    p.close();
                }
            } finally {
                if (own != null) {
                    own.close();
                }
            }
        } finally {
            lock.unlock();
        }
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

    /**
     * @param type an interface
     * @return this data source, if it implements the type
     * @throws SQLException for any other type, {@code null} included, as {@link java.sql.Wrapper}
     *     says of a type it cannot unwrap to
     */
    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type == null) {
            throw unwrapNull();
        }
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException(getClass().getName() + " wraps no " + type.getName());
    }

    /**
     * @param type an interface
     * @return whether this data source implements it; {@code false} for {@code null}
     */
    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type != null && type.isInstance(this);
    }

    /**
     * What {@code unwrap(null)} throws, here and in every handle: a type that nothing can be
     * unwrapped to, refused as {@link java.sql.Wrapper} refuses one, not a bare {@code
     * NullPointerException} (nor the driver's, which differs by driver); {@code isWrapperFor(null)}
     * answers {@code false} alike.
     */
    static SQLException unwrapNull() {
        return new SQLException("unwrap needs an interface to unwrap to, but was given null");
    }

    /** @return the pool's name and the URL with any password masked */
    @Override
    public String toString() {
        String shown = url;
        if (shown == null) {
            lock.lock();
            try {
                shown = jdbcUrl == null ? "" : Secrets.of(jdbcUrl, null).url();
            } finally {
                lock.unlock();
            }
        }
        String named = name();
        return "PooledDataSource[" + (named.isEmpty() ? "unnamed" : named) + (shown.isEmpty() ? "" : ", " + shown) + "]";
    }

    // -- the bean form

    /**
     * Opens the pool of the bean form, once: the first caller opens it while the others wait for it.
     *
     * @return the pool
     * @throws SQLTransientConnectionException (SQLState {@code 08003}) when the data source is closed
     * @throws ConfigException when a setting is missing or refused; the data source stays unopened
     */
    private Pool<Connection> start() throws SQLException {
        lock.lock();
        try {
            Pool<Connection> p = pool;
            if (p != null) {
                return p;
            }
            if (closed) {
                throw new SQLTransientConnectionException(this + " is closed", "08003");
            }
            if (jdbcUrl == null) {
                throw new ConfigException("jdbcUrl must be set before the first getConnection() of a PooledDataSource");
            }
            PoolConfig config = poolConfig();
            Properties properties = new Properties();
            properties.putAll(dataSourceProperties);
            if (username != null) {
                properties.setProperty("user", username);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            JdbcConnectionManager manager = manager(jdbcUrl, properties, config.validationTimeout(),
                    connectionInitSql, connectionTestQuery);
            MemoryUtilities runner = memory;
            boolean owned = runner == null;
            if (owned) {
                runner = MemoryUtilities.open();
            }
            try {
                p = runner.pool(manager, config);
            } catch (RuntimeException | Error e) {
                if (owned) {
                    runner.close();
                }
                throw e;
            }
            ownMemory = owned ? runner : null;
            url = manager.url();
            pool = p;
            return p;
        } finally {
            lock.unlock();
        }
    }

    private PoolConfig poolConfig() {
        int max = maximumPoolSize == null ? PoolConfig.defaults().maxSize() : maximumPoolSize;
        int min = minimumIdle == null ? Math.min(PoolConfig.defaults().minSize(), max) : minimumIdle;
        if (min > max) {
            throw new ConfigException("minimumIdle must be at most maximumPoolSize (" + max + "), but was " + min);
        }
        PoolConfig.Builder b = PoolConfig.builder().minSize(min).maxSize(max);
        if (poolName != null) {
            b.name(poolName);
        }
        if (connectionTimeoutMillis != null) {
            b.acquireTimeout(Duration.ofMillis(connectionTimeoutMillis));
        }
        if (idleTimeoutMillis != null) {
            b.idleTimeout(Duration.ofMillis(idleTimeoutMillis));
        }
        if (maxLifetimeMillis != null) {
            b.maxLifetime(Duration.ofMillis(maxLifetimeMillis));
        }
        if (validationTimeoutMillis != null) {
            b.validationTimeout(Duration.ofMillis(validationTimeoutMillis));
        }
        if (leakDetectionThresholdMillis != null) {
            b.leakDetectionThreshold(Duration.ofMillis(leakDetectionThresholdMillis));
        }
        return b.build();
    }

    /** Runs a setter's assignment unless the configuration is sealed: open, or closed. */
    private void set(String property, Runnable assignment) {
        lock.lock();
        try {
            if (pool != null || closed) {
                throw new IllegalStateException(this + " is " + (closed ? "closed" : "open")
                        + ": its configuration is sealed, and " + property + " can no longer be set");
            }
            assignment.run();
        } finally {
            lock.unlock();
        }
    }

    private static long atLeast(String property, long value, long least, String unit) {
        if (value < least) {
            throw new ConfigException(property + " must be " + least + " " + unit + " or more, but was " + value);
        }
        return value;
    }

    private static String text(String property, String value) {
        Objects.requireNonNull(value, property);
        if (value.isBlank()) {
            throw new ConfigException(property + " must not be blank, but was '" + value + "'");
        }
        return value;
    }

    /**
     * @param memory the instance to run the pool on, which stays the caller's to close; by default
     *     the data source opens one of its own
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setMemoryUtilities(MemoryUtilities memory) {
        Objects.requireNonNull(memory, "memoryUtilities");
        set("memoryUtilities", () -> this.memory = memory);
    }

    /**
     * @param jdbcUrl the JDBC URL; checked to start with {@code jdbc:} now, and to find a driver when the pool opens
     * @throws ConfigException when it is not a {@code jdbc:} URL, naming it with any password masked
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setJdbcUrl(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.regionMatches(true, 0, "jdbc:", 0, 5)) {
            throw new ConfigException("jdbcUrl must start with 'jdbc:', but was '" + Secrets.of(jdbcUrl, null).url() + "'");
        }
        set("jdbcUrl", () -> this.jdbcUrl = jdbcUrl);
    }

    /**
     * Loads and initializes a JDBC driver's class, which registers the driver with {@link
     * DriverManager}, for drivers that are not found as a {@link java.sql.Driver} service: what
     * Spring's {@code driver-class-name} and HikariCP's {@code driverClassName} are for. Not needed
     * for a driver found by {@link java.util.ServiceLoader}, as JDBC 4 drivers are.
     *
     * @param className the driver's class, found through the thread's context class loader, else
     *     this class's
     * @throws ConfigException when no such class is found, or it is not a {@link java.sql.Driver}
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setDriverClassName(String className) {
        String name = text("driverClassName", className).strip();
        set("driverClassName", () -> {
            Class<?> type;
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                type = Class.forName(name, true, loader != null ? loader : PooledDataSource.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ConfigException("driverClassName names no class that loads: '" + name + "'", e);
            }
            if (!java.sql.Driver.class.isAssignableFrom(type)) {
                throw new ConfigException("driverClassName must name a java.sql.Driver, but was '" + name + "'");
            }
            driverClassName = name;
        });
    }

    /** @return the driver's class name set, or {@code null} */
    public String getDriverClassName() {
        return driverClassName;
    }

    /** @return the JDBC URL set, with any password masked; {@code null} when none is */
    public String getJdbcUrl() {
        String u = jdbcUrl;
        return u == null ? null : Secrets.of(u, null).url();
    }

    /**
     * @param username the user the connections open as: the driver's property {@code user}
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setUsername(String username) {
        Objects.requireNonNull(username, "username");
        set("username", () -> this.username = username);
    }

    /** @return the user set, or {@code null} */
    public String getUsername() {
        return username;
    }

    /**
     * @param password the password: the driver's property {@code password}; it never appears in a
     *     message, a log or {@link #toString()}, and no getter reads it back
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setPassword(String password) {
        Objects.requireNonNull(password, "password");
        set("password", () -> this.password = password);
    }

    /**
     * @param properties the driver's connection properties, copied; {@code username} and {@code
     *     password}, when set, win over {@code user} and {@code password} here
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setDataSourceProperties(Properties properties) {
        Objects.requireNonNull(properties, "dataSourceProperties");
        Properties copy = new Properties();
        copy.putAll(properties);
        set("dataSourceProperties", () -> {
            dataSourceProperties.clear();
            dataSourceProperties.putAll(copy);
        });
    }

    /**
     * @param key a connection property of the driver
     * @param value its value
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void addDataSourceProperty(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        set("dataSourceProperties", () -> dataSourceProperties.setProperty(key, value));
    }

    /**
     * @param poolName the pool's name, in events, metrics and messages; by default the instance assigns one
     * @throws ConfigException when blank
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setPoolName(String poolName) {
        String named = text("poolName", poolName);
        set("poolName", () -> this.poolName = named);
    }

    /** @return the pool's name set, or {@code null} */
    public String getPoolName() {
        return poolName;
    }

    /**
     * @param size connections open at most: the pool's {@link PoolConfig#maxSize()}; 1 or more (default 10)
     * @throws ConfigException when below 1
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setMaximumPoolSize(int size) {
        int checked = (int) atLeast("maximumPoolSize", size, 1, "connection");
        set("maximumPoolSize", () -> maximumPoolSize = checked);
    }

    /** @return the maximum size set, or the default */
    public int getMaximumPoolSize() {
        Integer size = maximumPoolSize;
        return size == null ? PoolConfig.defaults().maxSize() : size;
    }

    /**
     * @param size connections kept open: the pool's {@link PoolConfig#minSize()}; 0 or more (the
     *     default), at most {@code maximumPoolSize}
     * @throws ConfigException when negative
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setMinimumIdle(int size) {
        int checked = (int) atLeast("minimumIdle", size, 0, "connections");
        set("minimumIdle", () -> minimumIdle = checked);
    }

    /** @return the minimum size set, or the default */
    public int getMinimumIdle() {
        Integer size = minimumIdle;
        return size == null ? PoolConfig.defaults().minSize() : size;
    }

    /**
     * @param millis how long {@link #getConnection()} waits: the pool's {@link
     *     PoolConfig#acquireTimeout()}; 1 or more (default 30 000)
     * @throws ConfigException when below 1
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setConnectionTimeout(long millis) {
        long checked = atLeast("connectionTimeout", millis, 1, "ms");
        set("connectionTimeout", () -> connectionTimeoutMillis = checked);
    }

    /** @return the connection timeout set, or the default, in milliseconds */
    public long getConnectionTimeout() {
        Long millis = connectionTimeoutMillis;
        return millis == null ? PoolConfig.defaults().acquireTimeout().toMillis() : millis;
    }

    /**
     * @param millis idle time after which a connection above the minimum is closed: the pool's
     *     {@link PoolConfig#idleTimeout()}; 0 for never (default 600 000)
     * @throws ConfigException when negative
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setIdleTimeout(long millis) {
        long checked = atLeast("idleTimeout", millis, 0, "ms");
        set("idleTimeout", () -> idleTimeoutMillis = checked);
    }

    /** @return the idle timeout set, or the default, in milliseconds */
    public long getIdleTimeout() {
        Long millis = idleTimeoutMillis;
        return millis == null ? PoolConfig.defaults().idleTimeout().toMillis() : millis;
    }

    /**
     * @param millis age after which a connection is retired: the pool's {@link
     *     PoolConfig#maxLifetime()}; 0 for never (default 1 800 000)
     * @throws ConfigException when negative
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setMaxLifetime(long millis) {
        long checked = atLeast("maxLifetime", millis, 0, "ms");
        set("maxLifetime", () -> maxLifetimeMillis = checked);
    }

    /** @return the maximum lifetime set, or the default, in milliseconds */
    public long getMaxLifetime() {
        Long millis = maxLifetimeMillis;
        return millis == null ? PoolConfig.defaults().maxLifetime().toMillis() : millis;
    }

    /**
     * @param millis how long one validation may take: the pool's {@link
     *     PoolConfig#validationTimeout()}; 1 or more (default 5 000)
     * @throws ConfigException when below 1
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setValidationTimeout(long millis) {
        long checked = atLeast("validationTimeout", millis, 1, "ms");
        set("validationTimeout", () -> validationTimeoutMillis = checked);
    }

    /** @return the validation timeout set, or the default, in milliseconds */
    public long getValidationTimeout() {
        Long millis = validationTimeoutMillis;
        return millis == null ? PoolConfig.defaults().validationTimeout().toMillis() : millis;
    }

    /**
     * @param millis holding time after which a connection is reported as leaked: the pool's {@link
     *     PoolConfig#leakDetectionThreshold()}; 0 for never (the default)
     * @throws ConfigException when negative
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setLeakDetectionThreshold(long millis) {
        long checked = atLeast("leakDetectionThreshold", millis, 0, "ms");
        set("leakDetectionThreshold", () -> leakDetectionThresholdMillis = checked);
    }

    /** @return the leak-detection threshold set, or the default, in milliseconds */
    public long getLeakDetectionThreshold() {
        Long millis = leakDetectionThresholdMillis;
        return millis == null ? PoolConfig.defaults().leakDetectionThreshold().toMillis() : millis;
    }

    /**
     * @param sql run once on each new physical connection; see the class description
     * @throws ConfigException when blank
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setConnectionInitSql(String sql) {
        String checked = text("connectionInitSql", sql);
        set("connectionInitSql", () -> connectionInitSql = checked);
    }

    /** @return the init SQL set, or {@code null} */
    public String getConnectionInitSql() {
        return connectionInitSql;
    }

    /**
     * @param sql run to validate a connection instead of {@link Connection#isValid(int)}, for
     *     drivers that lack it; see the class description
     * @throws ConfigException when blank
     * @throws IllegalStateException once the pool is open or the data source closed
     */
    public void setConnectionTestQuery(String sql) {
        String checked = text("connectionTestQuery", sql);
        set("connectionTestQuery", () -> connectionTestQuery = checked);
    }

    /** @return the test query set, or {@code null} */
    public String getConnectionTestQuery() {
        return connectionTestQuery;
    }

    /** @return the instance that runs the pool: the one set, or the one this data source opened; for tests */
    MemoryUtilities memoryUtilities() {
        lock.lock();
        try {
            return ownMemory != null ? ownMemory : memory;
        } finally {
            lock.unlock();
        }
    }
}
