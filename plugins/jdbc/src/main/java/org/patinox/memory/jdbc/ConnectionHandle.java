package org.patinox.memory.jdbc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.patinox.memory.pool.PooledConnection;

/**
 * The {@link Connection} a {@link PooledDataSource} hands out: it delegates to the pooled driver
 * connection, and {@link #close()} gives that back to the pool instead of closing it. Written by
 * hand rather than made by {@link java.lang.reflect.Proxy}, so that borrowing and returning cost
 * one small allocation and no reflection.
 *
 * <p>On the way it
 * <ul>
 *   <li>records which session settings the holder changed through its setters (auto-commit,
 *       isolation, read-only, catalog, schema, network timeout, holdability) and whether it may
 *       have begun a transaction, and reports that to the manager's recycle through {@link
 *       JdbcConnectionManager#RETURNING}, set while it returns the connection, so that recycling
 *       resets only that (what is changed in SQL, or on the driver's connection, it never sees);
 *   <li>keeps the statements opened through it, and the result sets of its metadata, and closes
 *       those still open when it is closed;
 *   <li>hands out statements, metadata and result sets that lead back to it, never to the driver's
 *       connection, which another holder may have once this handle is closed;
 *   <li>marks the connection broken when the driver reports a connection failure (SQLState class
 *       {@code 08}, or the server shutting down: {@code 57P01}..{@code 57P03}), when {@link
 *       #isValid} answers {@code false}, or when it is {@linkplain #abort aborted}, and then has the
 *       pool destroy it instead of taking it back.
 * </ul>
 *
 * <p>Like a driver's connection it is used by one thread at a time; only {@link #abort} may come
 * from another thread, and whichever of {@code close} and {@code abort} comes first ends the handle.
 * Every method after that throws an {@link SQLException} (SQLState {@code 08003}), except {@link
 * #close()}, {@link #isClosed()}, {@link #isValid(int)} and {@link #abort}, which the JDBC
 * specification allows on a closed connection.
 */
