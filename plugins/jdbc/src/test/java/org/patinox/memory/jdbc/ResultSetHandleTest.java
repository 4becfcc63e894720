package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.patinox.memory.pool.PoolConfig;

/**
 * The result sets a {@link PooledDataSource} connection hands out, by its statements and by its
 * metadata, on H2 and on a stub driver: {@code getStatement()} answers the statement handle (or
 * {@code null}), never the driver's statement, whose connection is the pooled driver connection
 * that the next holder gets once the holder returned its handle.
 */
final class ResultSetHandleTest {

    private PooledDataSource db;

    @BeforeEach
    void open() throws SQLException {
        // One connection: the next holder gets the very driver connection the previous one had.
        db = Fixture.open(Fixture.h2Url(), new Properties(), PoolConfig.builder().maxSize(1)
                .acquireTimeout(Duration.ofSeconds(10)).build());
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table item (id int auto_increment primary key, name varchar(50))");
        }
    }

    @AfterEach
    void close() {
        db.close();
        assertEquals(0, db.stats().total(), () -> db.stats().describe());
    }

    @Test
    void a_holder_cannot_reach_the_connection_through_a_result_set_once_it_returned_it() throws SQLException {
        Connection escaped;
        ResultSet kept;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            kept = s.executeQuery("select 1");
            assertSame(s, kept.getStatement());
            escaped = kept.getStatement().getConnection();
            assertSame(c, escaped, "the connection handle, never the pooled driver connection");
        }
        try (Connection next = db.getConnection()) {
            assertTrue(escaped.isClosed());
            SQLException refused = assertThrows(SQLException.class, () -> escaped.setAutoCommit(false));
            assertEquals("08003", refused.getSQLState());
            assertThrows(SQLException.class, escaped::createStatement);
            assertThrows(SQLException.class, kept::next, "closed with its statement");
            assertTrue(next.getAutoCommit());
            assertEquals(0, ((ConnectionHandle) next).touched());
        }
    }

    @Test
    void every_result_set_of_a_statement_answers_that_statement() throws SQLException {
        try (Connection c = db.getConnection()) {
            try (Statement s = c.createStatement()) {
                assertAnswers(s, c, s.executeQuery("select 1"));
                assertTrue(s.execute("select 2"));
                ResultSet r = s.getResultSet();
                assertAnswers(s, c, r);
                assertSame(r, s.getResultSet(), "the same driver result set: the same handle");
                assertEquals(1, s.executeUpdate("insert into item(name) values ('a')", Statement.RETURN_GENERATED_KEYS));
                assertAnswers(s, c, s.getGeneratedKeys());
            }
            try (PreparedStatement p = c.prepareStatement("select name from item where id = ?")) {
                p.setInt(1, 1);
                ResultSet r = p.executeQuery();
                assertAnswers(p, c, r);
                assertTrue(r.next());
                assertEquals("a", r.getString(1));
                assertEquals("a", r.getString("NAME"));
                assertFalse(r.next());
                assertTrue(p.execute());
                assertAnswers(p, c, p.getResultSet());
            }
            try (PreparedStatement p = c.prepareStatement("insert into item(name) values (?)", Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, "b");
                assertEquals(1, p.executeUpdate());
                ResultSet keys = p.getGeneratedKeys();
                assertAnswers(p, c, keys);
                assertTrue(keys.next());
                assertEquals(2, keys.getInt(1));
            }
            try (CallableStatement call = c.prepareCall("select ? as answer")) {
                call.setInt(1, 43);
                ResultSet r = call.executeQuery();
                assertAnswers(call, c, r);
                assertTrue(r.next());
                assertEquals(43, r.getInt("ANSWER"));
                assertTrue(call.execute());
                ResultSet again = call.getResultSet();
                assertAnswers(call, c, again);
                assertSame(again, call.getResultSet(), "the same driver result set: the same handle");
            }
        }
    }

    private static void assertAnswers(Statement statement, Connection c, ResultSet r) throws SQLException {
        Statement answered = r.getStatement();
        if (answered != null) {
            assertSame(statement, answered, r::toString);
            assertSame(c, answered.getConnection());
        }
    }

    @Test
    void a_result_set_is_closed_with_its_statement_and_unwraps_to_itself_or_to_the_drivers() throws SQLException {
        try (Connection c = db.getConnection()) {
            Statement s = c.createStatement();
            ResultSet r = s.executeQuery("select 1");
            Class<? extends ResultSet> driverType;
            try (Statement rawStatement = ((ConnectionHandle) c).driverConnection().createStatement();
                 ResultSet rawResult = rawStatement.executeQuery("select 1")) {
                driverType = rawResult.getClass();
            }
            assertSame(r, r.unwrap(ResultSet.class));
            ResultSet raw = r.unwrap(driverType);
            assertNotSame(r, raw);
            assertTrue(r.isWrapperFor(ResultSet.class));
            assertTrue(r.isWrapperFor(driverType));
            assertFalse(r.isWrapperFor(String.class));
            assertThrows(SQLException.class, () -> r.unwrap(String.class));
            assertTrue(r.toString().startsWith("PooledResultSet["), r.toString());
            s.close();
            assertTrue(r.isClosed());
            assertTrue(raw.isClosed());
        }
    }

    @Test
    void a_result_set_of_the_metadata_never_answers_the_drivers_statement_and_is_closed_with_the_connection()
            throws SQLException {
        ResultSet kept;
        try (Connection c = db.getConnection()) {
            ConnectionHandle handle = (ConnectionHandle) c;
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet tables = md.getTables(null, null, "ITEM", null)) {
                Statement answered = tables.getStatement();
                if (answered != null) {
                    assertSame(c, answered.getConnection());
                }
                assertTrue(tables.next());
                assertEquals("ITEM", tables.getString("TABLE_NAME"));
            }
            assertEquals(0, handle.openStatements(), "a closed one leaves the handle");
            kept = md.getColumns(null, null, "ITEM", null);
            assertEquals(1, handle.openStatements());
        }
        assertTrue(kept.isClosed(), "closed when the connection went back to the pool");
        assertThrows(SQLException.class, kept::next);
    }

    @Test
    void on_a_stub_driver_a_metadata_result_set_wraps_the_drivers_statement_and_closes_it_with_the_connection()
            throws Exception {
        AtomicInteger statementClosed = new AtomicInteger();
        Connection[] raw = new Connection[1];
        Statement stubStatement = StubDriver.stub(Statement.class, Map.of(
                "getConnection", args -> raw[0],
                "close", args -> statementClosed.incrementAndGet()));
        ResultSet stubTables = StubDriver.stub(ResultSet.class, Map.of("getStatement", args -> stubStatement));
        DatabaseMetaData stubMeta = StubDriver.stub(DatabaseMetaData.class, Map.of("getTables", args -> stubTables));
        String url = StubDriver.register("metadata-statement", (u, info) -> {
            raw[0] = StubDriver.connection(Map.of("getMetaData", args -> stubMeta));
            return raw[0];
        });
        try (PooledDataSource stub = Fixture.open(url, new Properties(), PoolConfig.builder().maxSize(1)
                .acquireTimeout(Duration.ofSeconds(10)).build())) {
            Statement answered;
            try (Connection c = stub.getConnection()) {
                ResultSet tables = c.getMetaData().getTables(null, null, "%", null);
                assertSame(stubStatement, ((ConnectionHandle) c).driverConnection().getMetaData()
                        .getTables(null, null, "%", null).getStatement(), "the driver answers its own");
                answered = tables.getStatement();
                assertNotSame(stubStatement, answered);
                assertSame(answered, tables.getStatement());
                assertSame(c, answered.getConnection(), "not the driver's connection");
            }
            assertEquals(1, statementClosed.get(), "the driver's statement is closed with the connection");
            SQLException refused = assertThrows(SQLException.class, answered::getConnection);
            assertEquals("HY010", refused.getSQLState());
        }
    }

    /** The four ways to ask an array for its elements as a result set. */
    private static List<ResultSet> resultSets(Array array) throws SQLException {
        return List.of(array.getResultSet(), array.getResultSet(Map.of()), array.getResultSet(2, 2),
                array.getResultSet(2, 2, Map.of()));
    }

    @Test
    void the_result_sets_of_an_array_are_wrapped_and_closed_with_the_connection() throws SQLException {
        List<ResultSet> kept = new ArrayList<>();
        List<Array> arrays = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            ConnectionHandle handle = (ConnectionHandle) c;
            try (Statement s = c.createStatement()) {
                s.execute("create table numbers (id int primary key, v integer array)");
            }
            Array made = c.createArrayOf("INTEGER", new Object[] {1, 2, 3});
            try (PreparedStatement p = c.prepareStatement("insert into numbers values (?, ?)")) {
                p.setInt(1, 1);
                p.setArray(2, made); // an array handle given back to the driver
                assertEquals(1, p.executeUpdate());
                p.setInt(1, 2);
                p.setObject(2, made);
                assertEquals(1, p.executeUpdate());
            }
            arrays.add(made);
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select v from numbers where id = 1")) {
                assertTrue(r.next());
                arrays.add(r.getArray(1));
                arrays.add(r.getArray("V"));
                arrays.add((Array) r.getObject(1));
                arrays.add(r.getObject(1, Array.class));
            }
            try (CallableStatement call = c.prepareCall("select v from numbers where id = 2")) {
                ResultSet r = call.executeQuery();
                assertTrue(r.next());
                arrays.add(r.getArray(1));
            }
            int open = handle.openStatements();
            for (Array array : arrays) {
                assertEquals("INTEGER", array.getBaseTypeName());
                assertEquals(List.of(1, 2, 3), List.of((Object[]) array.getArray()));
                for (ResultSet r : resultSets(array)) {
                    assertInstanceOf(ResultSetHandle.class, r, "never the driver's result set");
                    Statement answered = r.getStatement();
                    if (answered != null) {
                        assertSame(c, answered.getConnection(), "never the driver's connection");
                    }
                    assertTrue(r.next());
                    assertEquals(r.getInt(1), r.getInt(2), "the elements 1, 2, 3 at the indexes 1, 2, 3");
                    kept.add(r);
                }
            }
            assertEquals(open + kept.size(), handle.openStatements(), "they join the handle's open statements");
        }
        for (ResultSet r : kept) {
            assertTrue(r.isClosed(), "closed when the connection went back to the pool");
            assertThrows(SQLException.class, r::next);
        }
        for (Array array : arrays) {
            SQLException refused = assertThrows(SQLException.class, array::getResultSet);
            assertEquals("08003", refused.getSQLState(), "the driver's connection went back to the pool");
        }
    }

    @Test
    void on_a_stub_driver_the_result_sets_of_an_array_never_lead_to_the_drivers_connection() throws Exception {
        AtomicInteger statementClosed = new AtomicInteger();
        Connection[] raw = new Connection[1];
        Statement stubStatement = StubDriver.stub(Statement.class, Map.of(
                "getConnection", args -> raw[0],
                "close", args -> statementClosed.incrementAndGet()));
        ResultSet stubElements = StubDriver.stub(ResultSet.class, Map.of("getStatement", args -> stubStatement));
        Array stubArray = StubDriver.stub(Array.class, Map.of("getResultSet", args -> stubElements));
        ResultSet stubRows = StubDriver.stub(ResultSet.class, Map.of("getArray", args -> stubArray,
                "getObject", args -> stubArray, "next", args -> true));
        Statement stubQuery = StubDriver.stub(Statement.class, Map.of("executeQuery", args -> stubRows));
        CallableStatement stubCall = StubDriver.stub(CallableStatement.class, Map.of("getArray", args -> stubArray,
                "getObject", args -> stubArray));
        String url = StubDriver.register("array-result-set", (u, info) -> {
            raw[0] = StubDriver.connection(Map.of("createArrayOf", args -> stubArray,
                    "createStatement", args -> stubQuery, "prepareCall", args -> stubCall));
            return raw[0];
        });
        try (PooledDataSource stub = Fixture.open(url, new Properties(), PoolConfig.builder().maxSize(1)
                .acquireTimeout(Duration.ofSeconds(10)).build())) {
            try (Connection c = stub.getConnection(); Statement s = c.createStatement();
                    CallableStatement call = c.prepareCall("{? = call numbers()}")) {
                ResultSet rows = s.executeQuery("select v from t");
                assertTrue(rows.next());
                for (Array array : List.of(c.createArrayOf("INTEGER", new Object[0]), rows.getArray(1),
                        rows.getArray("V"), (Array) rows.getObject(1), rows.getObject(1, Array.class),
                        call.getArray(1), (Array) call.getObject(1), call.getObject(1, Array.class))) {
                    for (ResultSet elements : resultSets(array)) {
                        Statement answered = elements.getStatement();
                        assertNotSame(stubStatement, answered);
                        assertSame(c, answered.getConnection(), "the connection handle, not the driver's connection");
                    }
                }
            }
            assertTrue(statementClosed.get() > 0, "the driver's statement is closed with the connection");
        }
    }
}
