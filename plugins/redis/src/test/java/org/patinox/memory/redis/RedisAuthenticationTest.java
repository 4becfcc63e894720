package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.tck.LogCapture;
import redis.clients.jedis.Jedis;

/**
 * A server that refuses the login is a {@link RedisAuthenticationException} saying so, not an
 * outage, on both providers.
 */
final class RedisAuthenticationTest {

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_refused_login_is_an_authentication_failure_that_fails_every_later_command_at_once(String provider)
            throws Exception {
        String secret = "s3cret-" + UUID.randomUUID();
        try (RedisServer server = RedisServer.start("--requirepass", secret)) {
            for (String url : List.of(server.url(), "redis://default:wrong-" + secret + "@127.0.0.1:" + server.port())) {
                List<String> texts = new ArrayList<>();
                try (LogCapture log = LogCapture.of("org.patinox.memory", Level.ALL);
                     MemoryUtilities memory = RedisPoolTest.open(provider, null)) {
                    PoolConfig quick = PoolConfig.builder().name("auth-" + provider).minSize(0).maxSize(2)
                            .acquireTimeout(Duration.ofSeconds(1)).build();
                    try (Pool<Jedis> pool = memory.pool(url, Jedis.class, quick)) {
                        PoolException timeout = assertThrows(PoolException.class,
                                () -> pool.acquire(Duration.ofSeconds(1)).close());
                        RedisAuthenticationException cause = assertInstanceOf(RedisAuthenticationException.class,
                                timeout.getCause(), () -> "the cause of the timeout: " + timeout.getCause());
                        assertTrue(cause.getMessage().contains("authentication failed"), cause.getMessage());
                        assertEquals(RedisUrl.parse(url).masked(), cause.url());
                        texts.add(String.valueOf(cause));
                    }
                    // A tier with a long acquire timeout: once the refusal is known, a command fails at
                    // once with it (not after the timeout, and not as "unavailable").
                    try (RedisTieredCache<String, String> tier = RedisTieredCache.builder(memory, url,
                                    RedisCodec.utf8(), RedisCodec.utf8()).name("auth-" + UUID.randomUUID())
                            .pool(PoolConfig.builder().name("auth-tier-" + provider).maxSize(2)
                                    .acquireTimeout(Duration.ofSeconds(2)).build())
                            .build()) {
                        assertThrows(RedisAuthenticationException.class, () -> tier.put("k", "v"));
                        long start = System.nanoTime();
                        for (int i = 0; i < 5; i++) {
                            RedisAuthenticationException e = assertThrows(RedisAuthenticationException.class,
                                    () -> tier.put("k", "v"));
                            assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
                            texts.add(String.valueOf(e));
                            RedisAuthenticationException miss = assertThrows(RedisAuthenticationException.class,
                                    () -> tier.get("k", k -> "loaded"), "a refused login is no outage to load around");
                            texts.add(String.valueOf(miss));
                        }
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        // Ten commands that each waited the acquire timeout would take 20 s.
                        assertTrue(millis < 10_000, () -> "ten refused commands took " + millis + " ms");
                    }
                    for (LogRecord r : log.records()) {
                        texts.add(r.getMessage() + " " + r.getThrown());
                    }
                }
                for (String text : texts) {
                    assertFalse(text.contains(secret), () -> "a text shows the password: " + text);
                }
            }
        }
    }
}
