package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;

/** The mapping part of the tour: the sum it prints is the one its records hold. */
final class MappedFileTourTest {

    @Test
    void the_tour_writes_trades_maps_them_back_and_sums_their_quantities() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.defaults())) {
            MappedFileTour.run(memory, Tour.Run.of(Workload.DEFAULT, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        long expected = LongStream.range(0, Workload.DEFAULT.trades()).map(MappedFileTour::quantity).sum();
        assertTrue(out.contains(Workload.DEFAULT.trades() + " trades of 24 bytes (struct Trade{i64le id@0, f64le price@8,"
                + " i32le quantity@16, pad 4@20} size 24 align 8)"), out);
        assertTrue(out.contains("sum of quantity = " + expected + ", in "), out);
        assertTrue(out.contains(" GB/s"), out);
    }
}
