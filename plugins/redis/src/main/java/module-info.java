/**
 * The Redis plugin of Patinox Memory, on the Jedis client: a {@link
 * org.patinox.memory.spi.ConnectionManager} for {@code redis://} and {@code rediss://} URLs, found as
 * the {@link org.patinox.memory.spi.ConnectionManagerProvider} named {@code redis}; {@link
 * org.patinox.memory.redis.RedisTieredCache}, a local cache in front of Redis kept coherent across
 * processes; and {@link org.patinox.memory.redis.RedisConfigSource}, configuration versions shared
 * across processes. Jedis is an automatic module: its pooled connections are {@code
 * redis.clients.jedis.Jedis}, which users name, so it is required transitively.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.patinox.memory.redis {
    requires transitive org.patinox.memory.api;
    requires transitive redis.clients.jedis;
    // Jedis, an automatic module, declares nothing: what it loads at run time must be resolved here.
    requires org.slf4j;
    requires org.apache.commons.pool2;

    exports org.patinox.memory.redis;

    provides org.patinox.memory.spi.ConnectionManagerProvider
            with org.patinox.memory.redis.internal.RedisConnectionManagerProvider;
}
