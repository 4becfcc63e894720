package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;

/** The tour's reloadable settings, on each implementation: every version printed, in order. */
final class ConfigReloadTourTest {

    private static String tour(String provider) throws Exception {
        Logger logger = Logger.getLogger("org.patinox.memory.share");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean useParent = logger.getUseParentHandlers();
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().provider(provider).build())) {
            ConfigReloadTour.run(memory, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(useParent);
        }
        assertTrue(records.stream().anyMatch(r -> r.getMessage().contains("workers must be 1 to 64")),
                "the rejected file is logged");
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
        }
    }
}
