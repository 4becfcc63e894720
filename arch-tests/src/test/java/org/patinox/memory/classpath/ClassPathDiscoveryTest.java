package org.patinox.memory.classpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.tck.LogCapture;

/**
 * Provider discovery on the plain class path, where module descriptors are ignored and only
 * {@code META-INF/services} counts; this module's own services file adds two broken entries.
 */
final class ClassPathDiscoveryTest {

    @Test
    void everything_runs_on_the_class_path_here() {
        assertFalse(MemoryUtilities.class.getModule().isNamed());
        assertFalse(getClass().getModule().isNamed());
    }

    @Test
    void both_implementations_are_found_and_the_broken_entries_skipped_and_reported() {
        try (LogCapture log = LogCapture.of("org.patinox.memory");
             MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.defaults())) {
            // Each broken entry is logged once, as a warning with its failure.
            assertTrue(log.has(Level.WARNING, "Skipped a MemoryProvider that failed to load: org.patinox.memory.spi.MemoryProvider:"
                    + " Provider org.patinox.memory.classpath.ThrowingProvider could not be instantiated"), log.text());
            assertTrue(log.has(Level.WARNING, "Provider org.patinox.memory.classpath.MissingProvider not found"), log.text());
            assertEquals(2, log.records().stream().filter(r -> r.getLevel() == Level.WARNING).count(), log.text());
            assertEquals("lockfree", memory.provider().name());
            assertEquals(List.of("lockfree (priority 200)", "standard (priority 100)"), memory.provider().candidates());
            List<String> skipped = memory.provider().skipped();
            assertEquals(2, skipped.size(), skipped::toString);
            assertTrue(skipped.stream().anyMatch(s -> s.contains("ThrowingProvider")
                    && s.contains("injected constructor failure")), skipped::toString);
            assertTrue(skipped.stream().anyMatch(s -> s.contains("MissingProvider")), skipped::toString);
        }
    }

    @Test
    void the_system_property_names_the_implementation() {
        String before = System.getProperty(UtilityConfig.PROVIDER);
        System.setProperty(UtilityConfig.PROVIDER, "standard");
        try (MemoryUtilities fromSystemProperties = MemoryUtilities.open();
             MemoryUtilities fromCode = MemoryUtilities.open(UtilityConfig.defaults())) {
            assertEquals("standard", fromSystemProperties.provider().name());
            // open() reads the system properties into its configuration; the name is still the property's.
            assertEquals("named by system property patinox.memory.provider", fromSystemProperties.provider().reason());
            // A configuration built in code that names none still heeds the system property.
            assertEquals("standard", fromCode.provider().name());
            assertEquals("named by system property patinox.memory.provider", fromCode.provider().reason());
        } finally {
            if (before == null) {
                System.clearProperty(UtilityConfig.PROVIDER);
            } else {
                System.setProperty(UtilityConfig.PROVIDER, before);
            }
        }
    }

    @Test
    void the_sealed_exception_hierarchy_loads_in_the_unnamed_module() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> MemoryUtilities.open(UtilityConfig.builder().provider("throwing").build()));
        assertTrue(e.getMessage().contains("is 'throwing', but the implementations found are"), e.getMessage());
    }
}
