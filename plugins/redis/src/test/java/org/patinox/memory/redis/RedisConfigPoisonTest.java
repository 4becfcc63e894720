package org.patinox.memory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.MemoryUtilities;

/** A version the codec cannot decode is skipped in every process, which go on with the next ones. */
final class RedisConfigPoisonTest {

    /** Reads every value but those starting with "bad", as a codec meets a value of a newer release. */
    private static final RedisCodec<String> PICKY = RedisCodec.of(s -> s.getBytes(StandardCharsets.UTF_8), b -> {
        String s = new String(b, StandardCharsets.UTF_8);
        if (s.startsWith("bad")) {
            throw new IllegalArgumentException("cannot decode " + s);
        }
        return s;
    });

    @ParameterizedTest
    @ValueSource(strings = {"standard", "lockfree"})
    void an_undecodable_version_is_skipped_and_later_ones_applied(String provider) {
        String url = RedisServer.sharedUrl();
        String name = "poison-" + UUID.randomUUID();
        try (MemoryUtilities memory = RedisPoolTest.open(provider, null);
             RedisConfigSource<String> a = RedisConfigSource.open(memory, url, name, PICKY, "init", List.of());
             RedisConfigSource<String> b = RedisConfigSource.open(memory, url, name, PICKY, "init", List.of())) {
            Await.until("subscribed", () -> a.connected() && b.connected());
            assertEquals(1, a.publish("good1"));
            assertEquals(2, a.publish("bad"), "published, and no codec failure thrown");
            assertEquals(3, a.publish("good2"));
            assertEquals(4, b.publish("good3"));
            Await.until("both at version 4", () -> a.version() == 4 && b.version() == 4, () -> a.version() + " " + b.version());
            assertEquals("good3", a.config().current().value().value());
            assertEquals("good3", b.config().current().value().value());

            assertEquals(5, a.publish("bad again"));
            try (RedisConfigSource<String> late = RedisConfigSource.open(memory, url, name, PICKY, "init", List.of())) {
                assertEquals(new RedisConfigSource.Shared<>(0, "init"), late.config().current().value(),
                        "opened on an undecodable version: the initial value");
                Await.until("subscribed", late::connected);
                assertEquals(6, b.publish("good4"));
                Await.until("every process at version 6", () -> a.version() == 6 && b.version() == 6 && late.version() == 6);
                assertEquals("good4", late.config().current().value().value());
            }
        }
    }
}
