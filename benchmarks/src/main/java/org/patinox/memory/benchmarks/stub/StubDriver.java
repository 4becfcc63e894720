package org.patinox.memory.benchmarks.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A {@link Driver} for URLs that start with {@value #URL_PREFIX}, whose connections do no I/O and
 * keep their settings in fields: what a pool costs is then all that a benchmark of
 * {@code getConnection(); close()} measures. Registered with {@link DriverManager} when the class is
 * loaded and through {@code META-INF/services/java.sql.Driver}, so that every pool finds it by URL.
 */
public final class StubDriver implements Driver {

    /** The prefix of the URLs this driver accepts, such as {@code jdbc:stub:bench}. */
    public static final String URL_PREFIX = "jdbc:stub:";

    // Counted so that a benchmark can check that pools were filled before measuring, and that the
    // measured cycle opened no connection.
    private static final AtomicLong OPENED = new AtomicLong();

    static {
        try {
            DriverManager.registerDriver(new StubDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Public and without arguments, as {@link java.util.ServiceLoader} requires. */
    public StubDriver() {
    }

    /** @return the connections all stub drivers have opened since the class was loaded */
    public static long opened() {
        return OPENED.get();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        // JDBC asks a driver to answer null, not to throw, for a URL meant for another driver.
        if (!acceptsURL(url)) {
            return null;
        }
        OPENED.incrementAndGet();
        return new StubConnection();
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw new SQLException("url is null");
        }
        return url.startsWith(URL_PREFIX);
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

    /** @return false: the stub passes no SQL conformance test, having no SQL at all */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the stub driver does not log");
    }
}
