package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;

/** The policy part of the tour: the orders it prints are LRU's, and halving the maximum evicts the coldest. */
final class CachePolicyTourTest {

    @Test
    void the_tour_lists_the_lru_order_and_halving_the_maximum_evicts_the_coldest() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.defaults())) {
            CachePolicyTour.run(memory, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("coldest [1, 3, 5], hottest [4, 2, 6]"), out);
        assertTrue(out.contains("setMaximum(3) evicted [1, 3, 5] at once; left, coldest first: [6, 2, 4]"), out);
    }
}
