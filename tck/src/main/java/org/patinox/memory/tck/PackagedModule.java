package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The module a class is packaged in, read from what its jar or folder declares: the module
 * descriptor and the {@code META-INF/services} files. On the module path that is the class's named
 * module; on the class path the class is in the unnamed module, but its jar or folder still holds
 * the {@code module-info.class} it was built with, so that the registration of a provider is
 * checked alike on both paths.
 *
 * <p>Either way the jar or folder is read afresh, never through the running module: Surefire
 * patches the tests' classes and resources into the module under test, and a {@code
 * META-INF/services} file of the tests' own (a JUnit extension to detect, a test provider) is
 * theirs, not the module's; read through the module it would be counted, or hide the module's own
 * file of the same service.
 */
final class PackagedModule {

    private static final String SERVICES = "META-INF/services/";

    private final ModuleReference reference;

    private PackagedModule(ModuleReference reference) {
        this.reference = reference;
    }

    /**
     * @param type a class of the module
     * @return the module it is packaged in
     * @throws AssertionError when the class's jar or folder declares no module (it has no {@code
     *     module-info.class}), naming it
     */
    static PackagedModule of(Class<?> type) {
        Module module = type.getModule();
        Path location;
        if (module.isNamed()) {
            ModuleReference running = module.getLayer().configuration().findModule(module.getName()).orElseThrow()
                    .reference();
            if (running.location().isEmpty() || !"file".equals(running.location().get().getScheme())) {
                return new PackagedModule(running); // not from a jar or folder (the run-time image): nothing patched
            }
            location = Path.of(running.location().get());
        } else {
            location = location(type);
        }
        // A folder without module-info.class would be read as a folder of modules: refuse it first.
        if (Files.isDirectory(location) && !Files.isRegularFile(location.resolve("module-info.class"))) {
            throw new AssertionError(type.getName() + " is on the class path, from " + location
                    + ", which holds no module-info.class: the plugin declares no module");
        }
        Set<ModuleReference> found;
        try {
            found = ModuleFinder.of(location).findAll();
        } catch (FindException e) {
            throw new AssertionError(type.getName() + " is on the class path, from " + location
                    + ", whose module cannot be read: " + e.getMessage(), e);
        }
        if (found.size() != 1 || found.iterator().next().descriptor().isAutomatic()) {
            throw new AssertionError(type.getName() + " is on the class path, from " + location
                    + ", which holds no module-info.class: the plugin declares no module");
        }
        return new PackagedModule(found.iterator().next());
    }

    private static Path location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new AssertionError(type.getName() + " is in the unnamed module and has no code source to read"
                    + " its module from");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new AssertionError(type.getName() + " comes from " + source.getLocation()
                    + ", not a jar or folder to read its module from", e);
        }
    }

    /** @return the module's descriptor, as its {@code module-info.class} declares it */
    ModuleDescriptor descriptor() {
        return reference.descriptor();
    }

    /** @return the module's name */
    String name() {
        return descriptor().name();
    }

    /**
     * @return the providers each {@code META-INF/services} file of the module lists, by service,
     *     comments and blank lines left out
     * @throws IOException when the module's content cannot be read
     */
    Map<String, Set<String>> servicesFiles() throws IOException {
        Map<String, Set<String>> files = new TreeMap<>();
        try (ModuleReader reader = reference.open()) {
            List<String> entries = reader.list().filter(e -> e.startsWith(SERVICES) && !e.endsWith("/")).toList();
            for (String entry : entries) {
                Optional<InputStream> opened = reader.open(entry);
                try (InputStream in = opened.orElseThrow()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    files.put(entry.substring(SERVICES.length()), Arrays.stream(text.split("\n"))
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

    /**
     * Asserts that the module declares the provider for the service both ways: a provides directive in
     * its {@code module-info}, which the module path reads, and a line of its {@code
     * META-INF/services} file, which the class path reads.
     *
     * @param service the service interface
     * @param provider the provider's class, of this module
     * @throws IOException when the module's content cannot be read
     */
    void assertRegistered(Class<?> service, Class<?> provider) throws IOException {
        String name = service.getName();
        Set<String> provided = descriptor().provides().stream().filter(p -> p.service().equals(name))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toSet());
        assertTrue(provided.contains(provider.getName()), name() + " does not declare 'provides "
                + name + " with " + provider.getName() + "' in its module-info; it provides " + provided);
        Set<String> listed = servicesFiles().get(name);
        assertNotNull(listed, name() + " has no META-INF/services/" + name
                + ", which the class path reads");
        assertTrue(listed.contains(provider.getName()), "META-INF/services/" + name
                + " of " + name() + " does not list " + provider.getName() + "; it lists " + listed);
    }
}
