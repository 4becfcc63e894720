package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.PoolException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.ConnectionManagerProvider;
import org.patinox.memory.tck.RecordingMonitor;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/** Pooled Redis connections, through {@code memory.pool(url, Jedis.class, config)}, on both implementations. */
final class RedisPoolTest {

    static MemoryUtilities open(String provider, RecordingMonitor monitor) {
        UtilityConfig.Builder b = UtilityConfig.builder().provider(provider);
        if (monitor != null) {
            b.addMonitor(monitor);
        }
        return MemoryUtilities.open(b.build());
    }

    static PoolConfig config(String name, int max) {
        return PoolConfig.builder().name(name).minSize(0).maxSize(max).acquireTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void service_loader_finds_the_provider_for_redis_urls_only() {
        RedisPoolTest.class.getModule().addUses(ConnectionManagerProvider.class);
        List<ConnectionManagerProvider> found = ServiceLoader.load(ConnectionManagerProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("redis")).toList();
        assertEquals(1, found.size());
        ConnectionManagerProvider p = found.getFirst();
        assertTrue(p.accepts("redis://127.0.0.1:6379"));
        assertTrue(p.accepts("REDISS://h"));
        assertFalse(p.accepts("jdbc:h2:mem:x"));
        assertFalse(p.accepts("redis:"));
        assertFalse(p.accepts(null));
        assertEquals(Jedis.class, p.connectionType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_pool_for_a_redis_url_runs_commands_and_resets_what_a_holder_changed(String provider) throws Exception {
        String url = RedisServer.sharedUrl();
        String key = "patinox:test:" + UUID.randomUUID();
        try (MemoryUtilities memory = open(provider, null);
             Pool<Jedis> pool = memory.pool(url + "/0", Jedis.class, config("redis-" + provider, 1))) {
            Jedis first;
            try (PooledConnection<Jedis> c = pool.acquire(Duration.ofSeconds(10))) {
                first = c.get();
                assertEquals("OK", c.get().set(key, "v"));
                c.get().select(3);             // the holder moves to another database
                c.get().set(key, "in-db-3");
                Transaction t = c.get().multi(); // and leaves a transaction open
                t.set(key, "never");
            }
            try (PooledConnection<Jedis> c = pool.acquire(Duration.ofSeconds(10))) {
                assertTrue(first == c.get(), "one connection, pooled (maxSize 1)");
                assertEquals(0, c.get().getDB(), "the URL's database again");
                assertEquals("v", c.get().get(key), "database 0, and no transaction left queuing");
                c.get().select(3);
                assertEquals("in-db-3", c.get().get(key), "the MULTI was discarded, not executed");
                c.get().del(key);
                c.get().select(0);
                c.get().del(key);
            }
            assertEquals(0, pool.stats().active());
            assertEquals(1, pool.stats().created());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_broken_connection_is_destroyed_on_return_and_the_pool_makes_a_new_one(String provider) throws Exception {
        String url = RedisServer.sharedUrl();
        try (MemoryUtilities memory = open(provider, null);
             Pool<Jedis> pool = memory.pool(url, Jedis.class, config("broken-" + provider, 1))) {
            Jedis first;
            try (PooledConnection<Jedis> c = pool.acquire(Duration.ofSeconds(10))) {
                first = c.get();
                // The server closes this connection: the next command fails and marks it broken.
                try (Jedis admin = new Jedis(RedisUrl.parse(url).host(), RedisUrl.parse(url).port())) {
                    String name = "victim-" + UUID.randomUUID();
                    c.get().clientSetname(name);
                    admin.clientKill(redis.clients.jedis.params.ClientKillParams.clientKillParams()
                            .addr(clientAddr(c.get(), name)));
                }
                assertThrows(RuntimeException.class, () -> c.get().ping());
            }
            try (PooledConnection<Jedis> c = pool.acquire(Duration.ofSeconds(10))) {
                assertNotEquals(System.identityHashCode(first), System.identityHashCode(c.get()));
                assertEquals("PONG", c.get().ping());
            }
            assertEquals(2, pool.stats().created());
            assertEquals(1, pool.stats().destroyed());
        }
    }

    private static String clientAddr(Jedis jedis, String name) {
        for (String line : jedis.clientList().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                for (String field : line.split(" ")) {
                    if (field.startsWith("addr=")) {
                        return field.substring(5);
                    }
                }
            }
        }
        throw new AssertionError("no client named " + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_password_never_shows_in_messages_events_or_texts(String provider) throws Exception {
        String secret = "s3cret-" + UUID.randomUUID();
        try (RedisServer server = RedisServer.start("--requirepass", secret)) {
            String good = "redis://:" + secret + "@127.0.0.1:" + server.port();
            String bad = "redis://default:wrong-" + secret + "@127.0.0.1:" + server.port();
            RecordingMonitor monitor = new RecordingMonitor();
            List<String> texts = new ArrayList<>();
            try (MemoryUtilities memory = open(provider, monitor)) {
                try (Pool<Jedis> pool = memory.pool(good, Jedis.class, config("secret-ok-" + provider, 2))) {
                    try (PooledConnection<Jedis> c = pool.acquire(Duration.ofSeconds(10))) {
                        assertEquals("PONG", c.get().ping());
                        texts.add(c.toString());
                    }
                    texts.add(pool.toString());
                }
                PoolConfig quick = PoolConfig.builder().name("secret-bad-" + provider).minSize(0).maxSize(1)
                        .acquireTimeout(Duration.ofSeconds(2)).build();
                try (Pool<Jedis> pool = memory.pool(bad, Jedis.class, quick)) {
                    texts.add(pool.toString());
                    PoolException e = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofSeconds(2)).close());
                    assertEquals(PoolException.Kind.TIMEOUT, e.kind());
                    RedisAuthenticationException cause = assertInstanceOf(RedisAuthenticationException.class,
                            e.getCause(), "the login failure is the cause of the timeout");
                    assertEquals("redis://default:*****@127.0.0.1:" + server.port() + "/0", cause.url());
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        texts.add(t.toString());
                    }
                }
            }
            for (MonitorEvent event : monitor.events()) {
                texts.add(event.toString());
            }
            assertFalse(texts.isEmpty());
            for (String text : texts) {
                assertFalse(text.contains(secret), () -> "a text shows the password: " + text);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void redis_unreachable_at_start_is_a_timeout_naming_the_url_without_its_password(String provider) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "redis://app:hunter2-secret@127.0.0.1:" + port + "/1";
        PoolConfig quick = PoolConfig.builder().name("nobody-" + provider).minSize(0).maxSize(2)
                .acquireTimeout(Duration.ofMillis(1500)).build();
        try (MemoryUtilities memory = open(provider, null);
             Pool<Jedis> pool = memory.pool(url, Jedis.class, quick)) {
            PoolException e = assertThrows(PoolException.class, () -> pool.acquire(Duration.ofMillis(1500)).close());
            RedisUnavailableException cause = assertInstanceOf(RedisUnavailableException.class, e.getCause());
            assertEquals("redis://app:*****@127.0.0.1:" + port + "/1", cause.url());
            assertTrue(cause.getMessage().startsWith("Cannot connect to Redis at redis://app:*****@127.0.0.1:" + port + "/1"),
                    cause.getMessage());
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(t.toString().contains("hunter2"), t.toString());
            }
            assertEquals(0, pool.stats().active());
        }
    }

    @Test
    void bad_settings_name_the_key_and_value_and_never_the_password() {
        Properties p = new Properties();
        p.setProperty(RedisConnectionManager.SOCKET_TIMEOUT, "soon");
        ConfigException e = assertThrows(ConfigException.class,
                () -> RedisConnectionManager.of("redis://:pw-secret@127.0.0.1", p));
        assertEquals("patinox.memory.redis.socket-timeout must be a duration such as 250ms, 2s or PT2S, but was 'soon'",
                e.getMessage());
        Properties typo = new Properties();
        typo.setProperty("patinox.memory.redis.conect-timeout", "1s");
        ConfigException t = assertThrows(ConfigException.class, () -> RedisConnectionManager.of("redis://h", typo));
        assertTrue(t.getMessage().startsWith("Unknown Redis setting patinox.memory.redis.conect-timeout"), t.getMessage());
        ConfigException u = assertThrows(ConfigException.class,
                () -> RedisConnectionManager.of("redis://user:pw-secret@127.0.0.1:99999", null));
        assertEquals("The port of a Redis URL must be 1 to 65535, but was 99999: redis://user:*****@127.0.0.1:99999",
                u.getMessage());
        Properties withPassword = new Properties();
        withPassword.setProperty("password", "from-props");
        assertEquals("RedisConnectionManager[redis://127.0.0.1:6379/0]",
                RedisConnectionManager.of("redis://127.0.0.1", withPassword).toString().replace(":*****@", "@"));
        assertNull(null);
    }
}
