package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.patinox.memory.pool.PoolConfig;

/**
 * A holder's {@link Connection#setNetworkTimeout} is put back to the value the connection had at
 * creation when the connection returns to the pool, as the other session settings are. H2 ignores
 * network timeouts, so the driver here wraps H2 connections and remembers the timeout, as
 * PostgreSQL's and MySQL's drivers do.
 */
final class NetworkTimeoutResetTest {

    private static final int AT_CREATION = 30_000;
    private static final Executor DIRECT = Runnable::run;

    /** How many times the wrapped connections were asked to set a network timeout. */
    private final AtomicInteger sets = new AtomicInteger();

    /**
     * @param name the stub driver's name for it
     * @param supported whether the connections tell and take a network timeout; else they refuse
     *     both as unsupported
     * @return the URL of a driver whose connections wrap H2's, starting with {@link #AT_CREATION}
     */
    private String driver(String name, boolean supported) {
        String h2 = Fixture.h2Url();
        return StubDriver.register(name, (url, info) -> {
            Connection real = DriverManager.getConnection(h2);
            int[] timeout = {AT_CREATION};
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "setNetworkTimeout" -> {
                            if (!supported) {
                                throw new SQLFeatureNotSupportedException("no network timeout");
                            }
                            sets.incrementAndGet();
                            timeout[0] = (Integer) args[1];
                            yield null;
                        }
                        case "getNetworkTimeout" -> {
                            if (!supported) {
                                throw new SQLFeatureNotSupportedException("no network timeout");
                            }
                            yield timeout[0];
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "toString" -> "timeout-keeping " + real;
                        default -> {
                            try {
                                yield method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    });
        });
    }

    @Test
    void the_next_holder_gets_the_network_timeout_the_connection_had_at_creation() throws SQLException {
        try (PooledDataSource db = Fixture.open(driver("network-timeout", true), new Properties(),
                PoolConfig.builder().maxSize(1).acquireTimeout(Duration.ofSeconds(10)).build())) {
            try (Connection first = db.getConnection()) {
                assertEquals(AT_CREATION, first.getNetworkTimeout());
                first.setNetworkTimeout(DIRECT, 1);
                assertEquals(1, first.getNetworkTimeout());
            }
            try (Connection second = db.getConnection()) {
                assertEquals(AT_CREATION, second.getNetworkTimeout(), "reset, not inherited from the previous holder");
                assertEquals(2, sets.get(), "the holder's and the reset");
            }
            try (Connection third = db.getConnection()) {
                assertEquals(AT_CREATION, third.getNetworkTimeout());
            }
            assertEquals(2, sets.get(), "untouched: not set again");
        }
    }

    @Test
    void an_unreported_connection_has_its_network_timeout_compared_and_reset() throws SQLException {
        JdbcConnectionManager manager = PooledDataSource.manager(driver("network-timeout-unreported", true),
                new Properties(), Duration.ofSeconds(5));
        Connection c = manager.create().toCompletableFuture().join();
        try {
            assertFalse(manager.recycle(c).toCompletableFuture().isCompletedExceptionally());
            assertEquals(0, sets.get(), "unchanged: compared, not set");
            c.setNetworkTimeout(DIRECT, 5);
            assertFalse(manager.recycle(c).toCompletableFuture().isCompletedExceptionally());
            assertEquals(AT_CREATION, c.getNetworkTimeout());
        } finally {
            manager.destroy(c).toCompletableFuture().join();
        }
    }

    @Test
    void a_driver_without_network_timeouts_still_gives_connections_that_recycle() throws SQLException {
        try (PooledDataSource db = Fixture.open(driver("network-timeout-unsupported", false), new Properties(),
                PoolConfig.builder().maxSize(1).acquireTimeout(Duration.ofSeconds(10)).build())) {
            long destroyed = db.stats().destroyed();
            for (int i = 0; i < 2; i++) {
                try (Connection c = db.getConnection()) {
                    c.setAutoCommit(false);
                }
            }
            assertEquals(destroyed, db.stats().destroyed(), "recycling never asked for the timeout it cannot tell");
            assertEquals(0, sets.get());
        }
    }
}
