package org.patinox.memory.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures each part of the {@link Tour} counted, printed as one table at the end. Parts add
 * their rows from the thread that runs them, one at a time.
 */
final class TourReport {

    private record Row(String part, String metric, String value) {
    }

    private final List<Row> rows = new ArrayList<>();

    /**
     * @param part the part that counted it, as "pool tour-h2"
     * @param metric what was counted
     * @param value its value
     */
    void add(String part, String metric, Object value) {
        rows.add(new Row(part, metric, String.valueOf(value)));
    }

    /** @param out where the table goes, its columns aligned */
    void print(PrintStream out) {
        int partWidth = "part".length();
        int metricWidth = "metric".length();
        for (Row row : rows) {
            partWidth = Math.max(partWidth, row.part().length());
            metricWidth = Math.max(metricWidth, row.metric().length());
        }
        String format = "  %-" + partWidth + "s  %-" + metricWidth + "s  %s%n";
        out.println();
        out.println("Report");
        out.printf(format, "part", "metric", "value");
        String previous = null;
        for (Row row : rows) {
            out.printf(format, row.part().equals(previous) ? "" : row.part(), row.metric(), row.value());
            previous = row.part();
        }
    }
}
