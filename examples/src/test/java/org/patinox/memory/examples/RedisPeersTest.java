package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;

/**
 * The two processes of {@link RedisPeers}, each with an instance of its own (its own pools,
 * subscriptions and local caches), on the server of {@code PATINOX_REDIS_URL}.
 */
final class RedisPeersTest {

    @Test
    void the_watcher_sees_every_greeting_and_the_settings_versions_in_order() throws Exception {
        String url = System.getenv("PATINOX_REDIS_URL");
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true, but PATINOX_REDIS_URL names no Redis server");
            }
            Assumptions.abort("PATINOX_REDIS_URL is not set: run the tests through .ci/redis.sh run ./mvnw ...");
        }
        String name = "peers-" + UUID.randomUUID();
        ByteArrayOutputStream watched = new ByteArrayOutputStream();
        ByteArrayOutputStream wrote = new ByteArrayOutputStream();
        try (MemoryUtilities watcherProcess = MemoryUtilities.open(UtilityConfig.builder().provider("standard").build());
             MemoryUtilities writerProcess = MemoryUtilities.open(UtilityConfig.builder().provider("lockfree").build());
             PrintStream watchOut = new PrintStream(watched, true, StandardCharsets.UTF_8);
             PrintStream writeOut = new PrintStream(wrote, true, StandardCharsets.UTF_8)) {
            CompletableFuture<List<String>> watcher = CompletableFuture.supplyAsync(() -> {
                try {
                    return RedisPeers.watch(watcherProcess, url, name, watchOut);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (!watched.toString(StandardCharsets.UTF_8).contains("start the writer")) {
                Thread.sleep(5);
            }
            RedisPeers.write(writerProcess, url, name, 3, Duration.ofMillis(200), writeOut);
            assertEquals(List.of("hello 1", "hello 2", "hello 3", "bye"), watcher.get(60, TimeUnit.SECONDS),
                    watched.toString(StandardCharsets.UTF_8));
        }
        String out = watched.toString(StandardCharsets.UTF_8);
        List<String> versions = new ArrayList<>();
        Matcher m = Pattern.compile("settings version (\\d+): (round=\\d)").matcher(out);
        while (m.find()) {
            versions.add(m.group(1) + " " + m.group(2));
        }
        // The initial version, then each published one once, in order.
        assertEquals(List.of("0 round=0", "1 round=1", "2 round=2", "3 round=3"), versions, out);
        assertTrue(wrote.toString(StandardCharsets.UTF_8).contains("published settings version 3 and greeting 'hello 3'"));
    }
}
