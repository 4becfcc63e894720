package org.patinox.memory.eviction.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.patinox.memory.tck.HitRatioChart;
import org.patinox.memory.tck.Trace;
import org.patinox.memory.tck.TraceSimulator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The simulator's chart: a well-formed SVG whose lines follow the table's figures. */
final class HitRatioChartTest {

    @BeforeAll
    static void readXml() {
        // The tests run inside the plugin's module, which does not read java.xml.
        HitRatioChartTest.class.getModule().addReads(ModuleLayer.boot().findModule("java.xml").orElseThrow());
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> policies(Document chart) {
        List<Element> groups = new ArrayList<>();
        NodeList all = chart.getElementsByTagName("g");
        for (int i = 0; i < all.getLength(); i++) {
            Element g = (Element) all.item(i);
            if (g.getAttribute("class").equals("policy")) {
                groups.add(g);
            }
        }
        return groups;
    }

    /** @return the points of a policy's line, as {x, y} pairs */
    private static double[][] points(Element policy) {
        String[] pairs = ((Element) policy.getElementsByTagName("polyline").item(0)).getAttribute("points").split(" ");
        double[][] points = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            String[] xy = pairs[i].split(",");
            points[i] = new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
        }
        return points;
    }

    @Test
    void each_policy_of_a_replayed_trace_is_a_line_through_its_hit_ratios() throws Exception {
        long[] sizes = {100, 1000};
        TraceSimulator.Table table = TraceSimulator.simulate(Trace.bundled("sprite"), sizes,
                List.of(TraceSimulator.strategy("lru"), TraceSimulator.strategy("lfu"), TraceSimulator.optimal()));
        Document chart = parse(HitRatioChart.svg(table));
        List<Element> lines = policies(chart);
        assertEquals(table.policies(), lines.stream().map(g -> g.getAttribute("data-policy")).toList());
        for (Element line : lines) {
            String policy = line.getAttribute("data-policy");
            double[][] points = points(line);
            assertEquals(sizes.length, points.length, policy);
            assertTrue(points[0][0] < points[1][0], "sizes run left to right: " + policy);
            // SVG's y grows downwards: the higher ratio is the higher point.
            double ratioGain = table.hits(1000, policy) - table.hits(100, policy);
            assertEquals(Math.signum(ratioGain), Math.signum(points[0][1] - points[1][1]), policy);
            NodeList marks = line.getElementsByTagName("circle");
            assertEquals(sizes.length, marks.getLength(), policy);
            for (int row = 0; row < sizes.length; row++) {
                assertEquals(policy + " at " + sizes[row] + ": " + table.percent(sizes[row], policy) + "%",
                        marks.item(row).getTextContent());
            }
        }
        // Belady's optimum is above every line at every size.
        double[][] opt = points(lines.get(2));
        for (Element line : lines.subList(0, 2)) {
            double[][] points = points(line);
            for (int row = 0; row < sizes.length; row++) {
                assertTrue(opt[row][1] <= points[row][1], line.getAttribute("data-policy"));
            }
        }
        assertTrue(chart.getDocumentElement().getTextContent().contains("logarithmic"),
                "sizes a factor of ten apart are drawn on a logarithmic axis");
    }

    @Test
    void names_are_escaped_and_odd_tables_draw_without_a_gap() throws Exception {
        TraceSimulator.Table odd = new TraceSimulator.Table("a <trace> & \"more\"", 10, 5, new long[] {64},
                List.of("x<y", "p&q"), new long[][] {{0, 10}});
        String svg = HitRatioChart.svg(odd);
        Document chart = parse(svg);
        assertEquals(List.of("x<y", "p&q"), policies(chart).stream().map(g -> g.getAttribute("data-policy")).toList());
        assertFalse(svg.contains("NaN") || svg.contains("Infinity"), svg);
        // 0% (x<y) is drawn below 100% (p&q).
        assertTrue(points(policies(chart).get(0))[0][1] > points(policies(chart).get(1))[0][1], svg);
        TraceSimulator.Table empty = new TraceSimulator.Table("t", 10, 5, new long[0], List.of("lru"), new long[0][]);
        assertEquals("a chart needs a size and a policy; the table has 0 sizes and 1 policies",
                assertThrows(IllegalArgumentException.class, () -> HitRatioChart.svg(empty)).getMessage());
    }

    @Test
    void the_chart_is_written_to_a_file(@TempDir Path dir) throws Exception {
        TraceSimulator.Table table = new TraceSimulator.Table("t", 100, 50, new long[] {10, 20, 40},
                List.of("lru"), new long[][] {{10}, {30}, {45}});
        Path file = dir.resolve("t.svg");
        HitRatioChart.write(table, file);
        assertEquals(HitRatioChart.svg(table), Files.readString(file));
        assertEquals(3, points(policies(parse(Files.readString(file))).getFirst()).length);
    }

    @Test
    void beside_its_table_the_simulator_writes_a_chart_named_after_the_trace(@TempDir Path dir) throws Exception {
        TraceSimulator.Table table = new TraceSimulator.Table("../traces/P3.lis.gz", 100, 50, new long[] {10, 20},
                List.of("lru"), new long[][] {{10}, {30}});
        Path file = HitRatioChart.writeInto(table, dir.resolve("charts"));
        assertEquals(dir.resolve("charts").resolve("P3.lis.gz-hit-ratio.svg"), file);
        assertEquals(HitRatioChart.svg(table), Files.readString(file));
    }
}
