package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.patinox.memory.UtilityConfig;

/**
 * The tour on the module path with both implementations present, found by service binding
 * although the examples module requires neither.
 */
final class TourTest {

    private static String tour(UtilityConfig config) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tour.run(config, Workload.DEFAULT, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void the_tour_runs_in_a_named_module_that_requires_no_implementation() {
        Module module = Tour.class.getModule();
        assertTrue(module.isNamed());
        assertTrue(module.getDescriptor().requires().stream()
                .noneMatch(r -> r.name().equals("org.patinox.memory.standard") || r.name().equals("org.patinox.memory.lockfree")));
    }

    @Test
    void with_both_implementations_found_the_higher_priority_one_is_chosen() throws Exception {
        String out = tour(UtilityConfig.defaults());
        assertTrue(out.contains("implementation: lockfree"), out);
        assertTrue(out.contains("chosen because: highest priority among [lockfree (priority 200), standard (priority 100)]"), out);
        assertTrue(out.contains("patinox.memory.shutdown-timeout = 10s"), out);
    }

    @Test
    void a_named_implementation_wins_over_priority() throws Exception {
        String out = tour(UtilityConfig.builder().provider("standard").build());
        assertTrue(out.contains("implementation: standard"), out);
        assertTrue(out.contains("chosen because: named in the configuration"), out);
        assertTrue(out.contains("patinox.memory.provider = standard"), out);
    }

    @Test
    void the_tour_queries_h2_from_virtual_threads_through_a_pool_that_never_grows_past_its_size() throws Exception {
        String out = tour(UtilityConfig.defaults());
        int queries = Workload.DEFAULT.queries();
        assertTrue(out.contains("rows seen " + queries), out);
        // Every worker borrowed twice per round; the pool opened at most its size, and kept every one.
        assertTrue(out.contains(" acquired=" + (2 * queries + 1) + " "), out);
        Matcher created = Pattern.compile(" created=(\\d+) destroyed=0").matcher(out);
        assertTrue(created.find(), out);
        int n = Integer.parseInt(created.group(1));
        assertTrue(n >= 1 && n <= Workload.DEFAULT.poolSize(), out);
    }

    @Test
    void the_tour_caches_query_results_and_its_counts_add_up() throws Exception {
        String out = tour(UtilityConfig.defaults());
        int lookups = Workload.DEFAULT.lookups();
        assertTrue(out.contains("Cache tour-row-counts: w-tinylfu, " + Workload.DEFAULT.cacheSize() + " entries for " + Workload.DEFAULT.workers()
                + " keys; " + lookups + " lookups"), out);
        Matcher counts = Pattern.compile("hits=(\\d+) misses=(\\d+) queries=(\\d+) evictions=(\\d+) size=(\\d+)").matcher(out);
        assertTrue(counts.find(), out);
        long hits = Long.parseLong(counts.group(1));
        long misses = Long.parseLong(counts.group(2));
        long queries = Long.parseLong(counts.group(3));
        long evictions = Long.parseLong(counts.group(4));
        long size = Long.parseLong(counts.group(5));
        assertEquals(lookups, hits + misses, out);
        // A miss waits for a query in flight for its key instead of running another.
        assertTrue(queries <= misses && queries >= size + evictions, out);
        // The skew puts 63% of lookups on the 8 most popular keys; any sensible policy hits a third.
        assertTrue(size <= Workload.DEFAULT.cacheSize() && evictions > 0 && 3 * hits > lookups, out);
    }

    @Test
    void the_tour_shows_its_progress_and_ends_with_a_report_of_every_part() throws Exception {
        String out = tour(UtilityConfig.defaults());
        int at = 0;
        for (int part = 1; part <= Tour.PARTS; part++) {
            at = out.indexOf("[" + part + "/" + Tour.PARTS + "] ", at);
            assertTrue(at >= 0, "part " + part + " announced in order\n" + out);
        }
        for (int quarter = 25; quarter <= 100; quarter += 25) {
            assertTrue(out.contains("  " + quarter + "% of " + Workload.DEFAULT.queries() + " queries\n"), out);
            assertTrue(out.contains("  " + quarter + "% of " + Workload.DEFAULT.lookups() + " lookups\n"), out);
        }
        int report = out.indexOf("\nReport\n");
        assertTrue(report > at, out);
        String table = out.substring(report);
        // Each part's name once, then its rows, values aligned in a column.
        for (String row : new String[] {"pool tour-h2 +connections borrowed +" + (2 * Workload.DEFAULT.queries() + 1),
                "cache tour-row-counts +lookups +" + Workload.DEFAULT.lookups(),
                "mapped file \\S+ +records +" + Workload.DEFAULT.trades(),
                "settings app-settings +current version +4\n.*reloads from the file +3\n.*updates the validator refused +[1-9]",
                "resources tour-resources +registered +4\n.*cleaned up +4\n.*leaked \\(closed by the safety net\\) +1"}) {
            assertTrue(Pattern.compile(row).matcher(table).find(), row + " in\n" + table);
        }
    }
}
