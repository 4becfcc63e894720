package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import redis.clients.jedis.Jedis;

/** The Redis time to live of a tiered cache takes its whole range: a huge one is no expiry. */
final class RedisTtlTest {

    private static long pttl(Jedis direct, String name, String key) {
        return direct.pttl(("patinox:cache:" + name + ":key:" + key).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_huge_ttl_is_no_expiry_and_every_write_is_stored(String provider) {
        String url = RedisServer.sharedUrl();
        RedisUrl parsed = RedisUrl.parse(url);
        try (MemoryUtilities memory = RedisPoolTest.open(provider, null);
             Jedis direct = new Jedis(parsed.host(), parsed.port())) {
            for (Duration ttl : List.of(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofMillis(Long.MAX_VALUE),
                    ChronoUnit.FOREVER.getDuration(), RedisTieredCache.NO_EXPIRY)) {
                String name = "ttl-" + UUID.randomUUID();
                try (RedisTieredCache<String, String> c = RedisTieredCache.builder(memory, url, RedisCodec.utf8(),
                        RedisCodec.utf8()).name(name).redisTtl(ttl).build()) {
                    Await.until("the subscription of " + name, c::connected);
                    c.put("k", "v");
                    assertEquals(-1, pttl(direct, name, "k"), ttl + ": stored without an expiry");
                    assertEquals("loaded", c.get("k2", k -> "loaded"));
                    assertEquals(-1, pttl(direct, name, "k2"), ttl + ": the loaded value is stored without an expiry");
                    direct.del(("patinox:cache:" + name + ":key:k").getBytes(StandardCharsets.UTF_8),
                            ("patinox:cache:" + name + ":key:k2").getBytes(StandardCharsets.UTF_8));
                }
            }
            // Just short of no expiry, Redis still takes the expiry.
            String name = "ttl-" + UUID.randomUUID();
            try (RedisTieredCache<String, String> c = RedisTieredCache.builder(memory, url, RedisCodec.utf8(),
                    RedisCodec.utf8()).name(name).redisTtl(RedisTieredCache.NO_EXPIRY.minusMillis(1)).build()) {
                Await.until("the subscription of " + name, c::connected);
                c.put("k", "v");
                assertTrue(pttl(direct, name, "k") > Long.MAX_VALUE / 4, "a long expiry");
                direct.del(("patinox:cache:" + name + ":key:k").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void a_ttl_that_is_not_positive_is_refused_naming_redis_ttl_and_the_value() {
        try (MemoryUtilities memory = RedisPoolTest.open("standard", null)) {
            for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(Long.MIN_VALUE))) {
                ConfigException e = assertThrows(ConfigException.class, () -> RedisTieredCache.builder(memory,
                        "redis://127.0.0.1", RedisCodec.utf8(), RedisCodec.utf8()).redisTtl(bad));
                assertTrue(e.getMessage().contains("redisTtl") && e.getMessage().contains(bad.toString()), e.getMessage());
            }
        }
        assertEquals(1, RedisTieredCache.pxMillis(Duration.ofNanos(1)));
        assertEquals(0, RedisTieredCache.pxMillis(null));
    }
}
