package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;

/** The Redis tour, on the server of {@code PATINOX_REDIS_URL} (skipped without one, failed under {@code CI=true}). */
final class RedisTourTest {

    @Test
    void the_tour_pools_caches_on_two_levels_and_shares_a_configuration() throws Exception {
        String url = System.getenv("PATINOX_REDIS_URL");
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true, but PATINOX_REDIS_URL names no Redis server");
            }
            Assumptions.abort("PATINOX_REDIS_URL is not set: run the tests through .ci/redis.sh run ./mvnw ...");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
             MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider("standard").build())) {
            RedisTour.run(memory, out);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("read back 'hello'"), out);
        assertTrue(out.contains("pool: 1 created, 0 borrowed"), out);
        assertTrue(out.contains("b reads 'hello' (from Redis: 1 read)"), out);
        assertTrue(Pattern.compile("b reads it \\d+ us after a's put returned").matcher(out).find(), out);
        assertTrue(out.contains("shared configuration: version 1 is 'beta=on'"), out);
    }
}
