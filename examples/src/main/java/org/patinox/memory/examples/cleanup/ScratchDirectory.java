package org.patinox.memory.examples.cleanup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A scratch directory an application works in: the resource type of this module's own cleanup
 * plugin, {@link ScratchDirectoryCleanup}. It is {@link AutoCloseable} too, whose {@code close()}
 * only marks it: registered by type, the plugin's cleanup (more specific than the built-in one for
 * any {@code AutoCloseable}) is the one that runs, and deletes the tree.
 */
public final class ScratchDirectory implements AutoCloseable {

    private final Path path;
    private final AtomicBoolean deletedByPlugin = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    /**
     * @param prefix the start of the directory's name
     * @return a new, empty scratch directory under the system's temporary folder
     * @throws IOException when it cannot be made
     */
    public static ScratchDirectory create(String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(prefix));
    }

    /** @return the directory */
    public Path path() {
        return path;
    }

    /** @return whether {@link ScratchDirectoryCleanup} deleted it */
    public boolean deletedByPlugin() {
        return deletedByPlugin.get();
    }

    /** @return whether {@link #close()} was called */
    public boolean closed() {
        return closed.get();
    }

    void markDeletedByPlugin() {
        deletedByPlugin.set(true);
    }

    /** Only marks the directory closed: the plugin's cleanup deletes it. */
    @Override
    public void close() {
        closed.set(true);
    }

    @Override
    public String toString() {
        return "ScratchDirectory[" + path + "]";
    }
}
