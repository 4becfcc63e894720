package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.examples.cleanup.ScratchDirectory;
import org.patinox.memory.examples.cleanup.ScratchDirectoryCleanup;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceRegistry;

/**
 * The resource tour, and this module's cleanup plugin found on the module path (the class path
 * case is the arch tests' {@code CleanupPluginOnClassPathTest}).
 */
final class ResourceTourTest {

    @Test
    void the_tour_reports_the_dropped_guard_with_the_line_that_made_it_and_cleans_the_rest() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResourceTour.run(UtilityConfig.defaults(), Tour.Run.of(Workload.DEFAULT, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Resources tour-resources: 3 registered"), out);
        assertTrue(out.contains("Leak report: RESOURCE_LEAKED tour-resources"), out);
        Matcher site = Pattern.compile("created at org\\.patinox\\.memory\\.examples(@[^/]*)?/org\\.patinox\\.memory\\.examples"
                + "\\.ResourceTour\\.dropOneGuard\\(ResourceTour\\.java:(\\d+)\\)").matcher(out);
        assertTrue(site.find(), out);
        int line = Integer.parseInt(site.group(2));
        String source = Files.readAllLines(java.nio.file.Path.of("src/main/java/org/patinox/memory/examples/ResourceTour.java"))
                .get(line - 1);
        assertTrue(source.contains("registry.register(file)"), "the line reported is the registration: " + source);
        assertTrue(out.contains("forgotten file deleted by the safety net: true"), out);
        assertTrue(out.contains("logged WARNING: Resource registry tour-resources: resource #"), out);
        assertTrue(out.contains("Closed: report deleted true, executor terminated true, scratch deleted by its plugin true"
                + " (not closed true)"), out);
        assertTrue(out.contains("registered=4 active=0 cleaned=4 failed=0 timedOut=0 leaked=1"), out);
    }

    @Test
    void the_modules_own_cleanup_plugin_is_found_on_the_module_path_and_outranks_the_auto_closeable_built_in()
            throws Exception {
        assertTrue(ScratchDirectoryCleanup.class.getModule().isNamed(), "this test runs on the module path");
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.defaults())) {
            ResourceRegistry registry = memory.resources();
            ScratchDirectory scratch = ScratchDirectory.create("plugin-test");
            Files.writeString(scratch.path().resolve("f"), "x");
            ResourceGuard<ScratchDirectory> guard = registry.register(scratch);
            guard.close();
            assertTrue(scratch.deletedByPlugin());
            assertFalse(scratch.closed(), "the more specific plugin ran, not AutoCloseable.close()");
            assertFalse(Files.exists(scratch.path()));
            assertEquals(1, registry.stats().cleaned());
        }
    }
}
