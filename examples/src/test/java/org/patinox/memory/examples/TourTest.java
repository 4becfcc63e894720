package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.patinox.memory.UtilityConfig;

/**
 * The tour on the module path with both implementations present, found by service binding
 * although the examples module requires neither.
 */
final class TourTest {

    private static String tour(UtilityConfig config) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tour.run(config, new PrintStream(bytes, true, StandardCharsets.UTF_8));
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
    void with_both_implementations_found_the_higher_priority_one_is_chosen() {
        String out = tour(UtilityConfig.defaults());
        assertTrue(out.contains("implementation: lockfree"), out);
        assertTrue(out.contains("chosen because: highest priority among [lockfree (priority 200), standard (priority 100)]"), out);
        assertTrue(out.contains("patinox.memory.shutdown-timeout = 10s"), out);
    }

    @Test
    void a_named_implementation_wins_over_priority() {
        String out = tour(UtilityConfig.builder().provider("standard").build());
        assertTrue(out.contains("implementation: standard"), out);
        assertTrue(out.contains("chosen because: named in the configuration"), out);
        assertTrue(out.contains("patinox.memory.provider = standard"), out);
    }
}
