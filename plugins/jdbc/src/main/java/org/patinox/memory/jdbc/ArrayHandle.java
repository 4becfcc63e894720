package org.patinox.memory.jdbc;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * A {@link java.sql.Array} handed out through a {@link ConnectionHandle}: by a result set ({@code
 * getArray}, {@code getObject}), a callable statement, or {@code createArrayOf}. It delegates to the
 * driver's array, and answers each {@code getResultSet} as a {@link ResultSetHandle} of the
 * connection handle's, as the metadata's result sets are: its {@code getStatement()} never leads to
 * the driver's statement and connection, which go on to the next holder once the handle is closed,
 * and it is closed with the connection handle.
 * <ul>
 *   <li>Once the connection handle is closed, every method but {@code free} throws an {@link
 *       SQLException} (SQLState {@code 08003}), as the handle's own do: the driver's array may read
 *       through its connection, by then perhaps another holder's.
 *   <li>The driver's failures are thrown as they are, after being reported to the connection
 *       handle so that a lost connection is not returned to the pool.
 *   <li>Given back to the driver ({@code setArray}, {@code setObject}, {@code updateArray}, {@code
 *       updateObject} of the handles), the driver's own array is passed, since drivers look for
 *       their own class there.
 *   <li>{@code toString} is the driver array's (a driver may read the array's literal from it);
 *       {@code equals} and {@code hashCode} are by identity.
 * </ul>
 * Used by one thread at a time, as the result set or statement that made it.
 */
final class ArrayHandle implements Array {

    final Array delegate;
    private final ConnectionHandle owner;

    private ArrayHandle(Array delegate, ConnectionHandle owner) {
        this.delegate = delegate;
        this.owner = owner;
    }

    /**
     * @param delegate the driver's array, or {@code null}
     * @param owner the connection handle it came through
     * @return the array to hand out, or {@code null} for none
     */
    static Array of(Array delegate, ConnectionHandle owner) {
        return delegate == null || delegate instanceof ArrayHandle ? delegate : new ArrayHandle(delegate, owner);
    }

    /** @return the driver's array behind a handle; any other value as it is */
    static Array unwrap(Array value) {
        return value instanceof ArrayHandle h ? h.delegate : value;
    }

    /** @return the driver's array behind a handle; any other value as it is */
    static Object unwrap(Object value) {
        return value instanceof ArrayHandle h ? h.delegate : value;
    }

    private ResultSet wrap(ResultSet rs) {
        return ResultSetHandle.ofMetaData(rs, owner);
    }

    @Override
    public String getBaseTypeName() throws SQLException {
        owner.checkOpen();
        try {
            return delegate.getBaseTypeName();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public int getBaseType() throws SQLException {
        owner.checkOpen();
        try {
            return delegate.getBaseType();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Object getArray() throws SQLException {
        owner.checkOpen();
        try {
            return delegate.getArray();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        owner.checkOpen();
        try {
            return delegate.getArray(map);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        owner.checkOpen();
        try {
            return delegate.getArray(index, count);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        owner.checkOpen();
        try {
            return delegate.getArray(index, count, map);
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        owner.checkOpen();
        try {
            return wrap(delegate.getResultSet());
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        owner.checkOpen();
        try {
            return wrap(delegate.getResultSet(map));
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        owner.checkOpen();
        try {
            return wrap(delegate.getResultSet(index, count));
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        owner.checkOpen();
        try {
            return wrap(delegate.getResultSet(index, count, map));
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public void free() throws SQLException {
        try {
            delegate.free();
        } catch (SQLException e) {
            throw owner.failed(e);
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
