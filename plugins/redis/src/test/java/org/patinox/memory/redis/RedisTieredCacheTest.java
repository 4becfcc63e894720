package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.pool.PoolConfig;
import redis.clients.jedis.Jedis;

/**
 * The two-level cache, with two instances of one cache name standing for two processes (each has
 * its own pool, local cache and subscription, as a process would); {@code TwoProcessTest} runs it
 * across JVMs.
 */
final class RedisTieredCacheTest {

    static RedisTieredCache<String, String> open(MemoryUtilities memory, String url, String name) {
        RedisTieredCache<String, String> c = RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8())
                .name(name).local(CacheConfig.builder().maximumSize(1_000).policy(EvictionPolicy.lru()).build()).build();
        Await.until("the subscription of " + name, c::connected);
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void reads_hit_locally_misses_read_redis_then_the_loader_and_writes_reach_the_other_process(String provider) {
        String url = RedisServer.sharedUrl();
        String name = "t-" + UUID.randomUUID();
        try (MemoryUtilities memory = RedisPoolTest.open(provider, null);
             RedisTieredCache<String, String> a = open(memory, url, name);
             RedisTieredCache<String, String> b = open(memory, url, name)) {
            AtomicInteger loads = new AtomicInteger();
            assertEquals("v1", a.get("k", k -> { loads.incrementAndGet(); return "v1"; }));
            assertEquals(1, a.redisMisses());
            // The load was stored and announced: b drops what it held of k when the message comes.
            Await.until("b hears of the load", () -> b.invalidationsReceived() == 1);
            assertEquals("v1", b.get("k", k -> { loads.incrementAndGet(); return "other"; }), "from Redis, not the loader");
            assertEquals(1, loads.get());
            assertEquals(1, b.redisHits());
            assertEquals("v1", b.get("k"));
            assertEquals(1, b.redisHits(), "a local hit the second time");
            assertEquals("v1", b.local().getIfPresent("k"));

            a.put("k", "v2");
            assertEquals("v2", a.get("k"), "the writer reads its own write at once");
            Await.until("b drops its copy of k", () -> "v2".equals(b.get("k")));
            assertTrue(b.invalidationsReceived() >= 1);

            b.invalidate("k");
            Await.until("a drops k", () -> a.get("k") == null);
            try (Jedis direct = new Jedis(RedisUrl.parse(url).host(), RedisUrl.parse(url).port())) {
                assertFalse(direct.exists(("patinox:cache:" + name + ":key:k").getBytes(StandardCharsets.UTF_8)));
                a.put("x", "1");
                a.put("y", "2");
                assertEquals("1", b.get("x"));
                b.invalidateAll();
                Await.until("a drops everything", () -> a.local().getIfPresent("y") == null && a.get("x") == null);
                assertTrue(direct.keys("patinox:cache:" + name + ":*").isEmpty(), "nothing left in Redis");
            }
        }
    }

