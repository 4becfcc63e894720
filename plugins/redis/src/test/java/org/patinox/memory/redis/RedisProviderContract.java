package org.patinox.memory.redis;

import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.patinox.memory.redis.internal.RedisConnectionManagerProvider;
import org.patinox.memory.spi.ConnectionManagerProvider;
import org.patinox.memory.tck.ConnectionManagerProviderContract;
import redis.clients.jedis.Jedis;

/** Provider {@code redis} against the connection-manager-provider contract, on a throwaway server; a subclass names the pool's implementation. */
abstract class RedisProviderContract extends ConnectionManagerProviderContract<Jedis> {

    private static RedisServer server;

    @BeforeAll
    static void start_a_server() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop_the_server() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected ConnectionManagerProvider newProvider() {
        return new RedisConnectionManagerProvider();
    }

    @Override
    protected String url() {
        return server.url();
    }

    @Override
    protected boolean isOpen(Jedis connection) {
        return connection.isConnected();
    }

    @Override
    protected Optional<String> unreachableUrl() {
        return Optional.of("redis://127.0.0.1:1");
    }

    @Override
    protected String pluginLogger() {
        return "redis.clients"; // Jedis, through slf4j-jdk14; the plugin's own names are under the library's
    }
}
