package org.patinox.memory.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The heap each entry of a full cache costs at 10 thousand, 1 million and 10 million entries,
 * for the caches of {@link CacheGrowthBenchmark}: the heap in use after a full collection with the
 * cache filled, less the heap in use before it was opened, divided by the entries. The keys are
 * allocated before and shared by every cache, and every value is one object, so that the figure is
 * the cache's own: its table, its nodes, and what grows with its bound (a frequency sketch, a
 * strategy's structures). JOL's exact graph walk ({@link CacheMemoryFootprint}) would take minutes
 * at 10 million entries; at these sizes the heap's own count is as good.
 */
public final class CacheGrowthFootprint {

    static final int[] SIZES = {10_000, 1_000_000, 10_000_000};

    private CacheGrowthFootprint() {
    }

    /**
     * Prints the table.
     *
     * @param args none
     */
    public static void main(String[] args) {
        System.out.println(measure());
    }

    /** @return the Markdown table: a row per cache, a column per size */
    static String measure() {
        Integer[] keys = CacheSubjects.keys(SIZES[SIZES.length - 1]);
        List<String> caches = List.of("patinox-lockfree-w-tinylfu", "patinox-standard-w-tinylfu", "caffeine");
        List<String> rows = new ArrayList<>();
        rows.add("Heap per entry of a full cache, bytes (heap in use after a full collection, keys and values excluded; "
                + System.getProperty("java.vm.name") + " " + Runtime.version() + ").");
        rows.add("");
        StringBuilder header = new StringBuilder("| cache |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int size : SIZES) {
            header.append(String.format(Locale.ROOT, " %,d |", size));
            rule.append("---:|");
        }
        rows.add(header.toString());
        rows.add(rule.toString());
        for (String cache : caches) {
            StringBuilder row = new StringBuilder("| " + cache + " |");
            for (int size : SIZES) {
                row.append(String.format(Locale.ROOT, " %.1f |", perEntry(cache, keys, size)));
            }
            rows.add(row.toString());
        }
        return String.join("\n", rows) + "\n";
    }

    /** @return the heap each entry of a full cache of {@code size} entries costs */
    static double perEntry(String cache, Integer[] keys, int size) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = settledHeap(memory);
        CacheSubjects.Subject<Integer, Boolean> subject = CacheSubjects.open(cache, size);
        try {
            for (int i = 0; i < size; i++) {
                subject.put(keys[i], Boolean.TRUE);
            }
            CacheSubjects.requireFull(subject, cache, size, "filled");
            long after = settledHeap(memory);
            return (after - before) / (double) size;
        } finally {
            subject.close();
        }
    }

    /**
     * @return the heap in use after full collections, once it stops shrinking: a cache closed just
     *     before may stay reachable from its instance's background threads for a moment
     */
    private static long settledHeap(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 50; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now > used - (64 << 10)) {
                return Math.min(now, used);
            }
            used = now;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the heap settled", e);
            }
        }
        return used;
    }
}
