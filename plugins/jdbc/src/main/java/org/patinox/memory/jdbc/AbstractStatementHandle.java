package org.patinox.memory.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * What every statement opened through a {@link ConnectionHandle} shares: it delegates to the
 * driver's statement, answers {@link #getConnection()} with the handle (never the pooled driver
 * connection), leaves the handle's list of open statements when closed, and reports the driver's
 * failures to the handle so that a lost connection is not returned to the pool. The handle closes
 * it when the connection goes back to the pool; after that the driver's statement refuses every
 * call.
 *
 * @param <S> the driver's statement type
 */
abstract class AbstractStatementHandle<S extends Statement> implements Statement {

    final S delegate;
    private final ConnectionHandle owner;
    private boolean closed;

    AbstractStatementHandle(S delegate, ConnectionHandle owner) {
        this.delegate = delegate;
        this.owner = owner;
    }

    /** @return the driver's failure, after telling the connection handle of it */
    final SQLException failed(SQLException e) {
        return owner.failed(e);
    }

    /** Closes the driver's statement, once, and leaves the handle's list. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            delegate.close();
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            owner.forget(this);
        }
    }

    /** @return the pooled connection handle that opened this statement */
    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("Statement is closed", "HY010");
        }
        return owner;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        try {
            return delegate.unwrap(type);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate.isWrapperFor(type);
    }

    @Override
    public void addBatch(String name) throws SQLException {
        try {
            delegate.addBatch(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void cancel() throws SQLException {
        try {
            delegate.cancel();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        try {
            delegate.clearBatch();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            delegate.clearWarnings();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        try {
            delegate.closeOnCompletion();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String enquoteIdentifier(String name, boolean flag1) throws SQLException {
        try {
            return delegate.enquoteIdentifier(name, flag1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String enquoteLiteral(String name) throws SQLException {
        try {
            return delegate.enquoteLiteral(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String enquoteNCharLiteral(String name) throws SQLException {
        try {
            return delegate.enquoteNCharLiteral(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean execute(String name) throws SQLException {
        try {
            return delegate.execute(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean execute(String name, int[] indexes1) throws SQLException {
        try {
            return delegate.execute(name, indexes1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean execute(String name, String[] names1) throws SQLException {
        try {
            return delegate.execute(name, names1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean execute(String name, int i1) throws SQLException {
        try {
            return delegate.execute(name, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        try {
            return delegate.executeBatch();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        try {
            return delegate.executeLargeBatch();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public long executeLargeUpdate(String name) throws SQLException {
        try {
            return delegate.executeLargeUpdate(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public long executeLargeUpdate(String name, int[] indexes1) throws SQLException {
        try {
            return delegate.executeLargeUpdate(name, indexes1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public long executeLargeUpdate(String name, String[] names1) throws SQLException {
        try {
            return delegate.executeLargeUpdate(name, names1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public long executeLargeUpdate(String name, int i1) throws SQLException {
        try {
            return delegate.executeLargeUpdate(name, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet executeQuery(String name) throws SQLException {
        try {
            return delegate.executeQuery(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int executeUpdate(String name) throws SQLException {
        try {
            return delegate.executeUpdate(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int executeUpdate(String name, int[] indexes1) throws SQLException {
        try {
            return delegate.executeUpdate(name, indexes1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int executeUpdate(String name, String[] names1) throws SQLException {
        try {
            return delegate.executeUpdate(name, names1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int executeUpdate(String name, int i1) throws SQLException {
        try {
            return delegate.executeUpdate(name, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        try {
            return delegate.getFetchDirection();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        try {
            return delegate.getFetchSize();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        try {
            return delegate.getGeneratedKeys();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        try {
            return delegate.getLargeMaxRows();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        try {
            return delegate.getLargeUpdateCount();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        try {
            return delegate.getMaxFieldSize();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        try {
            return delegate.getMaxRows();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try {
            return delegate.getMoreResults();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean getMoreResults(int index) throws SQLException {
        try {
            return delegate.getMoreResults(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        try {
            return delegate.getQueryTimeout();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        try {
            return delegate.getResultSet();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        try {
            return delegate.getResultSetConcurrency();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        try {
            return delegate.getResultSetHoldability();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getResultSetType() throws SQLException {
        try {
            return delegate.getResultSetType();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getUpdateCount() throws SQLException {
        try {
            return delegate.getUpdateCount();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return delegate.getWarnings();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        try {
            return delegate.isCloseOnCompletion();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isPoolable() throws SQLException {
        try {
            return delegate.isPoolable();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean isSimpleIdentifier(String name) throws SQLException {
        try {
            return delegate.isSimpleIdentifier(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        try {
            delegate.setCursorName(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setEscapeProcessing(boolean flag) throws SQLException {
        try {
            delegate.setEscapeProcessing(flag);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setFetchDirection(int index) throws SQLException {
        try {
            delegate.setFetchDirection(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setFetchSize(int index) throws SQLException {
        try {
            delegate.setFetchSize(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setLargeMaxRows(long longValue) throws SQLException {
        try {
            delegate.setLargeMaxRows(longValue);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setMaxFieldSize(int index) throws SQLException {
        try {
            delegate.setMaxFieldSize(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setMaxRows(int index) throws SQLException {
        try {
            delegate.setMaxRows(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setPoolable(boolean flag) throws SQLException {
        try {
            delegate.setPoolable(flag);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setQueryTimeout(int index) throws SQLException {
        try {
            delegate.setQueryTimeout(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }
}
