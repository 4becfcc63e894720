package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.tck.LogCapture;
import redis.clients.jedis.Jedis;

/**
 * A connection that died while borrowed (the server killed it) is destroyed on its return with the
 * pool's one line and no stack trace: after an outage that is routine, once per connection.
 */
final class RedisDeadConnectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_connection_that_died_while_borrowed_is_destroyed_on_return_with_one_short_line(String provider)
            throws Exception {
        try (RedisServer server = RedisServer.start();
             LogCapture log = LogCapture.of("org.patinox.memory", Level.ALL);
             MemoryUtilities memory = RedisPoolTest.open(provider, null);
             Pool<Jedis> pool = memory.pool(server.url(), Jedis.class, RedisPoolTest.config("dies-" + provider, 2))) {
            for (int i = 0; i < 3; i++) {
                try (PooledConnection<Jedis> c = pool.acquire(Duration.ofSeconds(10));
                     Jedis killer = new Jedis("127.0.0.1", server.port())) {
                    long id = c.get().clientId();
                    killer.clientKill(new redis.clients.jedis.params.ClientKillParams().id(Long.toString(id)));
                    assertThrows(redis.clients.jedis.exceptions.JedisConnectionException.class, () -> c.get().ping());
                }
            }
            Await.until("every dead connection destroyed", () -> pool.stats().destroyed() == 3,
                    () -> pool.stats().describe());
            List<LogRecord> recycles = log.records().stream()
                    .filter(r -> String.valueOf(r.getMessage()).contains("recycling a returned connection failed"))
                    .toList();
            assertEquals(3, recycles.size(), log::text);
            for (LogRecord r : recycles) {
                assertTrue(r.getThrown() == null || r.getThrown().getStackTrace().length == 0,
                        () -> "a stack trace for a dead connection: " + r.getThrown());
            }
        }
    }
}
