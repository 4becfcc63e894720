package org.patinox.memory.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.mapping.MappableType;
import org.patinox.memory.mapping.MappedFile;
import org.patinox.memory.mapping.MappedSlice;
import org.patinox.memory.mapping.MappingConfig;

/**
 * The memory-mapping part of the {@link Tour}: writes a typed file of trade records through a
 * mapping, closes it, maps it back read-only (the header checks that it holds trades), sums a
 * field over every record through a view of that one component, and prints the throughput of that
 * pass.
 */
public final class MappedFileTour {

    /**
     * One trade as it lies in the file: 24 bytes, id at 0, price at 8, quantity at 16, then 4
     * bytes of padding (see {@link MappableType#record}).
     *
     * @param id the trade's number
     * @param price the price of one unit
     * @param quantity how many units
     */
    public record Trade(long id, double price, int quantity) {
    }

    private MappedFileTour() {
    }

    /** @return the quantity of trade {@code i}, a formula the reader can check the sum against */
    static int quantity(long i) {
        return (int) (i % 100) + 1;
    }

    /**
     * @param memory the open library
     * @param run where the tour prints and reports, and how many trades the file holds
     */
    static void run(MemoryUtilities memory, Tour.Run run) {
        PrintStream out = run.out();
        MappableType<Trade> type = MappableType.record(Trade.class, ByteOrder.LITTLE_ENDIAN);
        Path file;
        try {
            file = Files.createTempFile("patinox-tour-trades", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            try (MappedFile written = memory.map(file, MappingConfig.builder().mode(MappingConfig.Mode.CREATE)
                    .forceOnClose(true).build())) {
                MappedSlice<Trade> trades = written.createTyped(type, run.workload().trades());
                for (long i = 0; i < trades.length(); i++) {
                    trades.set(i, new Trade(i, 10 + i % 7, quantity(i)));
                }
            }
            try (MappedFile read = memory.map(file, MappingConfig.readOnly())) {
                MappedSlice<Trade> trades = read.openTyped(type);
                // One field of every record, read alone: the loop reads what a hand-written one would.
                MappedSlice<Integer> quantities = trades.component("quantity", Integer.class);
                long bytes = trades.length() * type.byteSize();
                long best = Long.MAX_VALUE;
                long sum = 0;
                // A few passes: the first runs interpreted while the JIT compiles the loop.
                for (int pass = 0; pass < 5; pass++) {
                    long start = System.nanoTime();
                    sum = read.guarded(() -> {
                        long s = 0;
                        for (long i = 0; i < quantities.length(); i++) {
                            s += quantities.get(i);
                        }
                        return s;
                    });
                    best = Math.min(best, System.nanoTime() - start);
                }
                out.println("Mapped file " + read.name() + ": " + trades.length() + " trades of " + type.byteSize()
                        + " bytes (" + type.signatureText() + ")");
                String throughput = String.format(Locale.ROOT, "%.2f GB/s", bytes / (double) best);
                out.println(String.format(Locale.ROOT, "  sum of quantity = %d, in %.2f ms: %s", sum, best / 1e6,
                        throughput));
                String part = "mapped file " + read.name();
                run.report().add(part, "records", trades.length());
                run.report().add(part, "bytes", bytes);
                run.report().add(part, "typed read of one field of every record", throughput);
            }
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                out.println("  could not delete " + file + ": " + e);
            }
        }
    }
}
