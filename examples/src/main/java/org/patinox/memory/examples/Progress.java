package org.patinox.memory.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the {@link Tour} prints while it runs: a heading per part with the time the previous one
 * took, and, for the long parts, the share of their work done in quarters.
 */
final class Progress {

    private final PrintStream out;
    private final int parts;
    private int part;
    private long partStarted;

    /**
     * @param out where the progress goes
     * @param parts how many parts the run has
     */
    Progress(PrintStream out, int parts) {
        this.out = out;
        this.parts = parts;
    }

    /**
     * Ends the previous part and starts the next.
     *
     * @param title what the part does
     */
    void part(String title) {
        finishPart();
        part++;
        partStarted = System.nanoTime();
        out.println();
        out.println("[" + part + "/" + parts + "] " + title);
    }

    /** Ends the last part. */
    void finishPart() {
        if (part > 0) {
            out.printf(Locale.ROOT, "  (%.2f s)%n", (System.nanoTime() - partStarted) / 1e9);
        }
    }

    /**
     * @param what what is counted, as "queries"
     * @param total how many there will be
     * @return a counter, safe from many threads, that prints each quarter once when it is reached
     */
    Counter counter(String what, long total) {
        return new Counter(what, total);
    }

    /** Counts work done from many threads and prints each quarter of the total once. */
    final class Counter {
        private final String what;
        private final long total;
        private final AtomicLong done = new AtomicLong();

        private Counter(String what, long total) {
            this.what = what;
            this.total = total;
        }

        /** Counts one unit of work. */
        void tick() {
            long now = done.incrementAndGet();
            // Only the thread whose unit crosses a quarter prints it, so each quarter shows once.
            if (now * 4 / total != (now - 1) * 4 / total) {
                out.println("  " + (now * 4 / total) * 25 + "% of " + total + " " + what);
            }
        }
    }
}
