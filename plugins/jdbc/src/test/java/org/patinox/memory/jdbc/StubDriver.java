package org.patinox.memory.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JDBC driver for URLs {@code jdbc:patinox-stub:NAME;...} that does what the test registered
 * under {@code NAME}: fail in any way (a {@code RuntimeException}, an {@code Error}, a checked
 * exception thrown sneakily), or hand out a connection stub whose methods fail. Registered with
 * {@link DriverManager} once per JVM.
 */
final class StubDriver implements Driver {

    static final String PREFIX = "jdbc:patinox-stub:";

    /** What {@link #connect} does for a URL: returns a connection or throws anything. */
    @FunctionalInterface
    interface Behaviour {
        Connection connect(String url, Properties info) throws Throwable;
    }

    /** What one method of a connection stub does: returns a value or throws anything. */
    @FunctionalInterface
    interface Method {
        Object call(Object[] args) throws Throwable;
    }

    private static final Map<String, Behaviour> BEHAVIOURS = new ConcurrentHashMap<>();
    /** Behaviours for URLs of another database's form, by their prefix: no such driver is on the class path. */
    private static final Map<String, Behaviour> FOREIGN = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(new StubDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StubDriver() {
    }

    /**
     * @param name the name in the URL, which {@link #acceptsURL} refuses to check with an
     *     exception quoting the URL when it starts with {@code unchecked}
     * @param behaviour what {@code connect} does
     * @return the URL prefix {@code jdbc:patinox-stub:NAME}, to which the test appends its parameters
     */
    static String register(String name, Behaviour behaviour) {
        BEHAVIOURS.put(name, behaviour);
        return PREFIX + name;
    }

    /**
     * @param urlPrefix the start of URLs of a database whose driver is not on the class path, such
     *     as {@code jdbc:oracle:thin:}
     * @param behaviour what {@code connect} does for them
     */
    static void registerForeign(String urlPrefix, Behaviour behaviour) {
        FOREIGN.put(urlPrefix, behaviour);
    }

    private static Behaviour foreign(String url) {
        for (var e : FOREIGN.entrySet()) {
            if (url != null && url.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * @param methods what each method, by name, does; any other returns a default (false, 0, null)
     * @return a connection stub
     */
    static Connection connection(Map<String, Method> methods) {
        return stub(Connection.class, methods);
    }

    /**
     * @param type the JDBC interface to stub
     * @param methods what each method, by name, does; any other returns a default (false, 0, null),
     *     and a connection's {@code getAutoCommit}, {@code isValid} and {@code
     *     getTransactionIsolation} answer {@code true}, {@code true} and read-committed
     * @return a stub of the interface
     */
    static <T> T stub(Class<T> type, Map<String, Method> methods) {
        return type.cast(Proxy.newProxyInstance(StubDriver.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Method m = methods.get(method.getName());
                    if (m != null) {
                        return m.call(args);
                    }
                    return switch (method.getName()) {
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "Stub" + type.getSimpleName();
                        case "getAutoCommit", "isValid" -> true;
                        case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
                        default -> method.getReturnType() == boolean.class ? Boolean.FALSE
                                : method.getReturnType() == int.class ? Integer.valueOf(0) : null;
                    };
                }));
    }

    /** Throws any throwable, a checked one included, from a method that declares none. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** @return the name: the letters, digits, {@code -} and {@code _} after the prefix, so that any text may follow */
    private static String name(String url) {
        String rest = url.substring(PREFIX.length());
        int end = 0;
        while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '-'
                || rest.charAt(end) == '_')) {
            end++;
        }
        return rest.substring(0, end);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Behaviour b = url.startsWith(PREFIX) ? BEHAVIOURS.get(name(url)) : foreign(url);
        if (b == null) {
            throw new SQLException("no stub behaviour named " + name(url));
        }
        try {
            return b.connect(url, info);
        } catch (Throwable t) {
            throw StubDriver.<RuntimeException>sneaky(t);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        if (foreign(url) != null) {
            return true;
        }
        if (url == null || !url.startsWith(PREFIX)) {
            return false;
        }
        if (name(url).startsWith("unchecked")) {
            throw new IllegalArgumentException("the stub cannot check " + url);
        }
        return true;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no logger");
    }
}
