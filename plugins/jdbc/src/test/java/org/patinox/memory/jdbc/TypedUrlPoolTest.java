package org.patinox.memory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;

/** {@code MemoryUtilities.pool(url, type, config)}: a pool of the type asked for, or a clear refusal. */
final class TypedUrlPoolTest {

    private static PoolConfig config() {
        return PoolConfig.builder().maxSize(2).acquireTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void a_url_pool_is_typed_by_the_connection_type_asked_for() throws Exception {
        try (Pool<Connection> pool = Fixture.memory().pool(Fixture.h2Url(), Connection.class, config());
             PooledConnection<Connection> c = pool.acquire(Duration.ofSeconds(10));
             Statement s = c.get().createStatement();
             ResultSet r = s.executeQuery("select 1")) {
            assertTrue(r.next());
            assertEquals(1, r.getInt(1));
        }
    }

    @Test
    void a_supertype_of_the_providers_connection_type_fits() {
        try (Pool<AutoCloseable> pool = Fixture.memory().pool(Fixture.h2Url(), AutoCloseable.class, config())) {
            assertFalse(pool.name().isEmpty());
        }
    }

    @Test
    void a_provider_whose_connections_are_not_of_the_type_asked_for_is_refused_by_name() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixture.memory().pool("jdbc:h2:mem:typed;USER=sa;PASSWORD=secret", String.class, config()));
        assertEquals("Connection manager provider 'jdbc' makes connections of type java.sql.Connection for URLs"
                + " of scheme 'jdbc:h2', not java.lang.String", e.getMessage());
    }
}
