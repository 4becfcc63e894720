package org.patinox.memory.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
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
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A {@link PreparedStatement} opened through a {@link ConnectionHandle}; see {@link
 * AbstractStatementHandle}. Written by hand, as executing statements is a hot path.
 */
final class PreparedStatementHandle extends AbstractStatementHandle<PreparedStatement> implements PreparedStatement {

    PreparedStatementHandle(PreparedStatement delegate, ConnectionHandle owner) {
        super(delegate, owner);
    }

    @Override
    public String toString() {
        return "PooledPreparedStatement[" + delegate + "]";
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
    public void clearParameters() throws SQLException {
        try {
            delegate.clearParameters();
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
    public long executeLargeUpdate() throws SQLException {
        try {
            return delegate.executeLargeUpdate();
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
    public int executeUpdate() throws SQLException {
        try {
            return delegate.executeUpdate();
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
    public ParameterMetaData getParameterMetaData() throws SQLException {
        try {
            return delegate.getParameterMetaData();
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
    public void setBigDecimal(int index, BigDecimal bigDecimal1) throws SQLException {
        try {
            delegate.setBigDecimal(index, bigDecimal1);
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
    public void setBoolean(int index, boolean flag1) throws SQLException {
        try {
            delegate.setBoolean(index, flag1);
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
    public void setBytes(int index, byte[] bytes1) throws SQLException {
        try {
            delegate.setBytes(index, bytes1);
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
    public void setDouble(int index, double value1) throws SQLException {
        try {
            delegate.setDouble(index, value1);
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
    public void setInt(int index, int i1) throws SQLException {
        try {
            delegate.setInt(index, i1);
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
    public void setNString(int index, String s1) throws SQLException {
        try {
            delegate.setNString(index, s1);
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
    public void setSQLXML(int index, SQLXML sQLXML1) throws SQLException {
        try {
            delegate.setSQLXML(index, sQLXML1);
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
    public void setString(int index, String s1) throws SQLException {
        try {
            delegate.setString(index, s1);
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
    public void setURL(int index, URL uRL1) throws SQLException {
        try {
            delegate.setURL(index, uRL1);
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
}
