package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.tck.LogCapture;

/** Passwords never show: not in messages, causes, stack traces, {@code toString} or stats. */
final class PasswordRedactionTest {

    private static final String SECRET = "Tr0ub4dor-and-3";

    private static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void urls_are_masked_in_every_form() {
        Secrets s = Secrets.of("jdbc:postgresql://127.0.0.1:5432/app?user=app&password=" + SECRET + "&ssl=false", null);
        assertEquals("jdbc:postgresql://127.0.0.1:5432/app?user=app&password=*****", s.url());
        assertEquals("jdbc:h2:mem:x;USER=sa;PASSWORD=*****",
                Secrets.of("jdbc:h2:mem:x;USER=sa;PASSWORD=" + SECRET + ";MODE=PostgreSQL", null).url());
        assertEquals("jdbc:mysql://app:*****@127.0.0.1/app",
                Secrets.of("jdbc:mysql://app:" + SECRET + "@127.0.0.1/app", null).url());
        assertEquals("jdbc:postgresql://127.0.0.1/app?sslpassword=*****",
                Secrets.of("jdbc:postgresql://127.0.0.1/app?sslpassword=" + SECRET, null).url());
    }

    @Test
    void a_password_from_the_properties_is_masked_wherever_it_appears() {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", SECRET);
        Secrets s = Secrets.of("jdbc:h2:mem:x", p);
        assertEquals("login of app with ***** refused", s.redact("login of app with " + SECRET + " refused"));
        assertFalse(s.toString().contains(SECRET));
    }

    @Test
    void a_failure_without_secrets_is_kept_as_it_is_and_one_with_secrets_is_copied_redacted() {
        Secrets s = Secrets.of("jdbc:h2:mem:x;PASSWORD=" + SECRET, null);
        SQLException clean = new SQLException("table not found", "42S02", 42102);
        assertSame(clean, s.clean(clean));

        SQLException cause = new SQLException("bad login " + SECRET, "28000", 28000);
        SQLException leaking = new SQLException("cannot open jdbc:h2:mem:x;PASSWORD=" + SECRET, "08001", 7, cause);
        leaking.setNextException(new SQLException("next " + SECRET, "28P01"));
        leaking.addSuppressed(new IllegalStateException("suppressed " + SECRET));
        SQLException cleaned = s.clean(leaking);
        assertNotSame(leaking, cleaned);
        assertFalse(everything(cleaned).contains(SECRET), everything(cleaned));
        assertEquals("08001", cleaned.getSQLState());
        assertEquals(7, cleaned.getErrorCode());
        assertEquals("28000", ((SQLException) cleaned.getCause()).getSQLState());
        assertEquals("28P01", cleaned.getNextException().getSQLState());
        assertTrue(cleaned.getMessage().startsWith(SQLException.class.getName()), cleaned.getMessage());
        assertEquals(leaking.getStackTrace().length, cleaned.getStackTrace().length);
    }

    @Test
    void a_refused_h2_login_never_shows_the_password() throws SQLException {
        String url = Fixture.h2Url();
        Properties owner = new Properties();
        owner.setProperty("user", "sa");
        owner.setProperty("password", "the-right-one");
        try (Connection keepAlive = java.sql.DriverManager.getConnection(url, owner)) {
            Properties wrong = new Properties();
            wrong.setProperty("user", "sa");
            wrong.setProperty("password", SECRET);
            try (LogCapture log = LogCapture.of("org.patinox.memory")) {
                // H2 delays every refused login, so give the first failure time to arrive.
                PooledDataSource db = Fixture.open(url, wrong, PoolConfig.builder().maxSize(1)
                        .acquireTimeout(Duration.ofSeconds(3)).build());
                try {
                    SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, db::getConnection);
                    assertTrue(e.getCause().getCause() instanceof SQLException, everything(e));
                    assertFalse(everything(e).contains(SECRET), everything(e));
                    assertFalse(db.toString().contains(SECRET));
                    assertFalse(db.stats().toString().contains(SECRET));
                    assertTrue(db.stats().creationFailures() > 0);
                } finally {
                    db.close();
                }
                assertTrue(log.has(Level.WARNING, "creating a connection failed"), log.text());
                assertFalse(log.text().contains(SECRET), log.text());
            }
            assertTrue(keepAlive.isValid(1));
        }
    }

    @Test
    void a_url_password_quoted_by_the_driver_is_masked() {
        // Nothing listens on port 1 of the loopback address: the driver's failure may quote the URL.
        String url = "jdbc:postgresql://127.0.0.1:1/app?connectTimeout=2&password=" + SECRET + "&user=app";
        try (LogCapture log = LogCapture.of("org.patinox.memory")) {
            PooledDataSource db = Fixture.open(url, new Properties(), PoolConfig.builder().maxSize(1)
                    .acquireTimeout(Duration.ofMillis(500)).build());
            try {
                SQLException e = assertThrows(SQLException.class, db::getConnection);
                assertFalse(everything(e).contains(SECRET), everything(e));
                assertEquals("PooledDataSource[" + db.name() + ", jdbc:postgresql://127.0.0.1:1/app?connectTimeout=2&password=*****]",
                        db.toString());
            } finally {
                db.close();
            }
            assertFalse(log.text().contains(SECRET), log.text());
        }
    }

    @Test
    void a_url_no_driver_accepts_is_refused_at_once_without_its_password() {
        ConfigException e = assertThrows(ConfigException.class, () -> PooledDataSource.connectionManager(
                "jdbc:nosuchdb://127.0.0.1/app?password=" + SECRET, new Properties()));
        assertFalse(everything(e).contains(SECRET), everything(e));
        assertTrue(e.getMessage().contains("jdbc:nosuchdb://127.0.0.1/app?password=*****"), e.getMessage());
        ConfigException notJdbc = assertThrows(ConfigException.class, () -> PooledDataSource.connectionManager(
                "postgresql://app:" + SECRET + "@127.0.0.1/app", null));
        assertFalse(everything(notJdbc).contains(SECRET), everything(notJdbc));
    }

    @Test
    void no_event_of_any_pool_shows_a_password() {
        a_url_password_quoted_by_the_driver_is_masked();
        assertTrue(Fixture.EVENTS.events().stream().anyMatch(e -> e.error().isPresent()), "a creation failure was reported");
        for (var event : Fixture.EVENTS.events()) {
            assertFalse(event.describe().contains(SECRET), event.describe());
            assertFalse(event.toString().contains(SECRET), event.toString());
            event.error().ifPresent(t -> assertFalse(everything(t).contains(SECRET), everything(t)));
        }
    }

    @Test
    void the_manager_shows_its_url_masked() {
        Properties p = new Properties();
        p.setProperty("password", SECRET);
        ConnectionManager<Connection> m = PooledDataSource.connectionManager("jdbc:h2:mem:x;PASSWORD=" + SECRET, p);
        assertFalse(m.toString().contains(SECRET), m.toString());
        assertTrue(m.toString().contains("PASSWORD=*****"), m.toString());
    }
}