final class ConnectionHandle implements Connection {

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(ConnectionHandle.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PooledConnection<Connection> pooled;
    private final String poolName;
    /** The driver's connection; {@code null} once this handle has ended. */
    private Connection delegate;
    /** Set once, by the first of close and abort. */
    @SuppressWarnings("unused") // accessed through ENDED
    private volatile boolean ended;
    private int touched;
    /**
     * The driver's connection while {@link #close()} returns it and until recycle has taken the
     * report; {@code null} otherwise. Used by the closing thread only.
     */
    private Connection returning;
    private boolean broken;
    /**
     * The statements opened through this handle, and result sets of its metadata, still open;
     * made on the first one.
     */
    private ArrayList<AutoCloseable> statements;

    /**
     * @param pooled the borrowed connection
     * @param poolName the pool's name, for messages
     */
    ConnectionHandle(PooledConnection<Connection> pooled, String poolName) {
        this.pooled = pooled;
        this.delegate = pooled.get();
        this.poolName = poolName;
    }

    private Connection d() throws SQLException {
        Connection d = delegate;
        if (d == null) {
            throw new SQLNonTransientConnectionException("Connection is closed: it went back to pool " + poolName, "08003");
        }
        return d;
    }

    /** @throws SQLException (SQLState {@code 08003}) when this handle has ended */
    void checkOpen() throws SQLException {
        d();
    }

    /**
     * Notes a failure the driver reported, marking the connection broken when it is fatal.
     *
     * @param e the failure
     * @return the same failure, to be thrown
     */
    SQLException failed(SQLException e) {
        if (!broken && isFatal(e)) {
            broken = true;
        }
        return e;
    }

    /**
     * @param e a failure from the driver
     * @return whether it says the connection is lost: SQLState class {@code 08}, the server
     *     shutting down ({@code 57P01}, {@code 57P02}, {@code 57P03}), or a non-transient connection
     *     failure, anywhere in its chain of next exceptions and causes
     */
    static boolean isFatal(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (sql instanceof SQLNonTransientConnectionException
                        || state != null && (state.startsWith("08") || state.equals("57P01")
                        || state.equals("57P02") || state.equals("57P03"))) {
                    return true;
                }
                t = sql.getNextException() != null ? sql.getNextException() : sql.getCause();
            } else {
                t = t.getCause();
            }
        }
        return false;
    }

    /** @return the driver's connection while the handle is open, else {@code null} */
    Connection driverConnection() {
        return delegate;
    }

    /** @return whether the connection was marked broken; then it will be destroyed on close */
    boolean isBroken() {
        return broken;
    }

    /** @return what the holder touched, as {@link JdbcConnectionManager} bits */
    int touched() {
        return touched;
    }

    /**
     * Hands the report to the recycle of the connection this handle is returning, once: a second
     * recycle, or one of another connection, while this handle is returning (say a waiter served
     * on this thread that returns a connection it used directly) is unreported.
     *
     * @param connection the connection being recycled
     * @return what the holder touched, or {@link JdbcConnectionManager#UNKNOWN}
     */
    int report(Connection connection) {
        if (connection != returning || connection == null) {
            return JdbcConnectionManager.UNKNOWN;
        }
        returning = null;
        return touched;
    }

    <S extends AutoCloseable> S opened(S statement) {
        if (statements == null) {
            statements = new ArrayList<>(4);
        }
        statements.add(statement);
        return statement;
    }

    void forget(AutoCloseable statement) {
        if (statements != null) {
            int i = statements.lastIndexOf(statement);
            if (i >= 0) {
                statements.remove(i);
            }
        }
    }

    /** @return how many statements opened through this handle, and metadata result sets, are still open */
    int openStatements() {
        return statements == null ? 0 : statements.size();
    }

    /**
     * Closes the statements and metadata result sets still open, then returns the connection to
     * the pool, which resets what the holder touched; a broken connection is handed back for
     * destruction instead. Does nothing when already closed or aborted. Never throws for the
     * statements: one that fails to close makes the connection count as broken.
     */
    @Override
    public void close() throws SQLException {
        Connection d = delegate;
        if (d == null || !ENDED.compareAndSet(this, false, true)) {
            return;
        }
        try {
            for (int i = openStatements() - 1; i >= 0; i--) {
                AutoCloseable s = statements.get(i);
                try {
                    s.close();
                } catch (Exception e) {
                    broken = true;
                }
                forget(s);
            }
        } finally {
            delegate = null;
            statements = null;
            if (broken) {
                pooled.invalidate();
            } else {
                // The pool recycles on this thread, within close(): the manager finds this handle there.
                returning = d;
                JdbcConnectionManager.RETURNING.set(this);
                try {
                    pooled.close();
                } finally {
                    JdbcConnectionManager.RETURNING.set(null);
                    returning = null;
                }
            }
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate == null || ended;
    }

    /**
     * Aborts the driver's connection and has the pool destroy it; see {@link Connection#abort}.
     * May be called from any thread; does nothing once the handle has ended.
     */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor");
        }
        Connection d = delegate;
        if (d == null || !ENDED.compareAndSet(this, false, true)) {
            return;
        }
        broken = true;
        delegate = null;
        try {
            d.abort(executor);
        } finally {
            pooled.invalidate();
        }
    }

    /**
     * Asks the driver; a connection it finds invalid is marked broken, so that it is destroyed on
     * close rather than lent again (a holder that only asked would see no failure to report it).
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            // As Connection says; drivers differ (H2 answered true), so the handle answers alike.
            throw new SQLException("isValid needs a timeout of 0 or more seconds, but was " + timeout);
        }
        Connection d = delegate;
        if (d == null) {
            return false;
        }
        try {
            boolean valid = d.isValid(timeout);
            if (!valid) {
                broken = true;
            }
            return valid;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        try {
            d().setAutoCommit(autoCommit);
            touched |= JdbcConnectionManager.AUTO_COMMIT;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        try {
            d().setTransactionIsolation(level);
            touched |= JdbcConnectionManager.ISOLATION;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        try {
            d().setReadOnly(readOnly);
            touched |= JdbcConnectionManager.READ_ONLY;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        try {
            d().setCatalog(catalog);
            touched |= JdbcConnectionManager.CATALOG;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        try {
            d().setSchema(schema);
            touched |= JdbcConnectionManager.SCHEMA;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private void mayBeginTransaction() {
        touched |= JdbcConnectionManager.TRANSACTION;
    }

    @Override
    public Statement createStatement() throws SQLException {
        try {
            Statement s = d().createStatement();
            mayBeginTransaction();
            return opened(new StatementHandle(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            Statement s = d().createStatement(resultSetType, resultSetConcurrency);
            mayBeginTransaction();
            return opened(new StatementHandle(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try {
            Statement s = d().createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
            mayBeginTransaction();
            return opened(new StatementHandle(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        try {
            PreparedStatement s = d().prepareStatement(sql);
            mayBeginTransaction();
            return opened(new PreparedStatementHandle(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            PreparedStatement s = d().prepareStatement(sql, autoGeneratedKeys);
            mayBeginTransaction();
            return opened(new PreparedStatementHandle(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        try {
            PreparedStatement s = d().prepareStatement(sql, columnIndexes);
            mayBeginTransaction();
            return opened(new PreparedStatementHandle(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        try {
            PreparedStatement s = d().prepareStatement(sql, columnNames);
            mayBeginTransaction();
            return opened(new PreparedStatementHandle(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            PreparedStatement s = d().prepareStatement(sql, resultSetType, resultSetConcurrency);
            mayBeginTransaction();
            return opened(new PreparedStatementHandle(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try {
            PreparedStatement s = d().prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
            mayBeginTransaction();
            return opened(new PreparedStatementHandle(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        try {
            CallableStatement s = d().prepareCall(sql);
            mayBeginTransaction();
            return opened(JdbcProxy.callableStatement(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        try {
            CallableStatement s = d().prepareCall(sql, resultSetType, resultSetConcurrency);
            mayBeginTransaction();
            return opened(JdbcProxy.callableStatement(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        try {
            CallableStatement s = d().prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
            mayBeginTransaction();
            return opened(JdbcProxy.callableStatement(s, this));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        try {
            DatabaseMetaData m = d().getMetaData();
            mayBeginTransaction();
            return JdbcProxy.metaData(m, this);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        try {
            mayBeginTransaction();
            return d().setSavepoint();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        try {
            mayBeginTransaction();
            return d().setSavepoint(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Blob createBlob() throws SQLException {
        try {
            mayBeginTransaction();
            return d().createBlob();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        try {
            mayBeginTransaction();
            return d().createClob();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public NClob createNClob() throws SQLException {
        try {
            mayBeginTransaction();
            return d().createNClob();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        try {
            mayBeginTransaction();
            return d().createSQLXML();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface == null) {
            throw PooledDataSource.unwrapNull();
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        try {
            return d().unwrap(iface);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface == null) {
            return false;
        }
        if (iface.isInstance(this)) {
            return true;
        }
        try {
            return d().isWrapperFor(iface);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private Connection forClientInfo() throws SQLClientInfoException {
        Connection d = delegate;
        if (d == null) {
            throw new SQLClientInfoException("Connection is closed: it went back to pool " + poolName, "08003", 0, Map.of());
        }
        return d;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        try {
            forClientInfo().setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            throw (SQLClientInfoException) failed(e);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        try {
            forClientInfo().setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            throw (SQLClientInfoException) failed(e);
        }
    }

    @Override
    public String toString() {
        Connection d = delegate;
        return "PooledConnection[" + poolName + (d == null ? ", closed]" : ", " + d.getClass().getName() + "]");
    }

    @Override
    public void beginRequest() throws SQLException {
        try {
            d().beginRequest();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            d().clearWarnings();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void commit() throws SQLException {
        try {
            d().commit();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        try {
            return ArrayHandle.of(d().createArrayOf(typeName, elements), this);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        try {
            return d().createStruct(typeName, attributes);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void endRequest() throws SQLException {
        try {
            d().endRequest();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        try {
            return d().getAutoCommit();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        try {
            return d().getCatalog();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        try {
            return d().getClientInfo();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        try {
            return d().getClientInfo(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        try {
            return d().getHoldability();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        try {
            return d().getNetworkTimeout();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getSchema() throws SQLException {
        try {
            return d().getSchema();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        try {
            return d().getTransactionIsolation();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        try {
            return d().getTypeMap();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return d().getWarnings();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        try {
            return d().isReadOnly();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        try {
            return d().nativeSQL(sql);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        try {
            d().releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void rollback() throws SQLException {
        try {
            d().rollback();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        try {
            d().rollback(savepoint);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        try {
            d().setHoldability(holdability);
            touched |= JdbcConnectionManager.HOLDABILITY;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        if (milliseconds < 0) {
            // As Connection says; drivers differ (H2 took it), so the handle refuses it alike.
            throw new SQLException("setNetworkTimeout needs 0 or more milliseconds, but was " + milliseconds);
        }
        try {
            d().setNetworkTimeout(executor, milliseconds);
            touched |= JdbcConnectionManager.NETWORK_TIMEOUT;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        try {
            d().setShardingKey(shardingKey);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        try {
            d().setShardingKey(shardingKey, superShardingKey);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        try {
            return d().setShardingKeyIfValid(shardingKey, timeout);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
        try {
            return d().setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        try {
            d().setTypeMap(map);
        } catch (SQLException e) {
            throw failed(e);
        }
    }
}
