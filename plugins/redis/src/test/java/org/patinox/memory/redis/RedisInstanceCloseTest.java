package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;
import redis.clients.jedis.Jedis;

/**
 * Closing the instance closes what it runs, as it closes its pools and caches: a tier or a shared
 * configuration left open must not keep its subscription (a connection and two threads) alive for
 * good once the pool and the local cache under it are gone.
 */
final class RedisInstanceCloseTest {

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void closing_the_instance_ends_the_subscriptions_of_its_tiers_and_configurations(String provider) {
        String url = RedisServer.sharedUrl();
        String name = "instance-" + UUID.randomUUID();
        String cacheChannel = "patinox:cache:" + name + ":invalidate";
        String configChannel = "patinox:config:" + name + ":published";
        RedisUrl parsed = RedisUrl.parse(url);
        try (Jedis admin = new Jedis(parsed.host(), parsed.port())) {
            MemoryUtilities memory = RedisPoolTest.open(provider, null);
            RedisTieredCache<String, String> tier = RedisTieredCacheTest.open(memory, url, name);
            RedisConfigSource<String> config = RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "initial",
                    List.of());
            Await.until("the configuration subscribed", config::connected);
            assertEquals(Map.of(cacheChannel, 1L, configChannel, 1L), admin.pubsubNumSub(cacheChannel, configChannel));

            memory.close();

            Await.until("no subscription left", () -> admin.pubsubNumSub(cacheChannel, configChannel)
                    .equals(Map.of(cacheChannel, 0L, configChannel, 0L)),
                    () -> admin.pubsubNumSub(cacheChannel, configChannel).toString());
            assertFalse(tier.connected());
            assertFalse(config.connected());
            tier.close(); // idempotent after the instance closed it
            config.close();
        }
    }
}
