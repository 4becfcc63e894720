package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;

/** The tour's reloadable settings, on each implementation: every version printed, in order. */
final class ConfigReloadTourTest {

    private static String tour(String provider) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build())) {
            ConfigReloadTour.run(memory, Tour.Run.of(Workload.DEFAULT, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void each_version_is_printed_as_the_subscriber_sees_it_and_the_invalid_one_is_rejected() throws Exception {
        for (String provider : List.of("standard", "lockfree")) {
            String out = tour(provider);
            int v1 = out.indexOf("subscriber saw version 1: Settings[workers=1, greeting=built-in]");
            int v2 = out.indexOf("subscriber saw version 2: Settings[workers=4, greeting=hello]");
            int v3 = out.indexOf("subscriber saw version 3: Settings[workers=8, greeting=hello again]");
            int rejected = out.indexOf("rejected: Config app-settings rejected the update; version 3 stays current: 1 rule failed:"
                    + " workers must be 1 to 64");
            int kept = out.indexOf("still in force: version 3 Settings[workers=8, greeting=hello again]");
            int v4 = out.indexOf("subscriber saw version 4: Settings[workers=16, greeting=renamed in]");
            assertTrue(v1 >= 0 && v1 < v2 && v2 < v3 && v3 < rejected && rejected < kept && kept < v4, out);
            assertTrue(out.contains("reloads from the file: 3"), out);
            // The warning of the rejected file is routed into the tour's output, in its place.
            int logged = out.indexOf("logged WARNING: app-settings: the file ");
            assertTrue(logged > v3 && logged < v4 && out.indexOf("workers must be 1 to 64", logged) > 0, out);
        }
    }
}