    @Test
    void byte_array_values_and_a_redis_time_to_live() throws Exception {
        String url = RedisServer.sharedUrl();
        String name = "b-" + UUID.randomUUID();
        try (MemoryUtilities memory = RedisPoolTest.open("standard", null);
             RedisTieredCache<String, byte[]> c = RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.bytes())
                     .name(name).redisTtl(Duration.ofSeconds(100)).build()) {
            Await.until("subscribed", c::connected);
            c.put("k", new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, c.get("k"));
            try (Jedis direct = new Jedis(RedisUrl.parse(url).host(), RedisUrl.parse(url).port())) {
                long pttl = direct.pttl(("patinox:cache:" + name + ":key:k").getBytes(StandardCharsets.UTF_8));
                assertTrue(pttl > 0 && pttl <= 100_000, "PX set: " + pttl);
            }
        }
    }

    @Test
    void while_redis_is_unreachable_local_hits_work_misses_load_uncached_and_writes_fail_naming_the_url() throws Exception {
        String name = "down-" + UUID.randomUUID();
        try (RedisServer server = RedisServer.start();
             MemoryUtilities memory = RedisPoolTest.open("standard", null)) {
            String url = server.url();
            try (RedisTieredCache<String, String> c = RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8())
                    .name(name).pool(PoolConfig.builder().name("down").maxSize(2).acquireTimeout(Duration.ofMillis(500)).build())
                    .build()) {
                Await.until("subscribed", c::connected);
                // Stored behind the tier's back, so that no announcement is on its way to take the copy out.
                try (Jedis direct = new Jedis("127.0.0.1", server.port())) {
                    direct.set("patinox:cache:" + name + ":key:kept", "v");
                }
                assertEquals("v", c.get("kept"));
                assertEquals("v", c.local().getIfPresent("kept"));
                server.kill();
                Await.until("the loss is seen", () -> !c.connected());
                assertEquals("v", c.get("kept"), "a local hit needs no Redis");
                AtomicInteger loads = new AtomicInteger();
                assertEquals("loaded", c.get("miss", k -> { loads.incrementAndGet(); return "loaded"; }));
                assertEquals("loaded", c.get("miss", k -> { loads.incrementAndGet(); return "loaded"; }));
                assertEquals(2, loads.get(), "not cached while Redis is unreachable");
                RedisUnavailableException e = assertThrows(RedisUnavailableException.class, () -> c.put("k", "x"));
                assertEquals("redis://127.0.0.1:" + server.port() + "/0", e.url());
                assertTrue(e.getMessage().contains("redis://127.0.0.1:" + server.port() + "/0"), e.getMessage());
                assertThrows(RedisUnavailableException.class, () -> c.get("other"));
                assertThrows(RedisUnavailableException.class, () -> c.invalidate("kept"));
                assertNull(c.local().getIfPresent("kept"), "invalidate drops the local copy all the same");

                server.startAgain();
                Await.until("resubscribed", () -> c.connected() && c.subscriptions() == 2);
                c.put("k", "after");
                assertEquals("after", c.get("k"));
                assertEquals(0, c.pool().stats().active(), "nothing left borrowed");
            }
        }
    }

    /**
     * Writes succeed again as soon as Redis is back, while the subscription may still wait out its
     * backoff: a write then must not leave the old local copy behind, since no announcement of its
     * own will come to take it out.
     */
    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_write_while_the_subscription_is_still_down_is_read_back_not_the_old_local_copy(String provider) throws Exception {
        String name = "back-" + UUID.randomUUID();
        try (RedisServer server = RedisServer.start();
             MemoryUtilities memory = RedisPoolTest.open(provider, null);
             RedisTieredCache<String, String> c = open(memory, server.url(), name)) {
            c.put("k", "v1");
            assertEquals("v1", c.get("k"));
            server.kill();
            Await.until("the loss is seen", () -> !c.connected());
            // Long enough for the subscriber's pause between attempts to grow to a second or more.
            Thread.sleep(3_000);
            server.startAgain();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    c.put("k", "v2");
                    break;
                } catch (RedisUnavailableException notYet) {
                    assertTrue(System.nanoTime() < deadline, "Redis takes writes again");
                    Thread.sleep(10);
                }
            }
            boolean subscribed = c.connected();
            assertEquals("v2", c.get("k"), "the own write, read back (subscribed at the write: " + subscribed + ")");
            Await.until("resubscribed", c::connected);
            assertEquals("v2", c.get("k"));
        }
    }

    /**
     * {@code CLIENT KILL} (or a restart quicker than the pool's validation threshold) leaves every
     * idle connection of the pool stale: each fails on its first command. Redis is up all along, so
     * no caller may fail for drawing them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void connections_killed_while_idle_fail_no_caller_while_redis_is_up(String provider) throws Exception {
        String name = "killed-" + UUID.randomUUID();
        try (RedisServer server = RedisServer.start();
             MemoryUtilities memory = RedisPoolTest.open(provider, null);
             RedisTieredCache<String, String> c = RedisTieredCache.builder(memory, server.url(), RedisCodec.utf8(), RedisCodec.utf8())
                     .name(name).pool(PoolConfig.builder().name("killed").maxSize(4).acquireTimeout(Duration.ofSeconds(2)).build())
                     .build();
             Jedis admin = new Jedis("127.0.0.1", server.port())) {
            Await.until("subscribed", c::connected);
            java.util.List<org.patinox.memory.pool.PooledConnection<Jedis>> held = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(c.pool().acquire(Duration.ofSeconds(2)));
            }
            for (var each : held) {
                each.close();
            }
            assertEquals(4, c.pool().stats().idle());
            // The pool's connections only: the subscription's (type pubsub) and this one stay.
            admin.clientKill(new redis.clients.jedis.params.ClientKillParams()
                    .type(redis.clients.jedis.args.ClientType.NORMAL)
                    .skipMe(redis.clients.jedis.params.ClientKillParams.SkipMe.YES));
            for (int i = 0; i < 4; i++) {
                c.put("k", "v" + i);
                assertEquals("v" + i, admin.get("patinox:cache:" + name + ":key:k"));
            }
            assertEquals(0, c.pool().stats().active(), "nothing left borrowed");
        }
    }

    /**
     * A server that takes the connection but refuses the subscription (here: it wants a password the
     * URL lacks, so {@code SUBSCRIBE} gets {@code NOAUTH}) must see the subscriber back off, 50 ms
     * doubling to 2 s, not reconnect every 50 ms for as long as it refuses.
     */
    @Test
    void a_refused_subscription_is_retried_with_a_growing_pause() throws Exception {
        try (RedisServer server = RedisServer.start("--requirepass", "s3cret");
             Jedis admin = new Jedis("127.0.0.1", server.port());
             MemoryUtilities memory = RedisPoolTest.open("standard", null)) {
            admin.auth("s3cret");
            long before = connectionsReceived(admin);
            try (RedisTieredCache<String, String> c = RedisTieredCache.builder(memory, server.url(), RedisCodec.utf8(),
                    RedisCodec.utf8()).name("refused-" + UUID.randomUUID()).build()) {
                Thread.sleep(3_000);
                assertFalse(c.connected());
            }
            long attempts = connectionsReceived(admin) - before;
            // 50 + 100 + 200 + 400 + 800 + 1600 ms: 7 attempts in 3 s, and 60 without the pauses growing.
            assertTrue(attempts >= 2 && attempts <= 12, "attempts in 3 s: " + attempts);
        }
    }

    private static long connectionsReceived(Jedis admin) {
        return admin.info("stats").lines().filter(l -> l.startsWith("total_connections_received:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElseThrow();
    }

    @Test
    void a_name_is_required_and_checked() {
        try (MemoryUtilities memory = RedisPoolTest.open("standard", null)) {
            var b = RedisTieredCache.builder(memory, "redis://127.0.0.1", RedisCodec.utf8(), RedisCodec.utf8());
            ConfigException none = assertThrows(ConfigException.class, b::build);
            assertEquals("A Redis tiered cache needs a name (Builder.name), shared by its processes", none.getMessage());
            ConfigException bad = assertThrows(ConfigException.class, () -> b.name("has space"));
            assertEquals("The name of a Redis tiered cache must be 1 to 200 letters, digits, '.', '_' or '-', but was 'has space'",
                    bad.getMessage());
            ConfigException url = assertThrows(ConfigException.class, () -> RedisTieredCache.builder(memory,
                    "redis://u:pw-secret@h:0", RedisCodec.utf8(), RedisCodec.utf8()).name("n").build());
            assertFalse(url.getMessage().contains("pw-secret"), url.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void a_read_overtaken_by_an_invalidation_does_not_leave_its_old_value_behind(boolean withLoader) throws Exception {
        String url = RedisServer.sharedUrl();
        String name = "overtaken-" + UUID.randomUUID();
        try (MemoryUtilities memory = RedisPoolTest.open("standard", null);
             RedisTieredCache<String, String> a = open(memory, url, name);
             RedisTieredCache<String, String> b = open(memory, url, name)) {
            b.put("k", "old");
            Await.until("a hears the first write", () -> a.invalidationsReceived() == 1);
            java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            a.afterRedisRead = () -> {
                read.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            java.util.concurrent.atomic.AtomicReference<String> got = new java.util.concurrent.atomic.AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> got.set(withLoader ? a.get("k", k -> "loaded") : a.get("k")));
            read.await();                       // a has read "old" from Redis, not yet kept it
            a.afterRedisRead = null;
            b.put("k", "new");                  // and the invalidation overtakes it
            Await.until("a hears the second write", () -> a.invalidationsReceived() == 2);
            go.countDown();
            reader.join();
            assertEquals("old", got.get(), "the read returns what it read: it began before the write");
            assertNull(a.local().getIfPresent("k"), "but keeps nothing the invalidation has overtaken");
            assertEquals("new", a.get("k"));
        }
    }

    @Test
    void a_load_never_overwrites_a_value_another_process_stored_meanwhile() throws Exception {
        String url = RedisServer.sharedUrl();
        String name = "nx-" + UUID.randomUUID();
        try (MemoryUtilities memory = RedisPoolTest.open("standard", null);
             RedisTieredCache<String, String> a = open(memory, url, name);
             RedisTieredCache<String, String> b = open(memory, url, name)) {
            // a misses in Redis, then, while its loader runs, b writes: the write wins.
            String got = a.get("k", k -> {
                b.put("k", "written");
                return "loaded";
            });
            assertEquals("written", got);
            try (Jedis direct = new Jedis(RedisUrl.parse(url).host(), RedisUrl.parse(url).port())) {
                assertEquals("written", direct.get("patinox:cache:" + name + ":key:k"));
            }
            Await.until("b's announcement reaches a", () -> a.invalidationsReceived() == 1);
            assertEquals("written", a.get("k"));
        }
    }

    @Test
    void null_keys_values_and_loaders_are_refused_naming_them_before_redis_is_asked() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: a refusal reaching Redis would be an outage instead
        }
        try (MemoryUtilities memory = RedisPoolTest.open("standard", null);
             RedisTieredCache<String, String> c = RedisTieredCache.builder(memory, "redis://127.0.0.1:" + port,
                     RedisCodec.utf8(), RedisCodec.utf8()).name("nulls-" + UUID.randomUUID()).build()) {
            assertEquals("key", assertThrows(NullPointerException.class, () -> c.get(null)).getMessage());
            assertEquals("key", assertThrows(NullPointerException.class, () -> c.get(null, k -> "v")).getMessage());
            assertEquals("loader", assertThrows(NullPointerException.class, () -> c.get("k", null)).getMessage());
            assertEquals("key", assertThrows(NullPointerException.class, () -> c.put(null, "v")).getMessage());
            assertEquals("value", assertThrows(NullPointerException.class, () -> c.put("k", null)).getMessage());
            assertEquals("key", assertThrows(NullPointerException.class, () -> c.invalidate(null)).getMessage());
        }
    }

    @Test
    void a_tier_opened_while_redis_is_down_fails_operations_naming_the_url_masked_and_warns_once() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "redis://app:Sw0rdfish-secret@127.0.0.1:" + port;
        String masked = "redis://app:*****@127.0.0.1:" + port + "/0";
        try (org.patinox.memory.tck.LogCapture log = org.patinox.memory.tck.LogCapture.of("org.patinox.memory.redis",
                     java.util.logging.Level.ALL);
             MemoryUtilities memory = RedisPoolTest.open("standard", null);
             RedisTieredCache<String, String> c = RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8())
                     .name("nowhere-" + UUID.randomUUID())
                     .pool(PoolConfig.builder().name("nowhere").maxSize(1).acquireTimeout(Duration.ofMillis(300)).build())
                     .build()) {
            RedisUnavailableException e = assertThrows(RedisUnavailableException.class, () -> c.put("k", "v"));
            assertEquals(masked, e.url());
            assertTrue(e.getMessage().startsWith("No connection to Redis at " + masked), e.getMessage());
            assertEquals("fallback", c.get("k", k -> "fallback"));
            assertFalse(c.connected());
            Await.until("a few retries of the subscription", () -> log.records().size() >= 3);
            long warnings = log.records().stream().filter(r -> r.getLevel() == java.util.logging.Level.WARNING).count();
            assertEquals(1, warnings, "an outage is warned of once");
            for (var r : log.records()) {
                String text = String.valueOf(r.getMessage()) + r.getThrown();
                assertFalse(text.contains("Sw0rdfish"), text);
                assertTrue(text.contains(masked), text);
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(t.toString().contains("Sw0rdfish"), t.toString());
            }
        }
    }
}
