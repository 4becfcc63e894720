package org.patinox.memory.examples.cleanup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.spi.AsyncCleanupProvider;

/**
 * A cleanup plugin, as an application or library writes one: found by {@link java.util.ServiceLoader}
 * on the module path (this module's {@code provides}) and on the class path ({@code
 * META-INF/services}), it deletes a {@link ScratchDirectory} and everything in it, on a virtual
 * thread of the registry's instance.
 */
// tag::plugin-cleanup[]
public final class ScratchDirectoryCleanup implements AsyncCleanupProvider {

    /** Made by {@link java.util.ServiceLoader}. */
    public ScratchDirectoryCleanup() {
    }

    @Override
    public String name() {
        return "scratch-directory";
    }

    @Override
    public Class<?> resourceType() {
        return ScratchDirectory.class;
    }

    @Override
    public AsyncCleanup<ScratchDirectory> create(ResourceConfig config) {
        return AsyncCleanup.blocking(ScratchDirectoryCleanup::delete);
    }

    private static void delete(ScratchDirectory scratch) throws IOException {
        try (Stream<Path> tree = Files.walk(scratch.path())) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        scratch.markDeletedByPlugin();
    }
}
// end::plugin-cleanup[]
