package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.tck.RecordingMonitor;

/**
 * A tier or a configuration source whose construction fails closes what it had opened before it
 * throws: its pool, its local cache or configuration, and its subscriber's listening thread. The
 * failure is the subscriber's, made by its test hook once its thread has started (the last step of
 * a construction, so everything else is open by then). Needs no server: the URL names a port of
 * 127.0.0.1 that nobody listens on, so the subscriber's attempts are refused.
 */
final class RedisConstructionFailureTest {

    /** Refused construction: the hook's failure. */
    private final IllegalStateException refused = new IllegalStateException("subscriber refused by the test");
    /** The listening thread of the subscriber whose construction failed. */
    private final AtomicReference<Thread> listening = new AtomicReference<>();

    @AfterEach
    void no_hook() {
        Subscriber.constructed = (what, thread) -> { };
    }

    /** Makes the construction of the subscriber of {@code what} fail once its thread runs. */
    private void failSubscriberOf(String what) {
        Subscriber.constructed = (w, thread) -> {
            if (w.equals(what)) {
                listening.set(thread);
                throw refused;
            }
        };
    }

    /** @return a Redis URL of a port of 127.0.0.1 closed just now */
    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "redis://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static long count(RecordingMonitor monitor, EventKind kind) {
        return monitor.kinds().stream().filter(k -> k == kind).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_tier_whose_construction_fails_leaves_no_pool_cache_or_thread_behind(String provider) throws Exception {
        String name = "fails-" + UUID.randomUUID();
        String url = closedPort();
        failSubscriberOf("cache " + name);
        RecordingMonitor monitor = new RecordingMonitor();
        try (MemoryUtilities memory = RedisPoolTest.open(provider, monitor)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8()).name(name).build());
            assertSame(refused, thrown);
            assertNotNull(listening.get(), "the subscriber's thread had started");
            listening.get().join(10_000);
            assertFalse(listening.get().isAlive(), "the listening thread ended with the construction");
            assertEquals(1, count(monitor, EventKind.POOL_OPENED));
            Await.until("the pool is closed", () -> count(monitor, EventKind.POOL_CLOSED) == 1, () -> monitor.kinds().toString());
            assertEquals(1, count(monitor, EventKind.CACHE_OPENED));
            Await.until("the local cache is closed", () -> count(monitor, EventKind.CACHE_CLOSED) == 1,
                    () -> monitor.kinds().toString());
            assertEquals(0, count(monitor, EventKind.CONNECTION_CREATED), "no socket was left open");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_configuration_source_whose_construction_fails_leaves_no_pool_or_thread_behind(String provider)
            throws Exception {
        String name = "fails-" + UUID.randomUUID();
        String url = closedPort();
        failSubscriberOf("config " + name);
        RecordingMonitor monitor = new RecordingMonitor();
        try (MemoryUtilities memory = RedisPoolTest.open(provider, monitor)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "initial", List.of()));
            assertSame(refused, thrown);
            assertNotNull(listening.get(), "the subscriber's thread had started");
            listening.get().join(10_000);
            assertFalse(listening.get().isAlive(), "the listening thread ended with the construction");
            assertEquals(1, count(monitor, EventKind.POOL_OPENED));
            Await.until("the pool is closed", () -> count(monitor, EventKind.POOL_CLOSED) == 1, () -> monitor.kinds().toString());
            assertEquals(0, count(monitor, EventKind.CONNECTION_CREATED), "no socket was left open");
        }
    }
}
