package org.patinox.memory.benchmarks;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.redis.RedisCodec;
import org.patinox.memory.redis.RedisTieredCache;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * The Redis plugin beside what it wraps, on a real server named by {@code PATINOX_REDIS_URL} (start
 * one with {@code .ci/redis.sh run benchmarks/run RedisTier}; without it the setup fails, saying so):
 * <ul>
 *   <li>{@link #hit}: a read that the local level answers, through the two-level cache ({@code tier})
 *       or the same local cache alone ({@code local}): what the tier costs on a hit;
 *   <li>{@link #miss}: a read of a key the local level lacks and Redis holds, through the tier (its
 *       local cache of size 1 is emptied by reading another key first, so every read misses) or a
 *       direct {@code GET} on one connection ({@code jedis}): what the tier adds to a round trip;
 *   <li>{@link #ping}: a {@code PING} on a connection borrowed and returned, from this project's pool
 *       ({@code patinox}, 8 connections) or through Jedis 8's {@code RedisClient} ({@code jedis-client}),
 *       which borrows from its own pool (commons-pool2, 8 connections by default) for each command.
 * </ul>
 * The subjects not named by a benchmark's parameter are the ones it skips (each method uses its own).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisTierBenchmark {

    /** {@code tier} or {@code local} for {@link #hit}, {@code tier} or {@code jedis} for {@link #miss}, {@code patinox} or {@code jedis-client} for {@link #ping}. */
    @Param({"tier", "local"})
    public String subject;

    private MemoryUtilities memory;
    private RedisTieredCache<String, String> tier;
    private RedisTieredCache<String, String> tinyTier;
    private Cache<String, String> local;
    private Jedis direct;
    private Pool<Jedis> pool;
    private RedisClient client;
    private final String[] keys = new String[1024];
    private int next;

    /** Opens everything against the server of {@code PATINOX_REDIS_URL}, and fills the caches. */
    @Setup
    public void open() {
        String url = System.getenv("PATINOX_REDIS_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("PATINOX_REDIS_URL names no Redis server: run .ci/redis.sh run benchmarks/run RedisTier");
        }
        memory = MemoryUtilities.open(UtilityConfig.builder().provider("standard").build());
        String name = "bench-" + UUID.randomUUID();
        CacheConfig<String, String> config = CacheConfig.<String, String>builder().maximumSize(4096)
                .policy(EvictionPolicy.lru()).recordStats(false).build();
        tier = RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8()).name(name).local(config).build();
        tinyTier = RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8()).name(name)
                .local(CacheConfig.<String, String>builder().maximumSize(1).policy(EvictionPolicy.lru()).recordStats(false).build())
                .build();
        local = memory.cache(config);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(tier.connected() && tinyTier.connected()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key-" + i;
            tier.put(keys[i], "value-" + i);
            local.put(keys[i], "value-" + i);
        }
        // The tier's own invalidations take its copies out: read until every key is local again.
        for (int round = 0; round < 100 && tier.local().size() < keys.length; round++) {
            for (String k : keys) {
                tier.get(k);
            }
        }
        java.net.URI u = java.net.URI.create(url);
        direct = new Jedis(u.getHost(), u.getPort());
        pool = memory.pool(url, Jedis.class, PoolConfig.builder().name("bench").minSize(8).maxSize(8)
                .acquireTimeout(Duration.ofSeconds(5)).build());
        client = RedisClient.create(u.getHost(), u.getPort()); // its own pool: commons-pool2, 8 connections
        client.ping();
    }

    /** @return the value of the next key, from the local level */
    @Benchmark
    public String hit() {
        String k = keys[next++ & (keys.length - 1)];
        return subject.equals("local") ? local.getIfPresent(k) : tier.get(k);
    }

    /** @return the value of the next key, from Redis */
    @Benchmark
    public String miss() {
        String k = keys[next++ & (keys.length - 1)];
        return subject.equals("jedis") ? direct.get("patinox:cache:" + tier.name() + ":key:" + k) : tinyTier.get(k);
    }

    /** @return the server's answer to a PING on a pooled connection */
    @Benchmark
    public String ping() throws InterruptedException {
        if (subject.equals("jedis-client")) {
            return client.ping(); // borrows from its pool and returns, inside
        }
        try (PooledConnection<Jedis> c = pool.acquire(Duration.ofSeconds(5))) {
            return c.get().ping();
        }
    }

    /** Closes everything. */
    @TearDown
    public void close() {
        client.close();
        direct.close();
        pool.close();
        tinyTier.invalidateAll();
        tinyTier.close();
        tier.close();
        local.close();
        memory.close();
    }
}
