package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;

/**
 * A subscription whose connection is lost without a word: a middlebox (a NAT, a firewall, a proxy)
 * forgets it, so Redis sees it closed and the client hears nothing, ever. The tier must notice, as
 * it would a closed connection, rather than stay deaf to every invalidation while reporting itself
 * connected.
 */
final class RedisSilentLossTest {

    /** Forwards connections to Redis until {@link #forget()}, which closes their Redis side only. */
    private static final class Middlebox implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> upstream = new CopyOnWriteArrayList<>();
        private final List<Socket> downstream = new CopyOnWriteArrayList<>();

        Middlebox(RedisUrl target) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("middlebox").start(() -> {
                try {
                    while (true) {
                        Socket client = server.accept();
                        Socket redis = new Socket(target.host(), target.port());
                        downstream.add(client);
                        upstream.add(redis);
                        pump(client, redis);
                        pump(redis, client);
                    }
                } catch (IOException closed) {
                    // the middlebox is closed
                }
            });
        }

        private static void pump(Socket from, Socket to) {
            Thread.ofVirtual().start(() -> {
                try {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException ended) {
                    // one side is gone; the other is left as it is, silent
                }
            });
        }

        String url() {
            return "redis://127.0.0.1:" + server.getLocalPort();
        }

        /** Closes the Redis side of every connection so far; their clients are told nothing. */
        void forget() throws IOException {
            for (Socket s : upstream) {
                s.close();
            }
            upstream.clear();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : upstream) {
                s.close();
            }
            for (Socket s : downstream) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_subscription_lost_without_a_word_is_noticed_and_renewed(String provider) throws Exception {
        String url = RedisServer.sharedUrl();
        String name = "silent-" + UUID.randomUUID();
        Properties quick = new Properties();
        quick.setProperty(RedisConnectionManager.SOCKET_TIMEOUT, "1s");
        try (Middlebox middlebox = new Middlebox(RedisUrl.parse(url));
             MemoryUtilities memory = RedisPoolTest.open(provider, null);
             RedisTieredCache<String, String> behind = RedisTieredCache.builder(memory, middlebox.url(), RedisCodec.utf8(),
                     RedisCodec.utf8()).name(name).connectionProperties(quick).build();
             RedisTieredCache<String, String> writer = RedisTieredCacheTest.open(memory, url, name)) {
            Await.until("subscribed behind the middlebox", behind::connected);
            writer.put("k", "v1");
            // Its announcement first, which would take out a copy read before it came.
            Await.until("the write announced behind the middlebox", () -> behind.invalidationsReceived() == 1);
            assertEquals("v1", behind.get("k"));
            assertEquals("v1", behind.local().getIfPresent("k"));
            middlebox.forget();
            Await.until("the lost subscription renewed", () -> behind.subscriptions() >= 2,
                    () -> "connected " + behind.connected() + ", subscriptions " + behind.subscriptions());
            writer.put("k", "v2");
            Await.until("the write heard behind the middlebox", () -> "v2".equals(behind.get("k")));
        }
    }
}
