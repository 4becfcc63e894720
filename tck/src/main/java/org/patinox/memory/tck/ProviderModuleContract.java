package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
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
 * the same entries, counting the module's own {@code META-INF/services} files, not those of its
 * tests, which Surefire patches into it.
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
        ModuleDescriptor descriptor = PackagedModule.of(classOfTheModule()).descriptor();
        assertEquals(exportedPackages(), descriptor.exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()),
                "an implementation is reached through the API and ServiceLoader only");
        assertTrue(descriptor.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
    }

    @Test
    void every_provider_is_registered_for_the_module_path_and_the_class_path_alike() throws IOException {
        // The module as its jar or folder declares it, without the tests' own services files.
        PackagedModule packaged = PackagedModule.of(classOfTheModule());
        Map<String, Set<String>> provides = new TreeMap<>();
        for (ModuleDescriptor.Provides p : packaged.descriptor().provides()) {
            provides.put(p.service(), new TreeSet<>(p.providers()));
        }
        assertTrue(!provides.isEmpty(), "the module provides no service");
        assertEquals(provides, packaged.servicesFiles());
    }
}
