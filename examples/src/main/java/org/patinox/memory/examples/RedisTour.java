package org.patinox.memory.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.redis.RedisCodec;
import org.patinox.memory.redis.RedisConfigSource;
import org.patinox.memory.redis.RedisTieredCache;
import redis.clients.jedis.Jedis;

/**
 * The tour's part on Redis, when {@code PATINOX_REDIS_URL} names a server (else it says how to give
 * one and skips): a pool of Redis connections, a two-level cache whose two instances stand for two
 * processes (a write in one takes the other's local copy out), and a configuration whose versions
 * every process sees in the same order.
 */
public final class RedisTour {

    private RedisTour() {
    }

    /**
     * @param memory the open library
     * @param out where the tour writes
     */
    static void run(MemoryUtilities memory, PrintStream out) throws InterruptedException {
        String url = System.getenv("PATINOX_REDIS_URL");
        if (url == null || url.isBlank()) {
            out.println("Redis: skipped; set PATINOX_REDIS_URL=redis://127.0.0.1:6379, or run through .ci/redis.sh run");
            return;
        }
        String name = "tour-" + UUID.randomUUID();
        try (Pool<Jedis> pool = memory.pool(url, Jedis.class, PoolConfig.builder().name("tour-redis").maxSize(4).build())) {
            try (PooledConnection<Jedis> c = pool.acquire(Duration.ofSeconds(5))) {
                c.get().set("patinox:tour:greeting", "hello");
                out.println("Redis: pooled connection to " + url + " read back '" + c.get().get("patinox:tour:greeting") + "'");
                c.get().del("patinox:tour:greeting");
            }
            out.println("  pool: " + pool.stats().created() + " created, " + pool.stats().active() + " borrowed");
            tiers(memory, url, name, out);
            try (RedisConfigSource<String> flags = RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "beta=off",
                    List.of())) {
                long v = flags.publish("beta=on");
                out.println("  shared configuration: version " + v + " is '" + flags.config().current().value().value() + "'");
            }
            try (PooledConnection<Jedis> c = pool.acquire(Duration.ofSeconds(5))) {
                c.get().del("patinox:config:" + name + ":version", "patinox:config:" + name + ":versions");
            }
        }
    }

    private static void tiers(MemoryUtilities memory, String url, String name, PrintStream out) throws InterruptedException {
        CacheConfig<String, String> local = CacheConfig.<String, String>builder().maximumSize(100).build();
        try (RedisTieredCache<String, String> a = RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8())
                     .name(name).local(local).build();
             RedisTieredCache<String, String> b = RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8())
                     .name(name).local(local).build()) {
            while (!(a.connected() && b.connected())) {
                Thread.sleep(5);
            }
            a.get("greeting", k -> "hello");
            out.println("  two-level cache: b reads '" + b.get("greeting") + "' (from Redis: " + b.redisHits() + " read)");
            a.put("greeting", "bonjour");
            long start = System.nanoTime();
            while (!"bonjour".equals(b.get("greeting"))) {
                Thread.onSpinWait();
            }
            out.printf("  a writes 'bonjour'; b reads it %d us after a's put returned%n", (System.nanoTime() - start) / 1000);
            a.invalidateAll(); // the tour leaves nothing in Redis
        }
    }
}
