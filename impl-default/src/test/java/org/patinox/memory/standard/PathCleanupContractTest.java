package org.patinox.memory.standard;

import java.nio.file.Files;
import java.nio.file.Path;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.tck.AsyncCleanupContract;

/** The built-in cleanup found by type for this resource, against the contract a plugin author's cleanup meets. */
final class PathCleanupContractTest extends AsyncCleanupContract<Path> {
    @Override
    protected Path newResource() throws Exception {
        Path dir = Files.createTempDirectory("patinox-cleanup");
        Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("f.txt"), "x");
        return dir;
    }

    @Override
    protected boolean testsABuiltInCleanup() {
        return true;
    }

    @Override
    protected AsyncCleanup<? super Path> cleanup() {
        return null;
    }

    @Override
    protected boolean isReleased(Path resource) {
        return !Files.exists(resource);
    }

    @Override
    protected String providerName() {
        return StandardMemoryProvider.NAME;
    }
}
