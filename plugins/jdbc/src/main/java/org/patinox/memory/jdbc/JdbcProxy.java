package org.patinox.memory.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@link CallableStatement}s and the {@link DatabaseMetaData} of a {@link ConnectionHandle},
 * made by {@link Proxy}. No hot path uses them, so one reflective call per method is a better
 * trade than hand-written delegates of their hundreds of methods; {@link StatementHandle} and {@link
 * PreparedStatementHandle}, which are on the hot path, stay written by hand.
 *
 * <p>Every method is passed to the driver's object, and what the driver throws is thrown as it is,
 * same type and SQLState, after an {@link SQLException} is reported to the connection handle so
 * that a lost connection is not returned to the pool. The proxy itself answers:
 * <ul>
 *   <li>{@code getConnection()} with the connection handle, never the pooled driver connection
 *       (a closed callable statement refuses it, SQLState {@code HY010});
 *   <li>{@code unwrap} and {@code isWrapperFor} with itself for any interface it implements,
 *       else as the driver's object does; {@code null} is no interface: {@code unwrap} throws an
 *       {@link SQLException} and {@code isWrapperFor} answers {@code false};
 *   <li>{@code equals} and {@code hashCode} by identity, and {@code toString};
 *   <li>for a callable statement, {@code close()}: the driver's statement is closed once and the
 *       statement leaves the handle's list of open statements (the handle closes it when the
 *       connection goes back to the pool, after which the driver's statement refuses every call);
 *   <li>for the metadata, every method that may throw an {@link SQLException} throws one
 *       (SQLState {@code 08003}) once the connection handle is closed, since the driver's
 *       connection behind it is back in the pool, perhaps lent to another holder;
 *   <li>every result set the driver's object answers, as a {@link ResultSetHandle}: one of a
 *       callable statement answers the statement for {@code getStatement()} and is closed with it
 *       (asking again for the driver's same result set answers the same handle); one of the
 *       metadata answers {@code null} when the driver's does, else a statement handle of the
 *       driver's statement behind it, and is closed with the connection handle. A result set answered by {@code getObject(.., Class)}
 *       is wrapped only when the class asked for allows it;
 *   <li>every {@link java.sql.Array} the driver's object answers, as an {@link ArrayHandle}, whose
 *       result sets are wrapped as the metadata's are; one given to it is passed as the driver's.
 * </ul>
 */
final class JdbcProxy implements InvocationHandler {

    private static final Class<?>[] CALLABLE_STATEMENT = {CallableStatement.class};
    private static final Class<?>[] META_DATA = {DatabaseMetaData.class};

    private final Object delegate;
    private final ConnectionHandle owner;
    /** Whether this is a callable statement's; else the metadata's. */
    private final boolean statement;
    /** Whether the callable statement was closed; used by its one thread, as the statement is. */
    private boolean closed;
    /** The callable statement's last result set handed out; used by its one thread. */
    private ResultSetHandle last;

    private JdbcProxy(Object delegate, ConnectionHandle owner, boolean statement) {
        this.delegate = delegate;
        this.owner = owner;
        this.statement = statement;
    }

    /**
     * @param delegate the driver's statement
     * @param owner the connection handle that opened it
     * @return a callable statement that delegates to the driver's
     */
    static CallableStatement callableStatement(CallableStatement delegate, ConnectionHandle owner) {
        return (CallableStatement) Proxy.newProxyInstance(JdbcProxy.class.getClassLoader(), CALLABLE_STATEMENT,
                new JdbcProxy(delegate, owner, true));
    }

    /**
     * @param delegate the driver's metadata
     * @param owner the connection handle it was asked of
     * @return metadata that delegates to the driver's
     */
    static DatabaseMetaData metaData(DatabaseMetaData delegate, ConnectionHandle owner) {
        return (DatabaseMetaData) Proxy.newProxyInstance(JdbcProxy.class.getClassLoader(), META_DATA,
                new JdbcProxy(delegate, owner, false));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        int arity = method.getParameterCount();
        switch (method.getName()) {
            case "equals" -> {
                if (arity == 1 && method.getDeclaringClass() == Object.class) {
                    return proxy == args[0];
                }
            }
            case "hashCode" -> {
                if (arity == 0) {
                    return System.identityHashCode(proxy);
                }
            }
            case "toString" -> {
                if (arity == 0) {
                    // The driver's metadata may quote its URL, and so a password: only its class is named.
                    return statement ? "PooledCallableStatement[" + delegate + "]"
                            : "PooledDatabaseMetaData[" + delegate.getClass().getName() + "]";
                }
            }
            case "getConnection" -> {
                if (arity == 0) {
                    if (closed) {
                        throw new SQLException("Statement is closed", "HY010");
                    }
                    return owner;
                }
            }
            case "unwrap" -> {
                if (arity == 1 && args[0] == null) {
                    throw PooledDataSource.unwrapNull();
                }
                if (arity == 1 && ((Class<?>) args[0]).isInstance(proxy)) {
                    return proxy;
                }
            }
            case "isWrapperFor" -> {
                if (arity == 1 && (args[0] == null || ((Class<?>) args[0]).isInstance(proxy))) {
                    return args[0] != null;
                }
            }
            case "close" -> {
                if (arity == 0 && statement) {
                    close(proxy, method);
                    return null;
                }
            }
            default -> {
                // everything else goes to the driver
            }
        }
        if (!statement && owner.driverConnection() == null && throwsSql(method)) {
            owner.checkOpen();
        }
        if (args != null) {
            for (int i = 0; i < args.length; i++) {
                args[i] = ArrayHandle.unwrap(args[i]); // the driver looks for its own arrays
            }
        }
        Object result = call(method, args);
        if (result instanceof java.sql.Array array) {
            return wrap(array, args);
        }
        return result instanceof ResultSet rs ? wrap(proxy, rs, args) : result;
    }

    /**
     * @return the driver's array as an {@link ArrayHandle}, whose result sets do not lead to the
     *     driver's connection either; as it is when the caller asked for a class the handle is not
     */
    private Object wrap(java.sql.Array array, Object[] args) {
        if (args != null && args.length == 2 && args[1] instanceof Class<?> type
                && !type.isAssignableFrom(ArrayHandle.class)) {
            return array;
        }
        return ArrayHandle.of(array, owner);
    }

    /**
     * @return the driver's result set wrapped, so that it does not lead to the driver's statement
     *     and connection; as it is when the caller asked for a class the wrapper is not
     */
    private Object wrap(Object proxy, ResultSet rs, Object[] args) {
        if (rs instanceof ResultSetHandle) {
            return rs;
        }
        if (args != null && args.length == 2 && args[1] instanceof Class<?> type
                && !type.isAssignableFrom(ResultSetHandle.class)) {
            return rs; // getObject(column, SomeDriverType.class): the caller casts to that type
        }
        if (!statement) {
            return ResultSetHandle.ofMetaData(rs, owner);
        }
        ResultSetHandle h = last;
        if (h == null || h.delegate != rs) {
            h = ResultSetHandle.ofStatement(rs, (Statement) proxy, owner);
            last = h;
        }
        return h;
    }

    /** Closes the driver's statement, once, and leaves the handle's list. */
    private void close(Object proxy, Method close) throws Throwable {
        if (closed) {
            return;
        }
        closed = true;
        try {
            call(close, null);
        } finally {
            owner.forget((CallableStatement) proxy);
        }
    }

    /** Calls the driver's method, throwing what it throws; an SQLException is reported first. */
    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw owner.failed(sql);
            }
            throw cause;
        }
    }

    private static boolean throwsSql(Method method) {
        for (Class<?> type : method.getExceptionTypes()) {
            if (type.isAssignableFrom(SQLException.class)) {
                return true;
            }
        }
        return false;
    }
}
