package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The connect and socket timeouts take their whole range: a huge one is no limit, never an overflow. */
final class RedisTimeoutTest {

    private static final List<Object> HUGE = List.of(Duration.ofSeconds(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), "9223372036854775807s", "9223372036854775807ms",
            "99999999999999999999999m", "PT2562047788015215H", Duration.ofDays(30));

    @Test
    void a_huge_timeout_is_no_limit_and_the_connection_works() {
        String url = RedisServer.sharedUrl();
        for (String key : List.of(RedisConnectionManager.CONNECT_TIMEOUT, RedisConnectionManager.SOCKET_TIMEOUT)) {
            for (Object value : HUGE) {
                Properties p = new Properties();
                p.put(key, value);
                RedisConnectionManager manager = RedisConnectionManager.of(url, p);
                try (Jedis jedis = manager.connect()) {
                    assertEquals("PONG", jedis.ping(), key + "=" + value);
                    if (key.equals(RedisConnectionManager.SOCKET_TIMEOUT)) {
                        assertEquals(0, jedis.getClient().getSoTimeout(), key + "=" + value + " is no limit");
                    }
                }
            }
        }
    }

    @Test
    void jedis_milliseconds_saturate_to_no_limit() {
        assertEquals(0, RedisConnectionManager.millis(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
        assertEquals(0, RedisConnectionManager.millis(Duration.ofMillis(Integer.MAX_VALUE + 1L)));
        assertEquals(Integer.MAX_VALUE, RedisConnectionManager.millis(Duration.ofMillis(Integer.MAX_VALUE)));
        assertEquals(1, RedisConnectionManager.millis(Duration.ofNanos(1)));
        assertEquals(2000, RedisConnectionManager.millis(Duration.ofSeconds(2)));
    }
}
