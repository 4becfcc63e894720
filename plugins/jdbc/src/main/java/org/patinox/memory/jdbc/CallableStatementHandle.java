package org.patinox.memory.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/** A {@link CallableStatement} opened through a {@link ConnectionHandle}; see {@link AbstractStatementHandle}. */
final class CallableStatementHandle extends AbstractPreparedStatementHandle<CallableStatement> implements CallableStatement {

    CallableStatementHandle(CallableStatement delegate, ConnectionHandle owner) {
        super(delegate, owner);
    }

    @Override
    public String toString() {
        return "PooledCallableStatement[" + delegate + "]";
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
    public void setBigDecimal(String name, BigDecimal bigDecimal1) throws SQLException {
        try {
            delegate.setBigDecimal(name, bigDecimal1);
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
    public void setBoolean(String name, boolean flag1) throws SQLException {
        try {
            delegate.setBoolean(name, flag1);
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
    public void setBytes(String name, byte[] bytes1) throws SQLException {
        try {
            delegate.setBytes(name, bytes1);
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
    public void setDouble(String name, double value1) throws SQLException {
        try {
            delegate.setDouble(name, value1);
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
    public void setInt(String name, int i1) throws SQLException {
        try {
            delegate.setInt(name, i1);
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
    public void setNString(String name, String s1) throws SQLException {
        try {
            delegate.setNString(name, s1);
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
    public void setRowId(String name, RowId rowId1) throws SQLException {
        try {
            delegate.setRowId(name, rowId1);
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
    public void setShort(String name, short value1) throws SQLException {
        try {
            delegate.setShort(name, value1);
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
    public void setURL(String name, URL uRL1) throws SQLException {
        try {
            delegate.setURL(name, uRL1);
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
