package org.patinox.memory.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every growth of a mapping keeps the earlier mapping until close, for the slices cut before it, and
 * each is an entry of the process's memory map: 70,000 growths of one file by a page took the
 * process past {@code vm.max_map_count} and the JVM died ("insufficient memory"). Growths are
 * refused past a budget instead, with a {@link org.patinox.memory.MappingException}, and the budget
 * comes back when the mapping closes. In a child JVM, which holds tens of thousands of mappings for
 * a moment and, were the budget missing, would die rather than this one.
 */
final class GrowthBudgetTest {

    @TempDir
    Path dir;

    @Test
    void growths_past_the_budget_of_kept_mappings_are_refused_and_the_budget_returns_at_close() throws Exception {
        Process child = new ProcessBuilder(TruncationTest.java(), "-cp", TruncationTest.classPath(),
                GrowthChild.class.getName(), dir.toString()).redirectErrorStream(true).start();
        List<String> lines;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        } finally {
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        assertEquals(0, child.exitValue(), () -> "the child JVM did not exit cleanly: " + lines);
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("REFUSED "), lines::toString);
        assertTrue(lines.get(0).contains(" IO ") && lines.get(0).contains("one more per growth")
                && lines.get(0).contains("vm.max_map_count") && lines.get(0).contains("Grow in larger steps"), lines.get(0));
        int grown = Integer.parseInt(lines.get(0).split(" ")[1]);
        assertTrue(grown >= 1_024 && grown < 65_530, lines.get(0));
        assertEquals("LAST 7", lines.get(1), "the mapping still works after the refusal");
        assertEquals("AFTER CLOSE 8192", lines.get(2), "the budget came back at close");
    }
}
