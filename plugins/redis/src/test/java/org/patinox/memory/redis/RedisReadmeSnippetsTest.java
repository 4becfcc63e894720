package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import redis.clients.jedis.Jedis;

/**
 * The README's Redis snippets (regions {@code tag::redis-*[]}, compared with the README by the
 * examples module's {@code ReadmeSnippetsTest}), run against the shared test server.
 */
final class RedisReadmeSnippetsTest {

    /** Where the snippets' users come from. */
    private static final class Repository {
        final List<String> loaded = new ArrayList<>();

        String load(String id) {
            loaded.add(id);
            return "user " + id;
        }
    }

    @Test
    void pooled_connections() throws Exception {
        // The README shows a URL with a password; the shared server has none, so the user and password are dropped here.
        String url = RedisServer.sharedUrl() + "/0";
        PoolConfig config = PoolConfig.builder().maxSize(2).build();
        String key = "greeting-" + UUID.randomUUID();
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            // tag::redis-pool[]
            try (Pool<Jedis> redis = memory.pool(url, Jedis.class, config);
                 PooledConnection<Jedis> c = redis.acquire(Duration.ofSeconds(1))) {
                c.get().set(key, "hello");
            }
            // end::redis-pool[]
            try (Pool<Jedis> redis = memory.pool(url, Jedis.class, config);
                 PooledConnection<Jedis> c = redis.acquire(Duration.ofSeconds(5))) {
                assertEquals("hello", c.get().get(key));
                c.get().del(key);
            }
        }
    }

    @Test
    void two_level_cache() throws Exception {
        String url = RedisServer.sharedUrl();
        Repository repository = new Repository();
        String name = "users-" + UUID.randomUUID();
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            // tag::redis-tier[]
            try (RedisTieredCache<String, String> users = RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8())
                    .name(name).local(CacheConfig.builder().maximumSize(10_000).build()).build()) {
                String u = users.get("42", id -> repository.load(id));   // local, else Redis, else the loader
                users.put("42", "Ada");                                   // Redis, then every process drops "42"
                // end::redis-tier[]
                assertEquals("user 42", u);
                // tag::redis-tier[]
            }
            // end::redis-tier[]
            assertEquals(List.of("42"), repository.loaded);
            try (RedisTieredCache<String, String> again = RedisTieredCache.builder(memory, url, RedisCodec.utf8(),
                    RedisCodec.utf8()).name(name).local(CacheConfig.builder().maximumSize(10).build()).build()) {
                assertEquals("Ada", again.get("42"), "the put reached Redis");
                again.invalidate("42");
            }
        }
    }

    @Test
    void configuration_across_processes() throws Exception {
        String url = RedisServer.sharedUrl();
        String name = "flags-" + UUID.randomUUID();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (MemoryUtilities memory = MemoryUtilities.open()) {
            // tag::redis-config[]
            try (RedisConfigSource<String> flags = RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "defaults", List.of())) {
                flags.config().subscribe(v -> seen.add(v.value().version() + ": " + v.value().value()));
                flags.publish("beta=on");                                 // from any process
                // end::redis-config[]
                Await.until("version 1 delivered", () -> seen.contains("1: beta=on"));
                // tag::redis-config[]
            }
            // end::redis-config[]
        }
        assertEquals("1: beta=on", seen.getLast());
    }
}
