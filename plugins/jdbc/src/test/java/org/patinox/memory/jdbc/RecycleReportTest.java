package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.ConnectionManager;

/**
 * How {@link JdbcConnectionManager} knows what to reset without a record per connection: one
 * baseline shared by the connections created alike, and the report a {@link ConnectionHandle}
 * hands to recycle while it returns its connection.
 */
final class RecycleReportTest {

    private String url;
    private JdbcConnectionManager manager;
    private final List<Connection> opened = new ArrayList<>();

    @BeforeEach
    void open() throws SQLException {
        url = Fixture.h2Url();
        manager = PooledDataSource.manager(url, new Properties(), Duration.ofSeconds(5));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("create schema other");
        }
    }

    @AfterEach
    void close() throws SQLException {
        for (Connection c : opened) {
            c.close();
        }
    }

    private Connection create() {
        Connection c = manager.create().toCompletableFuture().join();
        opened.add(c);
        return c;
    }

    /** @return a connection of the manager's whose settings at creation differ from the others' */
    private Connection createOdd() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        opened.add(c);
        c.setSchema("OTHER");
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        manager.adopt(c);
        return c;
    }

    private static boolean failed(CompletionStage<?> stage) {
        return stage.toCompletableFuture().isCompletedExceptionally();
    }

    @Test
    void connections_created_alike_share_one_baseline_and_one_created_otherwise_keeps_its_own() throws SQLException {
        Connection first = create();
        Connection odd = createOdd();
        Connection alike = create();
        assertSame(manager.baseline(first), manager.baseline(alike));
        assertEquals(1, manager.differingCount());
        assertEquals("OTHER", manager.baseline(odd).schema());

        for (Connection c : List.of(first, odd, alike)) {
            c.setSchema(c == odd ? "PUBLIC" : "OTHER");
            c.setTransactionIsolation(c == odd ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_SERIALIZABLE);
            c.setAutoCommit(false);
            assertFalse(failed(manager.recycle(c)));
        }
        assertEquals("OTHER", odd.getSchema(), "reset to its own baseline, not the shared one");
        assertEquals(Connection.TRANSACTION_SERIALIZABLE, odd.getTransactionIsolation());
        for (Connection c : List.of(first, odd, alike)) {
            assertTrue(c.getAutoCommit());
        }
        for (Connection c : List.of(first, alike)) {
            assertEquals("PUBLIC", c.getSchema());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
        }

        manager.destroy(odd).toCompletableFuture().join();
        assertEquals(0, manager.differingCount());
        assertTrue(failed(manager.recycle(odd)), "a destroyed connection is no longer the manager's");
        assertFalse(failed(manager.recycle(first)));
    }

    @Test
    void a_connection_created_otherwise_is_reset_to_its_own_baseline_through_the_data_source() throws SQLException {
        // Its second connection is created with other settings than its first.
        ConnectionManager<Connection> oddSecond = new ConnectionManager<>() {
            private int created;

            @Override
            public CompletionStage<Connection> create() {
                if (++created == 2) {
                    try {
                        return java.util.concurrent.CompletableFuture.completedFuture(createOdd());
                    } catch (SQLException e) {
                        return java.util.concurrent.CompletableFuture.failedFuture(e);
                    }
                }
                return manager.create();
            }

            @Override
            public CompletionStage<Boolean> validate(Connection c) {
                return manager.validate(c);
            }

            @Override
            public CompletionStage<Void> recycle(Connection c) {
                return manager.recycle(c);
            }

            @Override
            public CompletionStage<Void> destroy(Connection c) {
                return manager.destroy(c);
            }
        };
        try (PooledDataSource db = PooledDataSource.wrap(Fixture.memory().pool(oddSecond,
                PoolConfig.builder().maxSize(2).acquireTimeout(Duration.ofSeconds(10)).build()))) {
            Connection one = db.getConnection();
            Connection two = db.getConnection();
            Connection odd = "OTHER".equals(one.getSchema()) ? one : two;
            Connection usual = odd == one ? two : one;
            Connection oddRaw = ((ConnectionHandle) odd).driverConnection();
            Connection usualRaw = ((ConnectionHandle) usual).driverConnection();
            assertEquals("OTHER", odd.getSchema());
            assertEquals("PUBLIC", usual.getSchema());
            odd.setSchema("PUBLIC");
            usual.setSchema("OTHER");
            odd.close();
            usual.close();
            assertEquals("OTHER", oddRaw.getSchema());
            assertEquals("PUBLIC", usualRaw.getSchema());
        }
    }

    @Test
    void the_report_of_a_handle_reaches_recycle_which_resets_only_what_it_names() throws SQLException {
        try (PooledDataSource db = PooledDataSource.wrap(Fixture.memory().pool(manager,
                PoolConfig.builder().maxSize(1).acquireTimeout(Duration.ofSeconds(10)).build()))) {
            Connection raw;
            try (Connection c = db.getConnection()) {
                raw = ((ConnectionHandle) c).driverConnection();
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                // Behind the handle's back, so missing from its report: recycle trusts the report.
                raw.setSchema("OTHER");
            }
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, raw.getTransactionIsolation());
            assertEquals("OTHER", raw.getSchema(), "the report named the isolation only");
            raw.setSchema("PUBLIC");
        }
    }

    @Test
    void a_report_is_taken_once_and_by_its_own_connection_only() throws SQLException {
        Connection mine = create();
        Connection other = create();
        List<Boolean> recycled = new ArrayList<>();
        PooledConnection<Connection> pooled = new PooledConnection<>() {
            @Override
            public Connection get() {
                return mine;
            }

            @Override
            public void invalidate() {
                throw new AssertionError("the connection is not broken");
            }

            @Override
            public void close() {
                // As if the pool, while taking the connection back, ran a waiter on this thread
                // that returns connections it used directly: those come back unreported.
                recycled.add(failed(manager.recycle(mine)));
                recycled.add(failed(manager.recycle(other)));
                recycled.add(failed(manager.recycle(mine)));
            }
        };
        ConnectionHandle handle = new ConnectionHandle(pooled, "test");
        mine.setSchema("OTHER"); // not through the handle, which reports touching nothing
        other.setSchema("OTHER");
        handle.close();
        assertEquals(List.of(false, false, false), recycled);
        assertEquals("PUBLIC", other.getSchema(), "unreported: compared and reset");
        assertEquals("PUBLIC", mine.getSchema(), "its second recycle was unreported: compared and reset");
        assertSame(null, JdbcConnectionManager.RETURNING.get(), "the handle is cleared once returned");
    }

    @Test
    void a_connection_returned_without_a_handle_has_every_setting_compared() throws SQLException {
        Connection c = create();
        c.setSchema("OTHER");
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        c.setAutoCommit(false);
        assertFalse(failed(manager.recycle(c)));
        assertEquals("PUBLIC", c.getSchema());
        assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
        assertTrue(c.getAutoCommit());
    }

    @Test
    void the_set_of_a_managers_connections_finds_each_by_identity_through_growth_and_removal() {
        ConnectionSet set = new ConnectionSet();
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Connection c = fake();
            all.add(c);
            assertFalse(set.contains(c));
            set.add(c);
        }
        assertEquals(200, set.size());
        for (Connection c : all) {
            assertTrue(set.contains(c));
        }
        for (int i = 0; i < 200; i += 2) {
            assertTrue(set.remove(all.get(i)));
            assertFalse(set.remove(all.get(i)));
        }
        assertEquals(100, set.size());
        for (int i = 0; i < 200; i++) {
            assertEquals(i % 2 == 1, set.contains(all.get(i)));
        }
        assertFalse(set.contains(fake()));
        assertNotEquals(all.get(0), all.get(1));
    }

    private static Connection fake() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> 1; // all alike: the set must use identity, never hashCode
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
