package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.patinox.memory.pool.PoolConfig;

/**
 * {@link Wrapper#unwrap} and {@link Wrapper#isWrapperFor} of the data source and of every handle it
 * gives out, asked for {@code null} and for an interface that neither the handle nor the driver's
 * object implements: as {@code Wrapper} says of a type it cannot unwrap to, {@code unwrap} throws
 * {@link SQLException} and {@code isWrapperFor} answers {@code false}; the connection stays usable
 * and goes back to the pool.
 */
final class WrapperTest {

    /** Implemented by nothing JDBC gives out. */
    private interface Unrelated {
    }

    private PooledDataSource db;

    @BeforeEach
    void open() {
        db = Fixture.open(Fixture.h2Url(), new Properties(), PoolConfig.builder().maxSize(1)
                .acquireTimeout(Duration.ofSeconds(10)).build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void the_data_source_refuses_null_as_a_type_it_does_not_wrap() throws SQLException {
        assertRefuses("data source", db);
        assertSame(db, db.unwrap(javax.sql.DataSource.class));
    }

    @Test
    void every_handle_refuses_null_and_an_interface_nobody_implements_and_its_connection_goes_back()
            throws SQLException {
        try (Connection c = db.getConnection();
             Statement s = c.createStatement();
             java.sql.PreparedStatement p = c.prepareStatement("select 1");
             java.sql.CallableStatement call = c.prepareCall("call 1");
             ResultSet r = s.executeQuery("select 1")) {
            Map<String, Wrapper> handles = new LinkedHashMap<>();
            handles.put("connection", c);
            handles.put("statement", s);
            handles.put("prepared statement", p);
            handles.put("callable statement", call);
            handles.put("result set", r);
            handles.put("metadata", c.getMetaData());
            for (Map.Entry<String, Wrapper> e : handles.entrySet()) {
                assertRefuses(e.getKey(), e.getValue());
            }
            assertTrue(r.next(), "the result set is still open");
            assertTrue(c.isValid(1), "the connection is still usable");
        }
        assertEquals(1, db.stats().created(), () -> "the connection was kept: " + db.stats().describe());
        assertEquals(1, db.stats().idle(), () -> db.stats().describe());
    }

    private static void assertRefuses(String what, Wrapper w) throws SQLException {
        SQLException nullType = assertThrows(SQLException.class, () -> w.unwrap(null), what);
        assertTrue(nullType.getMessage().contains("null"), () -> what + ": " + nullType.getMessage());
        assertFalse(w.isWrapperFor(null), what);
        assertThrows(SQLException.class, () -> w.unwrap(Unrelated.class), what);
        assertFalse(w.isWrapperFor(Unrelated.class), what);
    }
}
