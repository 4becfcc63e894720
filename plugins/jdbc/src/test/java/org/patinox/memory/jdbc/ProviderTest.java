package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.ConnectionManagerProvider;

/** The provider {@code jdbc}, as {@link ServiceLoader} finds it on the module path. */
final class ProviderTest {

    private static ConnectionManagerProvider jdbc() {
        // The tests run inside the plugin's module, which provides the service but does not use it.
        ProviderTest.class.getModule().addUses(ConnectionManagerProvider.class);
        List<ConnectionManagerProvider> found = ServiceLoader.load(ConnectionManagerProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("jdbc")).toList();
        assertEquals(1, found.size(), "exactly one provider named jdbc");
        return found.getFirst();
    }

    @Test
    void the_tests_pools_run_on_the_provider_named_for_them() {
        // The build runs the suite on standard and again on lockfree: this says that it did.
        assertEquals(Fixture.provider(), Fixture.memory().provider().name());
    }

    @Test
    void it_accepts_jdbc_urls_only_and_makes_connections() {
        ConnectionManagerProvider p = jdbc();
        assertTrue(p.accepts("jdbc:h2:mem:x"));
        assertTrue(p.accepts("JDBC:postgresql://127.0.0.1/app"));
        assertFalse(p.accepts("redis://127.0.0.1"));
        assertFalse(p.accepts("jdbc"));
        assertFalse(p.accepts(null));
        assertEquals(Connection.class, p.connectionType());
    }

    @Test
    void its_manager_creates_validates_recycles_and_destroys() throws Exception {
        @SuppressWarnings("unchecked")
        ConnectionManager<Connection> m = (ConnectionManager<Connection>) jdbc().create(Fixture.h2Url(), new Properties());
        Connection c = m.create().toCompletableFuture().join();
        assertTrue(m.validate(c).toCompletableFuture().join());
        c.setReadOnly(true);
        m.recycle(c).toCompletableFuture().join();
        assertFalse(c.isReadOnly());
        m.destroy(c).toCompletableFuture().join();
        assertTrue(c.isClosed());
        assertFalse(m.validate(c).toCompletableFuture().join());
    }

    @Test
    void the_validation_timeout_comes_from_the_properties_and_never_reaches_the_driver() {
        Properties p = new Properties();
        p.setProperty(PoolConfig.VALIDATION_TIMEOUT, "1500ms");
        p.setProperty("patinox.memory.pool.max-size", "3");
        JdbcConnectionManager m = (JdbcConnectionManager) jdbc().create(Fixture.h2Url(), p);
        assertEquals(Duration.ofMillis(1500), m.validationTimeout());
        assertTrue(m.toString().contains("validation 2s"), m.toString());
        // H2 refuses unknown settings, so a Patinox key passed on would fail the connection.
        Connection c = m.create().toCompletableFuture().join();
        m.destroy(c).toCompletableFuture().join();

        Properties bad = new Properties();
        bad.setProperty(PoolConfig.VALIDATION_TIMEOUT, "soon");
        ConfigException e = assertThrows(ConfigException.class, () -> jdbc().create(Fixture.h2Url(), bad));
        assertTrue(e.getMessage().contains(PoolConfig.VALIDATION_TIMEOUT), e.getMessage());
        assertEquals(Duration.ofSeconds(5),
                ((JdbcConnectionManager) jdbc().create(Fixture.h2Url(), null)).validationTimeout());
    }

    @Test
    void a_validation_timeout_put_as_an_object_is_read_or_refused_never_lost() {
        Properties p = new Properties();
        p.put(PoolConfig.VALIDATION_TIMEOUT, Duration.ofMillis(2500));
        assertEquals(Duration.ofMillis(2500), ((JdbcConnectionManager) jdbc().create(Fixture.h2Url(), p)).validationTimeout());
        Properties bad = new Properties();
        bad.put(PoolConfig.VALIDATION_TIMEOUT, new java.util.ArrayList<String>());
        ConfigException e = assertThrows(ConfigException.class, () -> jdbc().create(Fixture.h2Url(), bad));
        assertTrue(e.getMessage().startsWith(PoolConfig.VALIDATION_TIMEOUT + " must be given as a String"), e.getMessage());
    }

    @Test
    void recycling_a_connection_of_another_manager_fails() throws Exception {
        ConnectionManager<?> m = jdbc().create(Fixture.h2Url(), new Properties());
        try (Connection foreign = java.sql.DriverManager.getConnection(Fixture.h2Url())) {
            @SuppressWarnings("unchecked")
            ConnectionManager<Connection> typed = (ConnectionManager<Connection>) m;
            assertTrue(typed.recycle(foreign).toCompletableFuture().isCompletedExceptionally());
        }
    }
}
