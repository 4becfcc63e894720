package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.PoolConfig;

/** How a connection URL's scheme is read for messages: the scheme only, never a host or a secret. */
final class ConnectionUrlTest {

    @Test
    void the_scheme_of_a_url_with_an_authority_stops_before_the_slashes() {
        assertEquals("redis", MemoryRuntime.scheme("redis://127.0.0.1:6379"));
        assertEquals("redis", MemoryRuntime.scheme("redis://host:6379/0"));
        assertEquals("postgres", MemoryRuntime.scheme("postgres://user:secret@db:5432/app"));
        assertEquals("amqp+ssl", MemoryRuntime.scheme("amqp+ssl://broker:5671"));
    }

    @Test
    void a_jdbc_style_url_keeps_its_sub_scheme() {
        assertEquals("jdbc:postgresql", MemoryRuntime.scheme("jdbc:postgresql://127.0.0.1/app"));
        assertEquals("jdbc:postgresql", MemoryRuntime.scheme("jdbc:postgresql:app"));
        assertEquals("jdbc:h2", MemoryRuntime.scheme("jdbc:h2:mem:app"));
        assertEquals("jdbc:oracle", MemoryRuntime.scheme("jdbc:oracle:thin:@db:1521/app"));
        assertEquals("jdbc:mysql", MemoryRuntime.scheme("jdbc:mysql:replication://a,b/app"));
    }

    @Test
    void what_is_not_a_scheme_is_left_out() {
        assertEquals("mem", MemoryRuntime.scheme("mem:"));
        assertEquals("mailto", MemoryRuntime.scheme("mailto:user@example.com"));
        assertEquals("", MemoryRuntime.scheme("127.0.0.1:6379"));
        assertEquals("", MemoryRuntime.scheme("no-scheme-here"));
        assertEquals("", MemoryRuntime.scheme(":x"));
        assertEquals("", MemoryRuntime.scheme(""));
    }

    @Test
    void a_url_no_provider_accepts_is_refused_naming_its_scheme_and_not_its_host() {
        FakeProvider fake = new FakeProvider("fake", 1);
        try (MemoryRuntime runtime = MemoryRuntime.start(UtilityConfig.defaults(),
                new ProviderResolver.Choice(fake, new ProviderSelection("fake", "a fake", "test", List.of("fake"),
                        List.of())), List.of())) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> runtime.pool("redis://127.0.0.1:6379", PoolConfig.defaults()));
            assertTrue(e.getMessage().contains("URLs of scheme 'redis'"), e.getMessage());
            assertFalse(e.getMessage().contains("127.0.0.1"), e.getMessage());
            ConfigException typed = assertThrows(ConfigException.class,
                    () -> runtime.pool("redis://127.0.0.1:6379", String.class, PoolConfig.defaults()));
            assertTrue(typed.getMessage().contains("URLs of scheme 'redis'"), typed.getMessage());
        }
    }
}
