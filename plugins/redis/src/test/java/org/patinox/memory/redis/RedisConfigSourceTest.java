package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.share.ConfigData;

/**
 * Configuration versions shared through Redis. Three sources of one name stand for three processes
 * (each has its own pool, subscription and local {@link ConfigData}).
 */
final class RedisConfigSourceTest {

    /** Records, per source, every version its ConfigData accepted: the order it applied them in. */
    private static ConfigData.Validator<String> recorder(List<String> seen) {
        return value -> seen.add(value);
    }

    /**
     * The validators also run on the initial value and, in the publishing process, before a value is
     * published: the order of application is that of each value's last validation.
     */
    private static List<String> applied(List<String> seen) {
        java.util.LinkedHashSet<String> order = new java.util.LinkedHashSet<>();
        for (String v : seen) {
            order.remove(v);
            order.add(v);
        }
        order.remove("initial");
        return List.copyOf(order);
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void every_process_applies_the_same_versions_in_the_same_order_and_a_late_one_starts_from_the_current(String provider)
            throws Exception {
        String url = RedisServer.sharedUrl();
        String name = "cfg-" + UUID.randomUUID();
        List<String> seenA = new CopyOnWriteArrayList<>();
        List<String> seenB = new CopyOnWriteArrayList<>();
        ConfigData.Validator<String> notEmpty = ConfigData.Validator.that("not empty", s -> !s.isEmpty());
        try (MemoryUtilities memory = RedisPoolTest.open(provider, null);
             RedisConfigSource<String> a = RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "initial",
                     List.of(notEmpty, recorder(seenA)));
             RedisConfigSource<String> b = RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "initial",
                     List.of(notEmpty, recorder(seenB)))) {
            assertEquals(0, a.version());
            assertEquals("initial", a.config().current().value().value());
            Await.until("subscribed", () -> a.connected() && b.connected());
            List<Long> delivered = new CopyOnWriteArrayList<>();
            a.config().subscribe(v -> delivered.add(v.value().version()));

            int each = 50;
            List<Thread> writers = new ArrayList<>();
            for (RedisConfigSource<String> s : List.of(a, b)) {
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        long v = s.publish(s.name() + "/" + i + "@" + UUID.randomUUID());
                        assertTrue(s.version() >= v, "the publisher holds its version, or a later one, on return");
                    }
                }));
            }
            for (Thread t : writers) {
                t.join();
            }
            Await.until("both at version 100", () -> a.version() == 2L * each && b.version() == 2L * each,
                    () -> a.version() + " " + b.version());
            List<String> appliedA = applied(seenA);
            assertEquals(2 * each, appliedA.size(), "every version applied once in a");
            assertEquals(appliedA, applied(seenB), "the same versions in the same order in both");
            assertEquals(a.config().current().value(), b.config().current().value());
            Await.until("the subscriber hears the last", () -> !delivered.isEmpty() && delivered.getLast() == 2L * each);
            for (int i = 1; i < delivered.size(); i++) {
                assertTrue(delivered.get(i) > delivered.get(i - 1), "strictly increasing: " + delivered);
            }

            ConfigException rejected = assertThrows(ConfigException.class, () -> a.publish(""));
            assertEquals("Configuration " + name + " rejected the value: not empty", rejected.getMessage());
            assertEquals(2L * each, a.version());

            try (RedisConfigSource<String> late = RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "initial",
                    List.of())) {
                assertEquals(2L * each, late.version(), "a late process starts from the current version");
                assertEquals(a.config().current().value().value(), late.config().current().value().value());
                long next = b.publish("after the late one");
                Await.until("the late one follows", () -> late.version() == next);
                assertEquals("after the late one", late.config().current().value().value());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void after_redis_restarts_empty_the_versions_go_on_above_those_applied_and_reach_every_process() throws Exception {
        String name = "cfg-restart-" + UUID.randomUUID();
        try (RedisServer server = RedisServer.start();
             MemoryUtilities memory = RedisPoolTest.open("standard", null);
             RedisConfigSource<String> a = RedisConfigSource.open(memory, server.url(), name, RedisCodec.utf8(), "initial", List.of());
             RedisConfigSource<String> b = RedisConfigSource.open(memory, server.url(), name, RedisCodec.utf8(), "initial", List.of())) {
            Await.until("subscribed", () -> a.connected() && b.connected());
            for (int i = 1; i <= 5; i++) {
                a.publish("v" + i);
            }
            Await.until("b at 5", () -> b.version() == 5);
            server.kill();
            server.startAgain(); // empty: it keeps nothing
            Await.until("both subscribed again", () -> a.subscriptions() == 2 && b.subscriptions() == 2
                    && a.connected() && b.connected());
            long v = b.publish("after the restart");
            assertTrue(v > 5, "numbered above what every process applied: " + v);
            Await.until("a follows", () -> a.version() == v);
            assertEquals("after the restart", a.config().current().value().value());
            assertEquals(b.config().current().value(), a.config().current().value());
        }
    }

    /**
     * A closed source is not Redis being unreachable: a caller that falls back on {@link
     * RedisUnavailableException} must not take it for an outage, and nothing may reach Redis.
     */
    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void publishing_to_a_closed_source_is_refused_as_closed_and_publishes_nothing(String provider) {
        String url = RedisServer.sharedUrl();
        String name = "closed-" + UUID.randomUUID();
        try (MemoryUtilities memory = RedisPoolTest.open(provider, null);
             RedisConfigSource<String> other = RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "initial", List.of())) {
            RedisConfigSource<String> closed = RedisConfigSource.open(memory, url, name, RedisCodec.utf8(), "initial", List.of());
            closed.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> closed.publish("after close"));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("closed"), e.getMessage());
            assertEquals(1, other.publish("next"), "nothing was published before");
        }
    }
}
