package org.patinox.memory.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A {@link CallableStatement} opened through a {@link ConnectionHandle}: it delegates to the driver's
 * statement, answers {@link #getConnection()} with the handle (never the pooled driver connection),
 * leaves the handle's list of open statements when closed, and reports the driver's failures to the
 * handle so that a lost connection is not returned to the pool. The handle closes it when the
 * connection goes back to the pool; after that the driver's statement refuses every call.
 */
final class CallableStatementHandle implements CallableStatement {

    private final CallableStatement delegate;
    private final ConnectionHandle owner;
    private boolean closed;

    CallableStatementHandle(CallableStatement delegate, ConnectionHandle owner) {
        this.delegate = delegate;
        this.owner = owner;
    }

    private SQLException failed(SQLException e) {
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
    public String toString() {
        return "PooledCallableStatement[" + delegate + "]";
    }

    @Override
    public void addBatch() throws SQLException {
        try {
            delegate.addBatch();
        } catch (SQLException e) {
            throw failed(e);
        }
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
    public void clearParameters() throws SQLException {
        try {
            delegate.clearParameters();
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
    public boolean execute() throws SQLException {
        try {
            return delegate.execute();
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
    public long executeLargeUpdate() throws SQLException {
        try {
            return delegate.executeLargeUpdate();
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
    public ResultSet executeQuery() throws SQLException {
        try {
            return delegate.executeQuery();
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
    public int executeUpdate() throws SQLException {
        try {
            return delegate.executeUpdate();
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
    public Array getArray(int index) throws SQLException {
        try {
            return delegate.getArray(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Array getArray(String name) throws SQLException {
        try {
            return delegate.getArray(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(int index) throws SQLException {
        try {
            return delegate.getBigDecimal(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(int index, int i1) throws SQLException {
        try {
            return delegate.getBigDecimal(index, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(String name) throws SQLException {
        try {
            return delegate.getBigDecimal(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Blob getBlob(int index) throws SQLException {
        try {
            return delegate.getBlob(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Blob getBlob(String name) throws SQLException {
        try {
            return delegate.getBlob(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean getBoolean(int index) throws SQLException {
        try {
            return delegate.getBoolean(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean getBoolean(String name) throws SQLException {
        try {
            return delegate.getBoolean(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public byte getByte(int index) throws SQLException {
        try {
            return delegate.getByte(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public byte getByte(String name) throws SQLException {
        try {
            return delegate.getByte(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public byte[] getBytes(int index) throws SQLException {
        try {
            return delegate.getBytes(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public byte[] getBytes(String name) throws SQLException {
        try {
            return delegate.getBytes(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Reader getCharacterStream(int index) throws SQLException {
        try {
            return delegate.getCharacterStream(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Reader getCharacterStream(String name) throws SQLException {
        try {
            return delegate.getCharacterStream(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Clob getClob(int index) throws SQLException {
        try {
            return delegate.getClob(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Clob getClob(String name) throws SQLException {
        try {
            return delegate.getClob(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Date getDate(int index) throws SQLException {
        try {
            return delegate.getDate(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Date getDate(int index, Calendar calendar1) throws SQLException {
        try {
            return delegate.getDate(index, calendar1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Date getDate(String name) throws SQLException {
        try {
            return delegate.getDate(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Date getDate(String name, Calendar calendar1) throws SQLException {
        try {
            return delegate.getDate(name, calendar1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public double getDouble(int index) throws SQLException {
        try {
            return delegate.getDouble(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public double getDouble(String name) throws SQLException {
        try {
            return delegate.getDouble(name);
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
    public float getFloat(int index) throws SQLException {
        try {
            return delegate.getFloat(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public float getFloat(String name) throws SQLException {
        try {
            return delegate.getFloat(name);
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
    public int getInt(int index) throws SQLException {
        try {
            return delegate.getInt(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public int getInt(String name) throws SQLException {
        try {
            return delegate.getInt(name);
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
    public long getLong(int index) throws SQLException {
        try {
            return delegate.getLong(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public long getLong(String name) throws SQLException {
        try {
            return delegate.getLong(name);
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
    public ResultSetMetaData getMetaData() throws SQLException {
        try {
            return delegate.getMetaData();
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
    public Reader getNCharacterStream(int index) throws SQLException {
        try {
            return delegate.getNCharacterStream(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Reader getNCharacterStream(String name) throws SQLException {
        try {
            return delegate.getNCharacterStream(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public NClob getNClob(int index) throws SQLException {
        try {
            return delegate.getNClob(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public NClob getNClob(String name) throws SQLException {
        try {
            return delegate.getNClob(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getNString(int index) throws SQLException {
        try {
            return delegate.getNString(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getNString(String name) throws SQLException {
        try {
            return delegate.getNString(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Object getObject(int index) throws SQLException {
        try {
            return delegate.getObject(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public <T> T getObject(int index, Class<T> type1) throws SQLException {
        try {
            return delegate.getObject(index, type1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Object getObject(int index, Map<String, Class<?>> map1) throws SQLException {
        try {
            return delegate.getObject(index, map1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Object getObject(String name) throws SQLException {
        try {
            return delegate.getObject(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public <T> T getObject(String name, Class<T> type1) throws SQLException {
        try {
            return delegate.getObject(name, type1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Object getObject(String name, Map<String, Class<?>> map1) throws SQLException {
        try {
            return delegate.getObject(name, map1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        try {
            return delegate.getParameterMetaData();
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
    public Ref getRef(int index) throws SQLException {
        try {
            return delegate.getRef(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Ref getRef(String name) throws SQLException {
        try {
            return delegate.getRef(name);
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
    public RowId getRowId(int index) throws SQLException {
        try {
            return delegate.getRowId(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public RowId getRowId(String name) throws SQLException {
        try {
            return delegate.getRowId(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public SQLXML getSQLXML(int index) throws SQLException {
        try {
            return delegate.getSQLXML(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public SQLXML getSQLXML(String name) throws SQLException {
        try {
            return delegate.getSQLXML(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public short getShort(int index) throws SQLException {
        try {
            return delegate.getShort(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public short getShort(String name) throws SQLException {
        try {
            return delegate.getShort(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getString(int index) throws SQLException {
        try {
            return delegate.getString(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public String getString(String name) throws SQLException {
        try {
            return delegate.getString(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Time getTime(int index) throws SQLException {
        try {
            return delegate.getTime(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Time getTime(int index, Calendar calendar1) throws SQLException {
        try {
            return delegate.getTime(index, calendar1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Time getTime(String name) throws SQLException {
        try {
            return delegate.getTime(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Time getTime(String name, Calendar calendar1) throws SQLException {
        try {
            return delegate.getTime(name, calendar1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Timestamp getTimestamp(int index) throws SQLException {
        try {
            return delegate.getTimestamp(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Timestamp getTimestamp(int index, Calendar calendar1) throws SQLException {
        try {
            return delegate.getTimestamp(index, calendar1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Timestamp getTimestamp(String name) throws SQLException {
        try {
            return delegate.getTimestamp(name);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Timestamp getTimestamp(String name, Calendar calendar1) throws SQLException {
        try {
            return delegate.getTimestamp(name, calendar1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public URL getURL(int index) throws SQLException {
        try {
            return delegate.getURL(index);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public URL getURL(String name) throws SQLException {
        try {
            return delegate.getURL(name);
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
    public void registerOutParameter(int index, int i1) throws SQLException {
        try {
            delegate.registerOutParameter(index, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(int index, int i1, int i2) throws SQLException {
        try {
            delegate.registerOutParameter(index, i1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(int index, int i1, String s2) throws SQLException {
        try {
            delegate.registerOutParameter(index, i1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(int index, SQLType sQLType1) throws SQLException {
        try {
            delegate.registerOutParameter(index, sQLType1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(int index, SQLType sQLType1, int i2) throws SQLException {
        try {
            delegate.registerOutParameter(index, sQLType1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(int index, SQLType sQLType1, String s2) throws SQLException {
        try {
            delegate.registerOutParameter(index, sQLType1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(String name, int i1) throws SQLException {
        try {
            delegate.registerOutParameter(name, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(String name, int i1, int i2) throws SQLException {
        try {
            delegate.registerOutParameter(name, i1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(String name, int i1, String s2) throws SQLException {
        try {
            delegate.registerOutParameter(name, i1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(String name, SQLType sQLType1) throws SQLException {
        try {
            delegate.registerOutParameter(name, sQLType1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(String name, SQLType sQLType1, int i2) throws SQLException {
        try {
            delegate.registerOutParameter(name, sQLType1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void registerOutParameter(String name, SQLType sQLType1, String s2) throws SQLException {
        try {
            delegate.registerOutParameter(name, sQLType1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setArray(int index, Array array1) throws SQLException {
        try {
            delegate.setArray(index, array1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setAsciiStream(int index, InputStream inputStream1) throws SQLException {
        try {
            delegate.setAsciiStream(index, inputStream1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setAsciiStream(int index, InputStream inputStream1, int i2) throws SQLException {
        try {
            delegate.setAsciiStream(index, inputStream1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setAsciiStream(int index, InputStream inputStream1, long l2) throws SQLException {
        try {
            delegate.setAsciiStream(index, inputStream1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setAsciiStream(String name, InputStream inputStream1) throws SQLException {
        try {
            delegate.setAsciiStream(name, inputStream1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setAsciiStream(String name, InputStream inputStream1, int i2) throws SQLException {
        try {
            delegate.setAsciiStream(name, inputStream1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setAsciiStream(String name, InputStream inputStream1, long l2) throws SQLException {
        try {
            delegate.setAsciiStream(name, inputStream1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBigDecimal(int index, BigDecimal bigDecimal1) throws SQLException {
        try {
            delegate.setBigDecimal(index, bigDecimal1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBigDecimal(String name, BigDecimal bigDecimal1) throws SQLException {
        try {
            delegate.setBigDecimal(name, bigDecimal1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBinaryStream(int index, InputStream inputStream1) throws SQLException {
        try {
            delegate.setBinaryStream(index, inputStream1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBinaryStream(int index, InputStream inputStream1, int i2) throws SQLException {
        try {
            delegate.setBinaryStream(index, inputStream1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBinaryStream(int index, InputStream inputStream1, long l2) throws SQLException {
        try {
            delegate.setBinaryStream(index, inputStream1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBinaryStream(String name, InputStream inputStream1) throws SQLException {
        try {
            delegate.setBinaryStream(name, inputStream1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBinaryStream(String name, InputStream inputStream1, int i2) throws SQLException {
        try {
            delegate.setBinaryStream(name, inputStream1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBinaryStream(String name, InputStream inputStream1, long l2) throws SQLException {
        try {
            delegate.setBinaryStream(name, inputStream1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBlob(int index, InputStream inputStream1) throws SQLException {
        try {
            delegate.setBlob(index, inputStream1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBlob(int index, InputStream inputStream1, long l2) throws SQLException {
        try {
            delegate.setBlob(index, inputStream1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBlob(int index, Blob blob1) throws SQLException {
        try {
            delegate.setBlob(index, blob1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBlob(String name, InputStream inputStream1) throws SQLException {
        try {
            delegate.setBlob(name, inputStream1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBlob(String name, InputStream inputStream1, long l2) throws SQLException {
        try {
            delegate.setBlob(name, inputStream1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBlob(String name, Blob blob1) throws SQLException {
        try {
            delegate.setBlob(name, blob1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBoolean(int index, boolean flag1) throws SQLException {
        try {
            delegate.setBoolean(index, flag1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBoolean(String name, boolean flag1) throws SQLException {
        try {
            delegate.setBoolean(name, flag1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setByte(int index, byte value1) throws SQLException {
        try {
            delegate.setByte(index, value1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setByte(String name, byte value1) throws SQLException {
        try {
            delegate.setByte(name, value1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBytes(int index, byte[] bytes1) throws SQLException {
        try {
            delegate.setBytes(index, bytes1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setBytes(String name, byte[] bytes1) throws SQLException {
        try {
            delegate.setBytes(name, bytes1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCharacterStream(int index, Reader reader1) throws SQLException {
        try {
            delegate.setCharacterStream(index, reader1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCharacterStream(int index, Reader reader1, int i2) throws SQLException {
        try {
            delegate.setCharacterStream(index, reader1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCharacterStream(int index, Reader reader1, long l2) throws SQLException {
        try {
            delegate.setCharacterStream(index, reader1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCharacterStream(String name, Reader reader1) throws SQLException {
        try {
            delegate.setCharacterStream(name, reader1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCharacterStream(String name, Reader reader1, int i2) throws SQLException {
        try {
            delegate.setCharacterStream(name, reader1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setCharacterStream(String name, Reader reader1, long l2) throws SQLException {
        try {
            delegate.setCharacterStream(name, reader1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setClob(int index, Reader reader1) throws SQLException {
        try {
            delegate.setClob(index, reader1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setClob(int index, Reader reader1, long l2) throws SQLException {
        try {
            delegate.setClob(index, reader1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setClob(int index, Clob clob1) throws SQLException {
        try {
            delegate.setClob(index, clob1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setClob(String name, Reader reader1) throws SQLException {
        try {
            delegate.setClob(name, reader1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setClob(String name, Reader reader1, long l2) throws SQLException {
        try {
            delegate.setClob(name, reader1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setClob(String name, Clob clob1) throws SQLException {
        try {
            delegate.setClob(name, clob1);
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
    public void setDate(int index, Date date1) throws SQLException {
        try {
            delegate.setDate(index, date1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setDate(int index, Date date1, Calendar calendar2) throws SQLException {
        try {
            delegate.setDate(index, date1, calendar2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setDate(String name, Date date1) throws SQLException {
        try {
            delegate.setDate(name, date1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setDate(String name, Date date1, Calendar calendar2) throws SQLException {
        try {
            delegate.setDate(name, date1, calendar2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setDouble(int index, double value1) throws SQLException {
        try {
            delegate.setDouble(index, value1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setDouble(String name, double value1) throws SQLException {
        try {
            delegate.setDouble(name, value1);
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
    public void setFloat(int index, float value1) throws SQLException {
        try {
            delegate.setFloat(index, value1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setFloat(String name, float value1) throws SQLException {
        try {
            delegate.setFloat(name, value1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setInt(int index, int i1) throws SQLException {
        try {
            delegate.setInt(index, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setInt(String name, int i1) throws SQLException {
        try {
            delegate.setInt(name, i1);
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
    public void setLong(int index, long l1) throws SQLException {
        try {
            delegate.setLong(index, l1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setLong(String name, long l1) throws SQLException {
        try {
            delegate.setLong(name, l1);
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
    public void setNCharacterStream(int index, Reader reader1) throws SQLException {
        try {
            delegate.setNCharacterStream(index, reader1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNCharacterStream(int index, Reader reader1, long l2) throws SQLException {
        try {
            delegate.setNCharacterStream(index, reader1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNCharacterStream(String name, Reader reader1) throws SQLException {
        try {
            delegate.setNCharacterStream(name, reader1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNCharacterStream(String name, Reader reader1, long l2) throws SQLException {
        try {
            delegate.setNCharacterStream(name, reader1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNClob(int index, Reader reader1) throws SQLException {
        try {
            delegate.setNClob(index, reader1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNClob(int index, Reader reader1, long l2) throws SQLException {
        try {
            delegate.setNClob(index, reader1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNClob(int index, NClob nClob1) throws SQLException {
        try {
            delegate.setNClob(index, nClob1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNClob(String name, Reader reader1) throws SQLException {
        try {
            delegate.setNClob(name, reader1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNClob(String name, Reader reader1, long l2) throws SQLException {
        try {
            delegate.setNClob(name, reader1, l2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNClob(String name, NClob nClob1) throws SQLException {
        try {
            delegate.setNClob(name, nClob1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNString(int index, String s1) throws SQLException {
        try {
            delegate.setNString(index, s1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNString(String name, String s1) throws SQLException {
        try {
            delegate.setNString(name, s1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNull(int index, int i1) throws SQLException {
        try {
            delegate.setNull(index, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNull(int index, int i1, String s2) throws SQLException {
        try {
            delegate.setNull(index, i1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNull(String name, int i1) throws SQLException {
        try {
            delegate.setNull(name, i1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setNull(String name, int i1, String s2) throws SQLException {
        try {
            delegate.setNull(name, i1, s2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(int index, Object object1) throws SQLException {
        try {
            delegate.setObject(index, object1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(int index, Object object1, int i2) throws SQLException {
        try {
            delegate.setObject(index, object1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(int index, Object object1, int i2, int i3) throws SQLException {
        try {
            delegate.setObject(index, object1, i2, i3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(int index, Object object1, SQLType sQLType2) throws SQLException {
        try {
            delegate.setObject(index, object1, sQLType2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(int index, Object object1, SQLType sQLType2, int i3) throws SQLException {
        try {
            delegate.setObject(index, object1, sQLType2, i3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(String name, Object object1) throws SQLException {
        try {
            delegate.setObject(name, object1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(String name, Object object1, int i2) throws SQLException {
        try {
            delegate.setObject(name, object1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(String name, Object object1, int i2, int i3) throws SQLException {
        try {
            delegate.setObject(name, object1, i2, i3);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(String name, Object object1, SQLType sQLType2) throws SQLException {
        try {
            delegate.setObject(name, object1, sQLType2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setObject(String name, Object object1, SQLType sQLType2, int i3) throws SQLException {
        try {
            delegate.setObject(name, object1, sQLType2, i3);
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

    @Override
    public void setRef(int index, Ref ref1) throws SQLException {
        try {
            delegate.setRef(index, ref1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setRowId(int index, RowId rowId1) throws SQLException {
        try {
            delegate.setRowId(index, rowId1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setRowId(String name, RowId rowId1) throws SQLException {
        try {
            delegate.setRowId(name, rowId1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setSQLXML(int index, SQLXML sQLXML1) throws SQLException {
        try {
            delegate.setSQLXML(index, sQLXML1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setSQLXML(String name, SQLXML sQLXML1) throws SQLException {
        try {
            delegate.setSQLXML(name, sQLXML1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setShort(int index, short value1) throws SQLException {
        try {
            delegate.setShort(index, value1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setShort(String name, short value1) throws SQLException {
        try {
            delegate.setShort(name, value1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setString(int index, String s1) throws SQLException {
        try {
            delegate.setString(index, s1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setString(String name, String s1) throws SQLException {
        try {
            delegate.setString(name, s1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTime(int index, Time time1) throws SQLException {
        try {
            delegate.setTime(index, time1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTime(int index, Time time1, Calendar calendar2) throws SQLException {
        try {
            delegate.setTime(index, time1, calendar2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTime(String name, Time time1) throws SQLException {
        try {
            delegate.setTime(name, time1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTime(String name, Time time1, Calendar calendar2) throws SQLException {
        try {
            delegate.setTime(name, time1, calendar2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTimestamp(int index, Timestamp timestamp1) throws SQLException {
        try {
            delegate.setTimestamp(index, timestamp1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTimestamp(int index, Timestamp timestamp1, Calendar calendar2) throws SQLException {
        try {
            delegate.setTimestamp(index, timestamp1, calendar2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTimestamp(String name, Timestamp timestamp1) throws SQLException {
        try {
            delegate.setTimestamp(name, timestamp1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setTimestamp(String name, Timestamp timestamp1, Calendar calendar2) throws SQLException {
        try {
            delegate.setTimestamp(name, timestamp1, calendar2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setURL(int index, URL uRL1) throws SQLException {
        try {
            delegate.setURL(index, uRL1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public void setURL(String name, URL uRL1) throws SQLException {
        try {
            delegate.setURL(name, uRL1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Deprecated
    @Override
    public void setUnicodeStream(int index, InputStream inputStream1, int i2) throws SQLException {
        try {
            delegate.setUnicodeStream(index, inputStream1, i2);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        try {
            return delegate.wasNull();
        } catch (SQLException e) {
            throw failed(e);
        }
    }
}
