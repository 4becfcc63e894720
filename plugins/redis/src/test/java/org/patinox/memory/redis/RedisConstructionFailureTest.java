package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.tck.RecordingMonitor;

/**
 * A tier or a configuration source whose construction fails after it opened its pool closes that
 * pool before it throws: a local cache whose configuration names no backend there is, an initial
 * value its own validators refuse. Needs no server: the URL names a port of 127.0.0.1 that nobody
 * listens on.
 */
final class RedisConstructionFailureTest {

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
    void a_tier_whose_local_cache_cannot_be_made_closes_the_pool_it_opened(String provider) throws Exception {
        String name = "fails-" + UUID.randomUUID();
        String url = closedPort();
        RecordingMonitor monitor = new RecordingMonitor();
        try (MemoryUtilities memory = RedisPoolTest.open(provider, monitor)) {
            CacheConfig<String, String> local = CacheConfig.<String, String>builder().backend("no-such-backend").build();
            ConfigException thrown = assertThrows(ConfigException.class,
                    () -> RedisTieredCache.builder(memory, url, RedisCodec.utf8(), RedisCodec.utf8()).name(name)
                            .local(local).build());
            assertTrue(thrown.getMessage().contains("no-such-backend"), thrown.getMessage());
            assertEquals(1, count(monitor, EventKind.POOL_OPENED));
            Await.until("the pool is closed", () -> count(monitor, EventKind.POOL_CLOSED) == 1, () -> monitor.kinds().toString());
            assertEquals(0, count(monitor, EventKind.CONNECTION_CREATED), "no socket was left open");
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals("patinox-redis-subscriber-cache " + name)), "no subscriber was started");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void a_configuration_source_whose_initial_value_its_validators_refuse_closes_the_pool_it_opened(String provider)
            throws Exception {
        String name = "fails-" + UUID.randomUUID();
        String url = closedPort();
        RecordingMonitor monitor = new RecordingMonitor();
        try (MemoryUtilities memory = RedisPoolTest.open(provider, monitor)) {
            ConfigData.Validator<String> refuseInitial = ConfigData.Validator.that("not the initial value",
                    v -> !v.equals("initial"));
            ConfigException thrown = assertThrows(ConfigException.class,
                    () -> RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "initial", List.of(refuseInitial)));
            assertTrue(thrown.getMessage().contains("not the initial value"), thrown.getMessage());
            assertEquals(1, count(monitor, EventKind.POOL_OPENED));
            Await.until("the pool is closed", () -> count(monitor, EventKind.POOL_CLOSED) == 1, () -> monitor.kinds().toString());
            assertEquals(0, count(monitor, EventKind.CONNECTION_CREATED), "no socket was left open");
        }
    }
}
