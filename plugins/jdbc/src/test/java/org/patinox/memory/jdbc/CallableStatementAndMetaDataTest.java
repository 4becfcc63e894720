package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.patinox.memory.pool.PoolConfig;

/**
 * The {@link CallableStatement}s and {@link DatabaseMetaData} a {@link PooledDataSource} connection
 * hands out, on an embedded H2 database and on a stub driver: they answer the pooled connection,
 * delegate everything else to the driver's objects, pass the driver's failures on as thrown, and
 * refuse use once closed. The module's tests run on the module path; the execution {@code
 * class-path} of this module's build runs this class on the class path too.
 */
final class CallableStatementAndMetaDataTest {

    private PooledDataSource db;

    @BeforeEach
    void open() throws SQLException {
        db = Fixture.open(Fixture.h2Url(), new Properties(), PoolConfig.builder().maxSize(2)
                .acquireTimeout(Duration.ofSeconds(10)).build());
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table item (id int primary key, name varchar(50))");
        }
    }

    @AfterEach
    void close() {
        db.close();
        assertEquals(0, db.stats().total(), () -> db.stats().describe());
    }

    @Test
    void runs_on_the_path_its_execution_says() {
        boolean classPath = "class-path".equals(System.getProperty("patinox.test.path"));
        assertEquals(!classPath, CallableStatementAndMetaDataTest.class.getModule().isNamed(),
                "named module expected on the module path only");
        assertEquals(!classPath, PooledDataSource.class.getModule().isNamed());
    }

    @Test
    void metadata_answers_the_pooled_connection_and_reads_the_database() throws SQLException {
        try (Connection c = db.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            assertSame(c, md.getConnection());
            assertEquals(((ConnectionHandle) c).driverConnection().getMetaData().getURL(), md.getURL());
            try (ResultSet tables = md.getTables(null, null, "ITEM", null)) {
                assertTrue(tables.next());
                assertEquals("ITEM", tables.getString("TABLE_NAME"));
                assertFalse(tables.next());
            }
            assertTrue(md.getDriverMajorVersion() > 0);
            assertEquals(JdbcConnectionManager.TRANSACTION, ((ConnectionHandle) c).touched(),
                    "metadata may begin a transaction");
        }
    }

    @Test
    void metadata_refuses_use_once_its_connection_went_back_to_the_pool() throws SQLException {
        Connection c = db.getConnection();
        DatabaseMetaData md = c.getMetaData();
        int major = md.getDriverMajorVersion();
        Class<?> driverType = ((ConnectionHandle) c).driverConnection().getMetaData().getClass();
        c.close();
        // The driver's connection behind it is back in the pool, perhaps lent out again.
        for (Executable use : new Executable[] {md::getURL, () -> md.getTables(null, null, "%", null),
                () -> md.supportsTransactions(), () -> md.unwrap(driverType), () -> md.isWrapperFor(driverType)}) {
            SQLException e = assertThrows(SQLException.class, use);
            assertEquals("08003", e.getSQLState());
        }
        assertSame(c, md.getConnection());
        assertSame(md, md.unwrap(DatabaseMetaData.class), "itself: nothing of the driver's");
        assertEquals(major, md.getDriverMajorVersion(), "declares no SQLException: answered still");
        assertTrue(md.toString().startsWith("PooledDatabaseMetaData["), md.toString());
    }

    @Test
    void metadata_unwraps_to_itself_or_to_the_drivers_and_compares_by_identity() throws SQLException {
        try (Connection c = db.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            DatabaseMetaData raw = ((ConnectionHandle) c).driverConnection().getMetaData();
            assertSame(md, md.unwrap(DatabaseMetaData.class));
            assertTrue(md.isWrapperFor(DatabaseMetaData.class));
            assertInstanceOf(raw.getClass(), md.unwrap(raw.getClass()));
            assertTrue(md.isWrapperFor(raw.getClass()));
            assertFalse(md.isWrapperFor(String.class));
            SQLException expected = assertThrows(SQLException.class, () -> raw.unwrap(String.class));
            SQLException actual = assertThrows(SQLException.class, () -> md.unwrap(String.class));
            assertSameFailure(expected, actual);

            DatabaseMetaData other = c.getMetaData();
            assertEquals(md, md);
            assertNotEquals(md, other);
            assertNotEquals(md, raw);
            assertEquals(System.identityHashCode(md), md.hashCode());
            assertEquals("PooledDatabaseMetaData[" + raw.getClass().getName() + "]", md.toString());
        }
    }

    @Test
    void callable_statements_set_and_get_by_index_and_by_name() throws SQLException {
        try (Connection c = db.getConnection()) {
            try (CallableStatement call = c.prepareCall("{? = call abs(?)}")) {
                call.registerOutParameter(1, Types.INTEGER);
                call.setInt(2, -5);
                assertTrue(call.execute());
                assertEquals(5, call.getInt(1));
                assertEquals(5, call.getObject(1, Integer.class));
                assertFalse(call.wasNull());
            }
            // H2 names a callable statement's parameters after the columns of its result.
            try (CallableStatement call = c.prepareCall("select ? as answer, ? as label")) {
                call.registerOutParameter("ANSWER", Types.INTEGER);
                call.registerOutParameter(2, Types.VARCHAR);
                call.setInt("ANSWER", 42);
                call.setString(2, "forty-two");
                assertTrue(call.execute());
                assertEquals(42, call.getInt("ANSWER"));
                assertEquals(42, call.getInt(1));
                assertEquals("forty-two", call.getString("LABEL"));
                assertEquals("forty-two", call.getString(2));
                assertEquals(2, call.getParameterMetaData().getParameterCount());
            }
            try (CallableStatement call = c.prepareCall("select ? as answer")) {
                call.setInt(1, 43);
                try (ResultSet r = call.executeQuery()) {
                    assertTrue(r.next());
                    assertEquals(43, r.getInt("ANSWER"));
                }
            }
            try (CallableStatement call = c.prepareCall("insert into item values (?, ?)")) {
                call.setInt(1, 7);
                call.setString(2, "seven");
                assertEquals(1, call.executeUpdate());
                assertEquals(1, call.getUpdateCount());
            }
            try (PreparedStatement p = c.prepareStatement("select name from item where id = 7"); ResultSet r = p.executeQuery()) {
                assertTrue(r.next());
                assertEquals("seven", r.getString(1));
            }
        }
    }

    @Test
    void a_callable_statement_answers_the_pooled_connection_and_unwraps() throws SQLException {
        try (Connection c = db.getConnection(); CallableStatement call = c.prepareCall("{? = call abs(?)}")) {
            assertSame(c, call.getConnection());
            assertSame(call, call.unwrap(CallableStatement.class));
            assertSame(call, call.unwrap(Statement.class));
            assertTrue(call.isWrapperFor(PreparedStatement.class));
            CallableStatement raw = ((ConnectionHandle) c).driverConnection().prepareCall("{? = call abs(?)}");
            try {
                assertInstanceOf(raw.getClass(), call.unwrap(raw.getClass()));
                assertTrue(call.isWrapperFor(raw.getClass()));
                assertFalse(call.isWrapperFor(String.class));
                assertSameFailure(assertThrows(SQLException.class, () -> raw.unwrap(String.class)),
                        assertThrows(SQLException.class, () -> call.unwrap(String.class)));
            } finally {
                raw.close();
            }
            assertEquals(call, call);
            assertNotEquals(call, c.prepareCall("{? = call abs(?)}"));
            assertEquals(System.identityHashCode(call), call.hashCode());
            assertTrue(call.toString().startsWith("PooledCallableStatement["), call.toString());
        }
    }

    @Test
    void a_failure_of_the_driver_arrives_as_the_driver_threw_it() throws SQLException {
        try (Connection c = db.getConnection(); CallableStatement call = c.prepareCall("{? = call abs(?)}");
             CallableStatement raw = ((ConnectionHandle) c).driverConnection().prepareCall("{? = call abs(?)}")) {
            assertSameFailure(assertThrows(SQLException.class, () -> raw.getInt(9)),
                    assertThrows(SQLException.class, () -> call.getInt(9)));
            assertSameFailure(assertThrows(SQLException.class, () -> raw.setString("NO_SUCH", "x")),
                    assertThrows(SQLException.class, () -> call.setString("NO_SUCH", "x")));
            assertFalse(((ConnectionHandle) c).isBroken(), "a bad parameter does not lose the connection");
            assertEquals(1, ((ConnectionHandle) c).openStatements());
        }
    }

    @Test
    void a_closed_callable_statement_refuses_use_and_leaves_its_connection() throws SQLException {
        try (Connection c = db.getConnection()) {
            ConnectionHandle handle = (ConnectionHandle) c;
            CallableStatement kept = c.prepareCall("{? = call abs(?)}");
            CallableStatement call = c.prepareCall("{? = call abs(?)}");
            assertEquals(2, handle.openStatements());
            call.close();
            call.close();
            assertEquals(1, handle.openStatements(), "the closed one left the list, once");
            assertTrue(call.isClosed());
            SQLException e = assertThrows(SQLException.class, call::getConnection);
            assertEquals("HY010", e.getSQLState());
            assertThrows(SQLException.class, () -> call.setInt(2, 1));
            assertThrows(SQLException.class, call::execute);
            assertFalse(kept.isClosed());
            assertSame(c, kept.getConnection());
            handle.close();
            assertTrue(kept.isClosed(), "closed with its connection");
            assertEquals(0, handle.openStatements());
            assertThrows(SQLException.class, kept::execute);
        }
    }

    private static void assertSameFailure(SQLException expected, SQLException actual) {
        assertSame(expected.getClass(), actual.getClass(), actual::toString);
        assertEquals(expected.getSQLState(), actual.getSQLState());
        assertEquals(expected.getErrorCode(), actual.getErrorCode());
        assertEquals(expected.getMessage(), actual.getMessage());
    }

    @Test
    void on_a_stub_driver_runtime_failures_pass_unwrapped_and_a_lost_connection_is_destroyed() throws Exception {
        String secretUrl = "jdbc:stub://db/app?password=Met4-S3cret";
        IllegalStateException bug = new IllegalStateException("driver bug");
        SQLException lost = new SQLException("connection reset", "08006", 17);
        DatabaseMetaData stubMeta = StubDriver.stub(DatabaseMetaData.class, Map.of(
                "toString", args -> "meta of " + secretUrl,
                "getURL", args -> {
                    throw bug;
                },
                "getTables", args -> {
                    throw lost;
                }));
        CallableStatement stubCall = StubDriver.stub(CallableStatement.class, Map.of(
                "getString", args -> {
                    throw bug;
                },
                "execute", args -> {
                    throw lost;
                }));
        String url = StubDriver.register("proxied", (u, info) -> StubDriver.connection(Map.of(
                "getMetaData", args -> stubMeta,
                "prepareCall", args -> stubCall)));
        try (PooledDataSource stub = Fixture.open(url, new Properties(), PoolConfig.builder().maxSize(1)
                .acquireTimeout(Duration.ofSeconds(10)).build())) {
            long destroyed = stub.stats().destroyed();
            try (Connection c = stub.getConnection()) {
                DatabaseMetaData md = c.getMetaData();
                assertSame(bug, assertThrows(IllegalStateException.class, md::getURL));
                assertFalse(md.toString().contains("S3cret"), md.toString());
                CallableStatement call = c.prepareCall("{call p}");
                assertSame(bug, assertThrows(IllegalStateException.class, () -> call.getString(1)));
                assertFalse(((ConnectionHandle) c).isBroken(), "only a connection failure marks it lost");
                assertSame(lost, assertThrows(SQLException.class, call::execute));
                assertTrue(((ConnectionHandle) c).isBroken());
            }
            Fixture.eventually("the lost connection is destroyed", () -> stub.stats().destroyed() == destroyed + 1);
            try (Connection c = stub.getConnection()) {
                assertSame(lost, assertThrows(SQLException.class, () -> c.getMetaData().getTables(null, null, "%", null)));
                assertTrue(((ConnectionHandle) c).isBroken(), "the metadata's connection failure marks it lost too");
            }
            Fixture.eventually("the second lost connection is destroyed", () -> stub.stats().destroyed() == destroyed + 2);
        }
    }
}
