package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;

/** {@link PooledDataSource} on a real PostgreSQL server on 127.0.0.1 (see {@link PostgresServer}). */
final class PostgresDataSourceTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeEach
    void server() {
        PostgresServer.require();
    }

    private static String applicationName() {
        return "patinox-test-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    private static PooledDataSource open(String app, PoolConfig.Builder config) {
        return Fixture.open(PostgresServer.url(), PostgresServer.properties(app), config.name(app).build());
    }

    private static void assertNothingLeft(PooledDataSource db, String app) throws SQLException {
        db.close();
        PoolStats s = db.stats();
        assertEquals(0, s.total(), s::describe);
        assertEquals(0, s.active(), s::describe);
        assertEquals(0, s.idle(), s::describe);
        assertEquals(s.created(), s.destroyed(), s::describe);
        Fixture.eventually("no server process left for " + app, () -> {
            try {
                return PostgresServer.backends(app) == 0;
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void queries_from_many_virtual_threads_share_a_few_server_connections() throws Exception {
        String app = applicationName();
        PooledDataSource db = open(app, PoolConfig.builder().maxSize(8));
        Set<Integer> backends = ConcurrentHashMap.newKeySet();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                done.add(threads.submit(() -> {
                    try (Connection c = db.getConnection();
                         PreparedStatement s = c.prepareStatement("select pg_backend_pid(), ?::int * 2")) {
                        s.setInt(1, n);
                        try (ResultSet r = s.executeQuery()) {
                            assertTrue(r.next());
                            backends.add(r.getInt(1));
                            assertEquals(2 * n, r.getInt(2));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertTrue(backends.size() <= 8, "at most max-size server connections: " + backends);
        assertTrue(PostgresServer.backends(app) <= 8);
        assertNothingLeft(db, app);
    }

    @Test
    void callable_statements_and_metadata_answer_the_pooled_connection_and_the_drivers_failures() throws SQLException {
        String app = applicationName();
        PooledDataSource db = open(app, PoolConfig.builder().maxSize(1));
        try (Connection c = db.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            assertSame(c, md.getConnection());
            assertEquals("PostgreSQL", md.getDatabaseProductName());
            try (CallableStatement call = c.prepareCall("{? = call upper(?)}")) {
                assertSame(c, call.getConnection());
                call.registerOutParameter(1, Types.VARCHAR);
                call.setString(2, "patinox");
                call.execute();
                assertEquals("PATINOX", call.getString(1));
            }
            try (CallableStatement call = c.prepareCall("{? = call no_such_function(?)}");
                 Connection direct = PostgresServer.direct();
                 CallableStatement raw = direct.prepareCall("{? = call no_such_function(?)}")) {
                call.registerOutParameter(1, Types.VARCHAR);
                call.setString(2, "x");
                raw.registerOutParameter(1, Types.VARCHAR);
                raw.setString(2, "x");
                SQLException expected = assertThrows(SQLException.class, raw::execute);
                SQLException actual = assertThrows(SQLException.class, call::execute);
                assertSame(expected.getClass(), actual.getClass());
                assertEquals("42883", actual.getSQLState(), actual::toString);
                assertEquals(expected.getSQLState(), actual.getSQLState());
                assertFalse(((ConnectionHandle) c).isBroken());
            }
        }
        assertNothingLeft(db, app);
    }

    @Test
    void recycling_restores_the_session_and_rolls_back_on_the_server() throws SQLException {
        String app = applicationName();
        String table = "patinox_recycle_" + NAMES.incrementAndGet();
        try (Connection c = PostgresServer.direct(); Statement s = c.createStatement()) {
            s.execute("create schema if not exists patinox_other");
            // A server kept between runs may hold the table of an earlier run under this name.
            s.execute("drop table if exists " + table);
            s.execute("create table " + table + " (id int)");
        }
        PooledDataSource db = open(app, PoolConfig.builder().maxSize(1));
        int pid;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            pid = backendPid(c);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setSchema("patinox_other");
            s.executeUpdate("insert into public." + table + " values (1)");
        }
        try (Connection c = db.getConnection()) {
            assertEquals(pid, backendPid(c));
            // pgjdbc applies read-only when it begins a transaction (readOnlyMode=transaction).
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                assertEquals("on", single(s, "show transaction_read_only"));
            }
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            assertEquals(pid, backendPid(c), "max-size 1: the same server connection comes back");
            assertTrue(c.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertFalse(c.isReadOnly());
            assertEquals("public", c.getSchema());
            assertEquals("read committed", single(s, "show transaction_isolation"));
            assertEquals("public", single(s, "select current_schema()"));
            assertEquals("0", single(s, "select count(*) from " + table), "the insert was rolled back");
            assertEquals("off", single(s, "show transaction_read_only"));
        }
        assertNothingLeft(db, app);
    }

    @Test
    void result_sets_lead_back_to_the_handle_and_the_network_timeout_is_reset() throws SQLException {
        String app = applicationName();
        PooledDataSource db = open(app, PoolConfig.builder().maxSize(1));
        int atCreation;
        ResultSet tables;
        Statement behindTables;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            atCreation = c.getNetworkTimeout();
            c.setNetworkTimeout(Runnable::run, atCreation + 1234);
            try (ResultSet r = s.executeQuery("select 1")) {
                assertSame(s, r.getStatement());
            }
            // pgjdbc runs metadata queries on a statement of its own: answered wrapped.
            tables = c.getMetaData().getTables(null, null, "%", null);
            behindTables = tables.getStatement();
            assertSame(c, behindTables.getConnection());
        }
        assertTrue(tables.isClosed(), "closed with the connection");
        assertThrows(SQLException.class, behindTables::getConnection);
        try (Connection c = db.getConnection()) {
            assertEquals(atCreation, c.getNetworkTimeout(), "reset, not inherited from the previous holder");
        }
        assertNothingLeft(db, app);
    }

    @Test
    void statements_are_closed_when_the_connection_goes_back() throws SQLException {
        String app = applicationName();
        PooledDataSource db = open(app, PoolConfig.builder().maxSize(2));
        PreparedStatement open;
        ResultSet results;
        try (Connection c = db.getConnection()) {
            open = c.prepareStatement("select generate_series(1, 1000)");
            open.setFetchSize(10);
            results = open.executeQuery();
            assertTrue(results.next());
        }
        assertTrue(open.isClosed());
        assertTrue(results.isClosed());
        assertThrows(SQLException.class, open::executeQuery);
        assertNothingLeft(db, app);
    }

    @Test
    void a_role_with_a_password_logs_in_and_a_wrong_password_is_never_shown() throws SQLException {
        String user = PostgresServer.secretUser();
        org.junit.jupiter.api.Assumptions.assumeTrue(user != null, "no PATINOX_PG_SECRET_USER");
        String app = applicationName();
        Properties p = PostgresServer.properties(app);
        p.setProperty("user", user);
        p.setProperty("password", PostgresServer.secretPassword());
        try (PooledDataSource db = Fixture.open(PostgresServer.url(), p, PoolConfig.builder().maxSize(1).build());
             Connection c = db.getConnection(); Statement s = c.createStatement()) {
            assertEquals(user, single(s, "select current_user"));
        }
        String wrong = "not-" + PostgresServer.secretPassword();
        p.setProperty("password", wrong);
        PooledDataSource db = Fixture.open(PostgresServer.url() + "?password=" + wrong, p,
                PoolConfig.builder().maxSize(1).acquireTimeout(Duration.ofSeconds(2)).build());
        try {
            SQLException e = assertThrows(SQLException.class, db::getConnection);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertTrue(trace.toString().contains("password authentication failed"), trace.toString());
            assertFalse(trace.toString().contains(wrong), trace.toString());
            assertFalse(db.toString().contains(wrong), db.toString());
        } finally {
            db.close();
        }
        assertEquals(0, PostgresServer.backends(app));
    }

    @Test
    void a_server_restart_under_load_fails_in_flight_work_cleanly_and_the_pool_recovers() throws Exception {
        String app = applicationName();
        PooledDataSource db = open(app, PoolConfig.builder().maxSize(6).acquireTimeout(Duration.ofSeconds(20))
                .healthCheckInterval(Duration.ofSeconds(1)).validationTimeout(Duration.ofSeconds(2)));
        Set<Integer> before = ConcurrentHashMap.newKeySet();
        Set<Integer> after = ConcurrentHashMap.newKeySet();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong successesAfter = new AtomicLong();
        AtomicLong sqlFailures = new AtomicLong();
        List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // One query that is sure to be in flight when the server goes down.
            Future<Throwable> inFlight = threads.submit(() -> {
                try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                    s.execute("select pg_sleep(60)");
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                workers.add(threads.submit(() -> {
                    while (!stop.get()) {
                        boolean wasRestarted = restarted.get();
                        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                             ResultSet r = s.executeQuery("select pg_backend_pid() from pg_sleep(0.005)")) {
                            r.next();
                            (wasRestarted ? after : before).add(r.getInt(1));
                            if (wasRestarted) {
                                successesAfter.incrementAndGet();
                            }
                        } catch (SQLException e) {
                            sqlFailures.incrementAndGet();
                        } catch (Throwable t) {
                            unexpected.add(t);
                        }
                    }
                    return null;
                }));
            }
            Fixture.eventually("work runs before the restart", () -> before.size() >= 2);
            // Every connection serving work now is one of the server about to go down.
            Set<Integer> old = Set.copyOf(before);
            PostgresServer.restart();
            restarted.set(true);
            Throwable failed = inFlight.get();
            assertInstanceOf(SQLException.class, failed, "the query in flight fails with an SQLException");
            assertTrue(ConnectionHandle.isFatal((SQLException) failed), () -> "fatal: " + failed);
            Fixture.eventually("work succeeds again after the restart", () -> successesAfter.get() >= 100);
            before.retainAll(old);
            stop.set(true);
            for (Future<?> f : workers) {
                f.get();
            }
        }
        assertTrue(unexpected.isEmpty(), () -> "only SQLExceptions: " + unexpected);
        Set<Integer> reused = new java.util.HashSet<>(after);
        reused.retainAll(before);
        assertTrue(reused.isEmpty(), "no connection from before the restart served work after it: " + reused);
        PoolStats s = db.stats();
        assertTrue(s.destroyed() >= before.size(), () -> "the dead connections were destroyed: " + s.describe()
                + ", " + before.size() + " before the restart");
        assertTrue(s.total() <= 6, s::describe);
        assertNothingLeft(db, app);
    }

    /**
     * A holder whose {@code isValid} answered {@code false} was told the connection is dead, as
     * the handle was: the pool must not lend that connection again (within the validation
     * threshold it would not check it first).
     */
    @Test
    void a_connection_a_holder_found_invalid_is_destroyed_not_lent_again() throws SQLException {
        String app = applicationName();
        PooledDataSource db = open(app, PoolConfig.builder().maxSize(1).validationIdleThreshold(Duration.ofMinutes(1)));
        try {
            int pid;
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select pg_backend_pid()")) {
                r.next();
                pid = r.getInt(1);
            }
            try (Connection direct = PostgresServer.direct(); Statement s = direct.createStatement()) {
                s.execute("select pg_terminate_backend(" + pid + ")");
            }
            try (Connection c = db.getConnection()) {
                assertFalse(c.isValid(2), "the server ended its session");
            }
            assertEquals(1, db.stats().destroyed(), () -> db.stats().describe());
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select pg_backend_pid()")) {
                r.next();
                assertTrue(r.getInt(1) != pid, "a new session");
            }
        } finally {
            assertNothingLeft(db, app);
        }
    }

    /**
     * PostgreSQL's arrays make their result sets through a statement of the driver's connection:
     * the handle's array answers them wrapped, so that {@code getStatement().getConnection()} is the
     * connection handle, never the pooled driver connection; and an array handle given back to the
     * driver is passed as the driver's own, which it needs for its binary form.
     */
    @Test
    void the_result_sets_of_an_array_never_lead_to_the_pooled_driver_connection() throws SQLException {
        String app = applicationName();
        PooledDataSource db = open(app, PoolConfig.builder().maxSize(1));
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select array[1, 2, 3]::int4[]")) {
            assertTrue(r.next());
            Array made = c.createArrayOf("int4", new Object[] {1, 2, 3});
            for (Array array : List.of(r.getArray(1), (Array) r.getObject(1), made)) {
                for (ResultSet elements : List.of(array.getResultSet(), array.getResultSet(Map.of()),
                        array.getResultSet(2, 2), array.getResultSet(2, 2, Map.of()))) {
                    Statement answered = elements.getStatement();
                    if (answered != null) {
                        assertSame(c, answered.getConnection(), "the connection handle, never the driver's");
                    }
                    assertTrue(elements.next());
                    assertEquals(elements.getInt(1), elements.getInt(2), "the elements 1, 2, 3 at the indexes 1, 2, 3");
                    elements.close();
                }
            }
            try (PreparedStatement p = c.prepareStatement("select (?::int4[])[3]")) {
                p.setArray(1, made);
                assertEquals("3", single(p));
                p.setObject(1, made);
                assertEquals("3", single(p));
            }
        }
        assertNothingLeft(db, app);
    }

    private static String single(PreparedStatement p) throws SQLException {
        try (ResultSet r = p.executeQuery()) {
            assertTrue(r.next());
            return r.getString(1);
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next());
            return r.getString(1);
        }
    }
}
