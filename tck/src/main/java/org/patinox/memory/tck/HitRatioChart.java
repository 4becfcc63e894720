package org.patinox.memory.tck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link TraceSimulator.Table} as a chart: hit ratio against cache size, one line per
 * policy, in a standalone SVG file that any browser shows without a network. The size axis is
 * logarithmic when the sizes span a factor of ten or more, as the curves of hit ratio are usually
 * drawn; the ratio axis spans the figures' range, rounded out to tens.
 */
public final class HitRatioChart {

    static final int WIDTH = 780;
    static final int HEIGHT = 460;
    static final int LEFT = 64;
    static final int RIGHT = 210;
    static final int TOP = 48;
    static final int BOTTOM = 56;

    /** Ten colours told apart by most eyes, the policies' in the table's order, then again. */
    private static final List<String> COLOURS = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

    private HitRatioChart() {
    }

    /**
     * Writes the chart of the table to a file, replacing it.
     *
     * @param table the simulator's results
     * @param file where the SVG goes
     * @throws IOException when the file cannot be written
     */
    public static void write(TraceSimulator.Table table, Path file) throws IOException {
        Files.writeString(file, svg(table), StandardCharsets.UTF_8);
    }

    /**
     * Writes the chart of the table into a directory, named after the trace.
     *
     * @param table the simulator's results
     * @param directory where the chart goes; made when missing
     * @return the file written: {@code <trace>-hit-ratio.svg}, the trace's name reduced to letters,
     *     digits, dots, dashes and underscores
     * @throws IOException when the directory or the file cannot be written
     */
    public static Path writeInto(TraceSimulator.Table table, Path directory) throws IOException {
        String trace = table.trace();
        String base = trace.substring(trace.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        Files.createDirectories(directory.toAbsolutePath());
        Path file = directory.resolve(base + "-hit-ratio.svg");
        write(table, file);
        return file;
    }

    /**
     * @param table the simulator's results; at least one size and one policy
     * @return the chart as an SVG document
     */
    public static String svg(TraceSimulator.Table table) {
        long[] sizes = table.sizes();
        long[][] hits = table.hits();
        List<String> policies = table.policies();
        if (sizes.length == 0 || policies.isEmpty()) {
            throw new IllegalArgumentException("a chart needs a size and a policy; the table has " + sizes.length
                    + " sizes and " + policies.size() + " policies");
        }
        double low = 100;
        double high = 0;
        for (long[] row : hits) {
            for (long h : row) {
                double ratio = ratio(h, table.requests());
                low = Math.min(low, ratio);
                high = Math.max(high, ratio);
            }
        }
        Axis y = Axis.ratios(low, high);
        Axis x = Axis.sizes(sizes);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;

        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        b.append(String.format(Locale.ROOT, "<title>%s: hit ratio by cache size</title>%n", escape(table.trace())));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s"
                + " (%,d requests, %,d distinct keys)</text>%n", LEFT, escape(table.trace()), table.requests(),
                table.distinctKeys()));
        for (double tick = y.from(); tick <= y.to() + 1e-9; tick += y.step()) {
            double py = TOP + plotHeight * (1 - y.position(tick));
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, py, LEFT + plotWidth, py));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f%%</text>%n",
                    LEFT - 6, py + 4, tick));
        }
        for (long size : sizes) {
            double px = LEFT + plotWidth * x.position(size);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n",
                    px, TOP, px, TOP + plotHeight));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    px, TOP + plotHeight + 18, size));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#333\"/>%n", LEFT, TOP, plotWidth, plotHeight));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">cache size (entries%s)</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 14, x.logarithmic() ? ", logarithmic" : ""));
        b.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">"
                + "hit ratio</text>%n", TOP + plotHeight / 2));
        for (int p = 0; p < policies.size(); p++) {
            String colour = COLOURS.get(p % COLOURS.size());
            String name = escape(policies.get(p));
            b.append(String.format(Locale.ROOT, "<g class=\"policy\" data-policy=\"%s\" stroke=\"%s\" fill=\"%s\">%n",
                    name, colour, colour));
            StringBuilder points = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (int row = 0; row < sizes.length; row++) {
                double ratio = ratio(hits[row][p], table.requests());
                double px = LEFT + plotWidth * x.position(sizes[row]);
                double py = TOP + plotHeight * (1 - y.position(ratio));
                points.append(String.format(Locale.ROOT, "%s%.1f,%.1f", row == 0 ? "" : " ", px, py));
                marks.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%s at %d: %s%%"
                        + "</title></circle>%n", px, py, name, sizes[row], TraceSimulator.percent(hits[row][p],
                        table.requests())));
            }
            b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke-width=\"2\"/>%n", points));
            b.append(marks);
            int ly = TOP + 8 + 20 * p;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-width=\"2\"/>%n",
                    LEFT + plotWidth + 14, ly, LEFT + plotWidth + 38, ly));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" stroke=\"none\" fill=\"#333\">%s</text>%n",
                    LEFT + plotWidth + 44, ly + 4, name));
            b.append("</g>").append(System.lineSeparator());
        }
        b.append("</svg>").append(System.lineSeparator());
        return b.toString();
    }

    /** @return the hit ratio in percent */
    static double ratio(long hits, int requests) {
        return requests == 0 ? 0 : 100.0 * hits / requests;
    }

    /** @return the text with XML's five special characters escaped */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    /**
     * Where a value lies along an axis.
     *
     * @param from the value at the start
     * @param to the value at the end
     * @param step the distance between ticks (ratio axis only)
     * @param logarithmic whether positions follow the logarithm of the value
     */
    record Axis(double from, double to, double step, boolean logarithmic) {

        /** @return the ratio axis: the figures' range rounded out to tens, at least one step wide */
        static Axis ratios(double low, double high) {
            double from = Math.floor(low / 10) * 10;
            double to = Math.max(from + 10, Math.ceil(high / 10) * 10);
            return new Axis(from, to, to - from > 40 ? 10 : 5, false);
        }

        /** @return the size axis: logarithmic when the sizes span a factor of ten or more */
        static Axis sizes(long[] sizes) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long s : sizes) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
            boolean log = min > 0 && max >= 10 * min;
            // A single size, or equal sizes, sits in the middle.
            return max == min ? new Axis(min - 1, max + 1, 1, false) : new Axis(min, max, 1, log);
        }

        /** @return where the value lies, 0 at the start and 1 at the end */
        double position(double value) {
            return logarithmic ? (Math.log(value) - Math.log(from)) / (Math.log(to) - Math.log(from))
                    : (value - from) / (to - from);
        }
    }
}
