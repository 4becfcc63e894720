package org.patinox.memory.classpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.examples.cleanup.ScratchDirectory;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.tck.LogCapture;

/**
 * A cleanup plugin in a module of its own (the examples' {@code ScratchDirectoryCleanup}) found on
 * the plain class path through its {@code META-INF/services} entry, and the built-in cleanups
 * through the API's; the module path case is the examples' {@code ResourceTourTest}.
 */
final class CleanupPluginOnClassPathTest {

    @Test
    void the_plugin_is_found_on_the_class_path_and_outranks_the_auto_closeable_built_in() throws Exception {
        assertFalse(ScratchDirectory.class.getModule().isNamed(), "this test runs on the class path");
        try (LogCapture log = LogCapture.library();
             MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.defaults())) {
            ResourceRegistry registry = memory.resources();
            ScratchDirectory scratch = ScratchDirectory.create("class-path-plugin");
            Files.writeString(scratch.path().resolve("f"), "x");
            ResourceGuard<ScratchDirectory> guard = registry.register(scratch);
            guard.close();
            assertTrue(scratch.deletedByPlugin(), log.text());
            assertFalse(scratch.closed(), "the more specific plugin ran, not AutoCloseable.close()");
            Path file = Files.createTempFile("class-path-built-in", ".txt");
            registry.register(file).close();
            assertFalse(Files.exists(file), "the built-in Path cleanup is found through the API's services file");
            assertEquals(2, registry.stats().cleaned());
        }
    }
}
