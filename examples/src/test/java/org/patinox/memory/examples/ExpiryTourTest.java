package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;

/** The expiry tour on both implementations: each session expires by its own role's lifetime. */
final class ExpiryTourTest {

    @Test
    void sessions_expire_by_their_own_lifetime_and_a_service_never() {
        for (String provider : new String[] {"standard", "lockfree"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build())) {
                ExpiryTour.run(memory, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            }
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("Sessions after 8 minutes: expired [], live [s1, s2, s3]"),
                    provider + ": the read at 4 minutes kept the admin's session: " + out);
            assertTrue(out.contains("Sessions after 10 minutes: expired [s1], live [s2, s3]"), provider + ": " + out);
            assertTrue(out.contains("Sessions after 400 days: expired [s1, s2], live [s3]"), provider + ": " + out);
        }
    }
}
