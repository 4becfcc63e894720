package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.patinox.memory.PoolException;
import org.patinox.memory.pool.PoolConfig;

/** {@link PooledDataSource} on an embedded H2 database. */
final class H2DataSourceTest {

    private PooledDataSource db;

    @BeforeEach
    void open() throws SQLException {
        db = Fixture.open(Fixture.h2Url(), new Properties(), PoolConfig.builder().maxSize(4)
                .acquireTimeout(Duration.ofSeconds(10)).build());
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table item (id int primary key, name varchar(50))");
            s.execute("create schema other");
        }
    }

    @AfterEach
    void close() {
        db.close();
        assertEquals(0, db.stats().total(), () -> db.stats().describe());
    }

    @Test
    void many_virtual_threads_share_the_pool_and_every_connection_comes_back() throws Exception {
        AtomicInteger rows = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int id = i;
                done.add(threads.submit(() -> {
                    try (Connection c = db.getConnection();
                         PreparedStatement insert = c.prepareStatement("insert into item values (?, ?)")) {
                        insert.setInt(1, id);
                        insert.setString(2, "item " + id);
                        rows.addAndGet(insert.executeUpdate());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(500, rows.get());
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from item")) {
            assertTrue(r.next());
            assertEquals(500, r.getInt(1));
        }
        assertEquals(0, db.stats().active());
        assertTrue(db.stats().total() <= 4, db.stats()::describe);
    }

    @Test
    void recycling_restores_auto_commit_isolation_read_only_and_schema() throws SQLException {
        Connection raw;
        try (Connection c = db.getConnection()) {
            raw = ((ConnectionHandle) c).driverConnection();
            assertTrue(c.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(true);
            c.setSchema("OTHER");
        }
        try (Connection c = db.getConnection()) {
            assertSame(raw, ((ConnectionHandle) c).driverConnection(), "the pool holds one idle connection, so it comes back");
            assertTrue(c.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertFalse(c.isReadOnly());
            assertEquals("PUBLIC", c.getSchema());
        }
    }

    @Test
    void recycling_restores_the_holdability_a_holder_set_through_its_handle_or_on_the_pooled_connection()
            throws Exception {
        // A holdability reaching the next holder closes its cursors at commit, or keeps them open
        // past it, against what that holder was given.
        Connection raw;
        int atCreation;
        int other;
        try (Connection c = db.getConnection()) {
            raw = ((ConnectionHandle) c).driverConnection();
            atCreation = c.getHoldability();
            other = atCreation == ResultSet.HOLD_CURSORS_OVER_COMMIT
                    ? ResultSet.CLOSE_CURSORS_AT_COMMIT : ResultSet.HOLD_CURSORS_OVER_COMMIT;
            c.setHoldability(other);
            assertEquals(other, c.getHoldability());
        }
        try (Connection c = db.getConnection()) {
            assertSame(raw, ((ConnectionHandle) c).driverConnection(), "the pool holds one idle connection, so it comes back");
            assertEquals(atCreation, c.getHoldability(), "reset, not inherited from the previous holder");
        }
        try (var pooled = db.pool().acquire(Duration.ofSeconds(5))) {
            pooled.get().setHoldability(other); // unreported: compared on return
        }
        try (var pooled = db.pool().acquire(Duration.ofSeconds(5))) {
            assertEquals(atCreation, pooled.get().getHoldability());
        }
    }

    @Test
    void an_open_transaction_is_rolled_back_on_return() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("insert into item values (1, 'uncommitted')");
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from item")) {
            assertTrue(r.next());
            assertEquals(0, r.getInt(1), "the insert was rolled back, not committed by restoring auto-commit");
        }
    }

    @Test
    void recycling_a_connection_used_directly_through_the_pool_compares_every_setting() throws Exception {
        try (var pooled = db.pool().acquire(Duration.ofSeconds(5))) {
            Connection c = pooled.get();
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setSchema("OTHER");
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into public.item values (2, 'uncommitted')");
            }
            c.setReadOnly(true);
        }
        try (var pooled = db.pool().acquire(Duration.ofSeconds(5)); Statement s = pooled.get().createStatement();
             ResultSet r = s.executeQuery("select count(*) from public.item")) {
            Connection c = pooled.get();
            assertTrue(c.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertFalse(c.isReadOnly());
            assertEquals("PUBLIC", c.getSchema());
            assertTrue(r.next());
            assertEquals(0, r.getInt(1));
        }
    }

    @Test
    void a_holder_that_touched_nothing_is_reported_clean_and_one_that_did_is_reported_exactly() throws SQLException {
        ConnectionHandle quiet = (ConnectionHandle) db.getConnection();
        assertEquals(0, quiet.touched());
        quiet.close();
        ConnectionHandle busy = (ConnectionHandle) db.getConnection();
        busy.setReadOnly(true);
        busy.createStatement().close();
        assertEquals(JdbcConnectionManager.READ_ONLY | JdbcConnectionManager.TRANSACTION, busy.touched());
        busy.close();
    }

    @Test
    void statements_still_open_are_closed_when_the_connection_goes_back() throws SQLException {
        Statement statement;
        PreparedStatement prepared;
        CallableStatement callable;
        ResultSet results;
        try (Connection c = db.getConnection()) {
            statement = c.createStatement();
            prepared = c.prepareStatement("select 1");
            callable = c.prepareCall("select 2");
            results = statement.executeQuery("select 3");
            Statement closedEarly = c.createStatement();
            closedEarly.close();
            assertEquals(3, ((ConnectionHandle) c).openStatements());
            assertSame(c, statement.getConnection());
            assertSame(c, prepared.getConnection());
            assertSame(c, callable.getConnection());
            assertSame(c, c.getMetaData().getConnection());
        }
        assertTrue(statement.isClosed());
        assertTrue(prepared.isClosed());
        assertTrue(callable.isClosed());
        assertTrue(results.isClosed());
        assertThrows(SQLException.class, () -> prepared.executeQuery());
    }

    @Test
    void close_is_idempotent_and_use_after_close_throws() throws SQLException {
        Connection c = db.getConnection();
        c.close();
        c.close();
        assertTrue(c.isClosed());
        assertFalse(c.isValid(1));
        assertEquals(0, db.stats().active());
        SQLException e = assertThrows(SQLException.class, c::createStatement);
        assertEquals("08003", e.getSQLState());
        assertThrows(SQLException.class, () -> c.setAutoCommit(false));
        assertThrows(SQLException.class, c::commit);
        assertThrows(SQLException.class, () -> c.setClientInfo("ApplicationName", "x"));
    }

    @Test
    void an_aborted_connection_is_destroyed_not_returned() throws SQLException {
        Connection first = db.getConnection();
        Connection raw = ((ConnectionHandle) first).driverConnection();
        long destroyed = db.stats().destroyed();
        first.abort(Runnable::run);
        assertTrue(first.isClosed());
        first.close();
        Fixture.eventually("the aborted connection is destroyed", () -> db.stats().destroyed() == destroyed + 1);
        Fixture.eventually("the driver's connection is closed", () -> isClosed(raw));
        assertEquals(0, db.stats().active());
        try (Connection next = db.getConnection()) {
            assertFalse(raw == ((ConnectionHandle) next).driverConnection());
        }
    }

    @Test
    void a_connection_failure_reported_by_the_driver_makes_the_connection_be_destroyed() throws SQLException {
        ConnectionHandle c = (ConnectionHandle) db.getConnection();
        Connection raw = c.driverConnection();
        SQLException lost = new SQLException("connection reset", "08006");
        assertSame(lost, c.failed(lost));
        assertTrue(c.isBroken());
        long destroyed = db.stats().destroyed();
        c.close();
        Fixture.eventually("the broken connection is destroyed", () -> db.stats().destroyed() == destroyed + 1);
        Fixture.eventually("the driver's connection is closed", () -> isClosed(raw));
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void only_connection_failures_are_fatal() {
        assertTrue(ConnectionHandle.isFatal(new SQLException("x", "08001")));
        assertTrue(ConnectionHandle.isFatal(new SQLException("x", "57P01")));
        SQLException outer = new SQLException("batch failed", "23505");
        outer.setNextException(new SQLException("io", "08006"));
        assertTrue(ConnectionHandle.isFatal(outer));
        assertTrue(ConnectionHandle.isFatal(new SQLException("wrapped", null, new SQLException("io", "08003"))));
        assertFalse(ConnectionHandle.isFatal(new SQLException("duplicate key", "23505")));
        assertFalse(ConnectionHandle.isFatal(new SQLException("syntax", "42601")));
        assertFalse(ConnectionHandle.isFatal(new SQLException("no state")));
    }

    @Test
    void a_syntax_error_keeps_the_connection() throws SQLException {
        Connection raw;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            raw = ((ConnectionHandle) c).driverConnection();
            SQLException e = assertThrows(SQLException.class, () -> s.execute("selec nonsense"));
            assertFalse(ConnectionHandle.isFatal(e));
            assertFalse(((ConnectionHandle) c).isBroken());
        }
        try (Connection c = db.getConnection()) {
            assertSame(raw, ((ConnectionHandle) c).driverConnection());
        }
    }

    @Test
    void a_timeout_is_a_transient_connection_exception_that_names_the_pool() throws Exception {
        List<Connection> held = new ArrayList<>();
        db.setLoginTimeout(1);
        try {
            for (int i = 0; i < 4; i++) {
                held.add(db.getConnection());
            }
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, db::getConnection);
            assertEquals("08001", e.getSQLState());
            assertInstanceOf(PoolException.class, e.getCause());
            assertEquals(PoolException.Kind.TIMEOUT, ((PoolException) e.getCause()).kind());
            assertTrue(e.getMessage().contains(db.name()), e.getMessage());
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void an_interrupted_wait_is_an_sql_exception_that_keeps_the_interrupt() throws Exception {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(db.getConnection());
        }
        try {
            Thread.currentThread().interrupt();
            SQLException e = assertThrows(SQLException.class, db::getConnection);
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(Thread.interrupted(), "the interrupt flag is kept");
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void a_closed_data_source_refuses_connections() {
        db.close();
        SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, db::getConnection);
        assertEquals("08003", e.getSQLState());
        assertTrue(db.isClosed());
    }

    @Test
    void the_data_source_unwraps_to_itself_and_refuses_other_credentials() throws SQLException {
        assertSame(db, db.unwrap(PooledDataSource.class));
        assertTrue(db.isWrapperFor(javax.sql.DataSource.class));
        assertThrows(SQLException.class, () -> db.unwrap(String.class));
        assertThrows(java.sql.SQLFeatureNotSupportedException.class, () -> db.getConnection("sa", "other"));
        assertThrows(java.sql.SQLFeatureNotSupportedException.class, db::getParentLogger);
    }

    @Test
    void negative_timeouts_are_refused_by_name_as_jdbc_says_whatever_the_driver_does() throws SQLException {
        // H2 answered isValid(-1) with true and took setNetworkTimeout(executor, -1); PostgreSQL's
        // driver refuses both: the handle refuses them alike, before the driver is asked.
        try (Connection c = db.getConnection()) {
            SQLException valid = assertThrows(SQLException.class, () -> c.isValid(-1));
            assertTrue(valid.getMessage().contains("isValid") && valid.getMessage().contains("-1"), valid.getMessage());
            SQLException network = assertThrows(SQLException.class, () -> c.setNetworkTimeout(Runnable::run, -1));
            assertTrue(network.getMessage().contains("setNetworkTimeout") && network.getMessage().contains("-1"),
                    network.getMessage());
            assertTrue(c.isValid(0), "the connection is still usable");
        }
        assertEquals(0, db.stats().destroyed(), () -> "the connection went back: " + db.stats().describe());
    }
}
