package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract of a module that packages providers: it runs as a named module, exports nothing
 * but a plugin's own API package (users reach the rest through the API only), and registers every provider twice, in {@code
 * module-info.java} for the module path and in {@code META-INF/services} for the class path, with
 * the same entries.
 *
 * <p>Extend it in the module's own tests, which run on the module path.
 */
public abstract class ProviderModuleContract {

    /** @return any class of the module under test, such as its provider */
    protected abstract Class<?> classOfTheModule();

    /**
     * @return the packages the module exports: none for an implementation, the plugin's own API
     *     package for a plugin that has one
     */
    protected Set<String> exportedPackages() {
        return Set.of();
    }

    private Module module() {
        return classOfTheModule().getModule();
    }

    @Test
    void tests_run_on_the_module_path() {
        assertTrue(module().isNamed(), "the module under test is unnamed: tests are on the class path");
        assertTrue(getClass().getModule().isNamed(), "the test itself runs in a named module");
    }

    @Test
    void the_module_exports_only_its_api_package_and_to_everyone() {
        assertEquals(exportedPackages(), module().getDescriptor().exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()),
                "an implementation is reached through the API and ServiceLoader only");
        assertTrue(module().getDescriptor().exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
    }

    @Test
    void every_provider_is_registered_for_the_module_path_and_the_class_path_alike() throws IOException {
        Map<String, Set<String>> provides = new TreeMap<>();
        for (ModuleDescriptor.Provides p : module().getDescriptor().provides()) {
            provides.put(p.service(), new TreeSet<>(p.providers()));
        }
        assertTrue(!provides.isEmpty(), "the module provides no service");
        assertEquals(provides, servicesFiles());
    }

    private Map<String, Set<String>> servicesFiles() throws IOException {
        ResolvedModule resolved = module().getLayer().configuration().findModule(module().getName()).orElseThrow();
        Map<String, Set<String>> files = new TreeMap<>();
        try (ModuleReader reader = resolved.reference().open()) {
            for (String entry : reader.list().filter(e -> e.startsWith("META-INF/services/")
                    && !e.endsWith("/")).toList()) {
                try (InputStream in = reader.open(entry).orElseThrow()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    files.put(entry.substring("META-INF/services/".length()), Arrays.stream(text.split("\n"))
                            .map(line -> line.replaceAll("#.*", "").strip())
                            .filter(line -> !line.isEmpty())
                            .collect(Collectors.toCollection(TreeSet::new)));
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        }
        return files;
    }
}
