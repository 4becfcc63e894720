package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;

/** The loading cache tour: one batch for the absent keys, the stale value served while it is refreshed. */
final class LoadingCacheTourTest {

    @Test
    void the_tour_loads_in_one_batch_serves_the_stale_price_at_once_and_refreshes_it() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.defaults())) {
            LoadingCacheTour.run(memory, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("get(apple)=3, getAll={apple=3, pear=4, plum=2} (single queries 1, batch queries 1"),
                out);
        assertTrue(out.contains("the read due returned 3 at once, the background refresh then gave 5;"
                + " refresh(plum) gave 2"), out);
        // The initial load, the batch, the apple's refresh and the plum's; more if the machine stalls a refresh period.
        java.util.regex.Matcher loads = java.util.regex.Pattern.compile("loads=(\\d+) failed=0").matcher(out);
        assertTrue(loads.find() && Integer.parseInt(loads.group(1)) >= 4, out);
    }
}
