package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;

/** Parsing and masking of Redis URLs. */
final class RedisUrlTest {

    @Test
    void the_forms_of_a_redis_url() {
        RedisUrl full = RedisUrl.parse("rediss://app:p%40ss:word@cache.example:6380/2");
        assertTrue(full.tls());
        assertEquals(Optional.of("app"), full.user());
        assertEquals(Optional.of("p@ss:word"), full.password());
        assertEquals("cache.example", full.host());
        assertEquals(6380, full.port());
        assertEquals(2, full.database());
        assertEquals("rediss://app:*****@cache.example:6380/2", full.toString());

        RedisUrl bare = RedisUrl.parse("redis://127.0.0.1");
        assertFalse(bare.tls());
        assertEquals(Optional.empty(), bare.user());
        assertEquals(Optional.empty(), bare.password());
        assertEquals(6379, bare.port());
        assertEquals(0, bare.database());
        assertEquals("redis://127.0.0.1:6379/0", bare.masked());

        assertEquals(Optional.of("only"), RedisUrl.parse("redis://only@h").password());
        assertEquals(Optional.of("pw"), RedisUrl.parse("redis://:pw@h/").password());
        assertEquals("redis://:*****@h:6379/0", RedisUrl.parse("redis://:pw@h").masked());
        assertEquals("::1", RedisUrl.parse("redis://[::1]:7000").host());
    }

    @Test
    void a_malformed_url_is_refused_without_its_password() {
        ConfigException e = assertThrows(ConfigException.class, () -> RedisUrl.parse("redis://u:topsecret@h:12/x?y"));
        assertEquals("Not a Redis URL of the form redis[s]://[[user]:password@]host[:port][/database]: redis://u:*****@h:12/x?y",
                e.getMessage());
        assertThrows(ConfigException.class, () -> RedisUrl.parse("http://h"));
        assertThrows(ConfigException.class, () -> RedisUrl.parse("redis://h:0"));
    }

    @Test
    void mask_any_masks_every_redis_url_in_a_text() {
        assertEquals("from redis://a:*****@h and rediss://*****@k, not http://u:p@x",
                RedisUrl.maskAny("from redis://a:b@h and rediss://pw@k, not http://u:p@x"));
    }
}
