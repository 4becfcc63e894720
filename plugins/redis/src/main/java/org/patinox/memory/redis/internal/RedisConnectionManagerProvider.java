package org.patinox.memory.redis.internal;

import java.util.Properties;
import org.patinox.memory.redis.RedisConnectionManager;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.ConnectionManagerProvider;
import redis.clients.jedis.Jedis;

/**
 * Provider {@code redis}: makes {@link RedisConnectionManager}s of {@link Jedis} connections for
 * every {@code redis://} and {@code rediss://} URL. Stateless and thread-safe, as {@link
 * java.util.ServiceLoader} requires.
 */
public final class RedisConnectionManagerProvider implements ConnectionManagerProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public RedisConnectionManagerProvider() {
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public boolean accepts(String url) {
        return url != null && (url.regionMatches(true, 0, "redis://", 0, 8) || url.regionMatches(true, 0, "rediss://", 0, 9));
    }

    @Override
    public Class<?> connectionType() {
        return Jedis.class;
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.patinox.memory.ConfigException when the URL is malformed or a setting is bad or
     *     unknown; the message shows the URL with its password masked
     */
    @Override
    public ConnectionManager<?> create(String url, Properties properties) {
        return RedisConnectionManager.of(url, properties);
    }

    @Override
    public String toString() {
        return "RedisConnectionManagerProvider[redis]";
    }
}
