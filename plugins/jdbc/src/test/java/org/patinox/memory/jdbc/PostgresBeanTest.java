package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.patinox.memory.tck.LogCapture;

/**
 * {@link PooledDataSource}'s bean form on a real PostgreSQL server (see {@link PostgresServer}):
 * a role that logs in with a password, an init SQL the server shows, a test query.
 */
final class PostgresBeanTest {

    @BeforeEach
    void server() {
        PostgresServer.require();
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("show " + setting)) {
            assertTrue(r.next());
            return r.getString(1);
        }
    }

    @Test
    void the_bean_logs_in_with_its_password_and_each_server_connection_runs_the_init_sql_once() throws Exception {
        String app = "patinox-bean-" + ProcessHandle.current().pid();
        PooledDataSource db = new PooledDataSource();
        db.setMemoryUtilities(Fixture.memory());
        db.setJdbcUrl(PostgresServer.url());
        db.setUsername(PostgresServer.secretUser());
        db.setPassword(PostgresServer.secretPassword());
        db.addDataSourceProperty("connectTimeout", "5");
        db.setMaximumPoolSize(2);
        db.setConnectionInitSql("set application_name = '" + app + "'");
        db.setConnectionTestQuery("select 1");
        try {
            for (int i = 0; i < 3; i++) {
                try (Connection a = db.getConnection(); Connection b = db.getConnection()) {
                    assertEquals(app, show(a, "application_name"));
                    assertEquals(app, show(b, "application_name"));
                }
            }
            assertEquals(2, db.stats().created());
            assertEquals(2, PostgresServer.backends(app), "one server process per pooled connection");
            assertFalse(db.toString().contains(PostgresServer.secretPassword()), db.toString());
        } finally {
            db.close();
        }
        Fixture.eventually("no server process left for " + app, () -> {
            try {
                return PostgresServer.backends(app) == 0;
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void a_wrong_password_fails_without_appearing_anywhere() {
        String wrong = "not-" + PostgresServer.secretPassword();
        try (LogCapture log = LogCapture.of("org.patinox.memory")) {
            PooledDataSource db = new PooledDataSource();
            db.setMemoryUtilities(Fixture.memory());
            db.setJdbcUrl(PostgresServer.url());
            db.setUsername(PostgresServer.secretUser());
            db.setPassword(wrong);
            db.setMaximumPoolSize(1);
            db.setConnectionTimeout(2_000);
            try {
                SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, db::getConnection);
                StringWriter text = new StringWriter();
                e.printStackTrace(new PrintWriter(text));
                assertFalse(text.toString().contains(wrong), text.toString());
            } finally {
                db.close();
            }
            assertTrue(log.has(Level.WARNING, "creating a connection failed"), log.text());
            assertFalse(log.text().contains(wrong), log.text());
        }
    }
}
