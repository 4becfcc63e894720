package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import redis.clients.jedis.Jedis;

/** No password shows in the message of a refused Redis URL, whatever characters it holds. */
final class RedisUrlSecretTest {

    /** Passwords with the characters a naive mask stops at, each holding the marker {@code SECRET}. */
    private static final List<String> PASSWORDS = List.of("se/cretSECRET", "pa ssSECRET", "p@ssSECRET@x",
            "a:bSECRET", "p%40SECRET", "pässwörd-SECRET-密码", "a/b c@d:eSECRET", "line\nSECRET");

    /** URLs refused for their port, database or form, each with the password of {@link #PASSWORDS}. */
    private static List<String> badUrls(String password) {
        return List.of("redis://app:" + password + "@127.0.0.1:0",
                "redis://app:" + password + "@127.0.0.1:99999",
                "redis://app:" + password + "@127.0.0.1:6379/x",
                "rediss://" + password + "@127.0.0.1:0",
                "redis://app:" + password + "@h:1/2?q");
    }

    private static void assertMasked(Executable refused, String url) {
        ConfigException e = assertThrows(ConfigException.class, refused, url);
        assertFalse(e.getMessage().contains("SECRET"), () -> "the message shows the password: " + e.getMessage());
        assertTrue(e.getMessage().contains(RedisUrl.MASK), e.getMessage());
    }

    @Test
    void parse_never_shows_the_password_of_a_refused_url() {
        for (String password : PASSWORDS) {
            for (String url : badUrls(password)) {
                assertMasked(() -> RedisUrl.parse(url), url);
            }
        }
        ConfigException e = assertThrows(ConfigException.class, () -> RedisUrl.parse("redis://app:se/cret@127.0.0.1:0"));
        assertEquals("The port of a Redis URL must be 1 to 65535, but was 0: redis://app:*****@127.0.0.1:0", e.getMessage());
    }

    @Test
    void mask_any_masks_the_user_info_up_to_its_last_at_sign() {
        assertEquals("redis://app:*****@h:0", RedisUrl.maskAny("redis://app:se/cret@h:0"));
        assertEquals("redis://app:*****@h:0", RedisUrl.maskAny("redis://app:p@ss w/rd@h:0"));
        assertEquals("a redis://*****@h and rediss://u:*****@k end",
                RedisUrl.maskAny("a redis://pw/x@h and rediss://u:p w@k end"));
        for (String password : PASSWORDS) {
            String text = RedisUrl.maskAny("failed: redis://app:" + password + "@127.0.0.1:6379/0 (retry)");
            assertFalse(text.contains("SECRET"), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void pools_caches_and_config_sources_never_show_the_password_of_a_refused_url(String provider) {
        try (MemoryUtilities memory = RedisPoolTest.open(provider, null)) {
            for (String password : PASSWORDS) {
                for (String url : badUrls(password)) {
                    assertMasked(() -> memory.pool(url, Jedis.class, RedisPoolTest.config("p", 1)).close(), url);
                    assertMasked(() -> RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8())
                            .name("n").build().close(), url);
                    assertMasked(() -> RedisConfigSource.open(memory, url, "n", RedisCodec.utf8(), "initial", List.of())
                            .close(), url);
                }
            }
        }
    }
}
