package org.patinox.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The descriptor of {@code org.patinox.memory.api}: exactly the design's exports, nothing else; the
 * support package goes to the first-party implementations only. */
final class ApiModuleTest {

    private final ModuleDescriptor descriptor = MemoryUtilities.class.getModule().getDescriptor();

    @Test
    void tests_run_on_the_module_path() {
        assertTrue(MemoryUtilities.class.getModule().isNamed());
        assertTrue(getClass().getModule().isNamed());
        assertEquals("org.patinox.memory.api", descriptor.name());
    }

    @Test
    void the_api_exports_exactly_its_public_packages_and_the_support_package_to_the_first_party_implementations() {
        assertEquals(Set.of("org.patinox.memory", "org.patinox.memory.pool", "org.patinox.memory.cache",
                        "org.patinox.memory.monitor", "org.patinox.memory.spi", "org.patinox.memory.resource",
                        "org.patinox.memory.mapping", "org.patinox.memory.share"),
                descriptor.exports().stream().filter(e -> !e.isQualified())
                        .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Map.of("org.patinox.memory.support", Set.of("org.patinox.memory.standard",
                        "org.patinox.memory.lockfree", "org.patinox.memory.caffeine")),
                descriptor.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                        .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets)));
        assertEquals(Set.of(), descriptor.opens());
        assertTrue(!descriptor.isOpen());
    }

    @Test
    void the_api_requires_nothing_but_java_base() {
        assertEquals(Set.of("java.base"),
                descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void the_api_uses_every_provider_interface() {
        assertEquals(Set.of("org.patinox.memory.spi.MemoryProvider", "org.patinox.memory.spi.MonitorProvider",
                "org.patinox.memory.spi.ConnectionManagerProvider", "org.patinox.memory.spi.EvictionStrategyProvider",
                "org.patinox.memory.spi.CacheBackendProvider", "org.patinox.memory.spi.AsyncCleanupProvider"), descriptor.uses());
    }

    @Test
    void the_api_provides_the_built_in_eviction_strategies_and_cleanups() {
        assertEquals(Set.of("org.patinox.memory.spi.EvictionStrategyProvider", "org.patinox.memory.spi.AsyncCleanupProvider"),
                descriptor.provides().stream().map(ModuleDescriptor.Provides::service).collect(Collectors.toSet()));
        assertEquals(List.of("org.patinox.memory.internal.LruStrategyProvider",
                        "org.patinox.memory.internal.LfuStrategyProvider", "org.patinox.memory.internal.TtlStrategyProvider"),
                providers("org.patinox.memory.spi.EvictionStrategyProvider"));
        assertEquals(List.of("org.patinox.memory.internal.BuiltInCleanups$AutoCloseables",
                        "org.patinox.memory.internal.BuiltInCleanups$ExecutorServices",
                        "org.patinox.memory.internal.BuiltInCleanups$Processes",
                        "org.patinox.memory.internal.BuiltInCleanups$Paths",
                        "org.patinox.memory.internal.BuiltInCleanups$Arenas"),
                providers("org.patinox.memory.spi.AsyncCleanupProvider"));
    }

    private List<String> providers(String service) {
        return descriptor.provides().stream().filter(p -> p.service().equals(service)).findFirst().orElseThrow().providers();
    }

    @Test
    void the_class_path_registration_of_the_built_in_providers_matches_the_descriptor() throws IOException {
        for (String service : List.of("org.patinox.memory.spi.EvictionStrategyProvider",
                "org.patinox.memory.spi.AsyncCleanupProvider")) {
            String file = "META-INF/services/" + service;
            try (InputStream in = MemoryUtilities.class.getModule().getResourceAsStream(file)) {
                assertNotNull(in, file + " is missing");
                List<String> listed = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                assertEquals(providers(service), listed);
            }
        }
    }
}
