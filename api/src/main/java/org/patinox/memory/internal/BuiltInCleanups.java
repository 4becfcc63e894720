package org.patinox.memory.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.spi.AsyncCleanupProvider;

/**
 * The cleanups every registry finds for the JDK's own resource types, provided by the API module so
 * that both implementations (and the TCK) find them as they find a user's, at {@link
 * AsyncCleanupProvider#BUILT_IN_PRIORITY}. Those that wait (an executor, a process, a file tree,
 * an {@code AutoCloseable}, whose {@code close()} may hang) are blocking cleanups, run on the
 * instance's virtual threads and bounded by the cleanup timeout; an {@link Arena} is closed on the
 * caller's thread, since a confined one can be closed only there.
 */
public final class BuiltInCleanups {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private BuiltInCleanups() {
    }

    /** A quarter of the cleanup timeout: what a cleanup that forces after a grace period waits, before and after forcing, so that both waits end well within the timeout. */
    static long graceNanos(ResourceConfig config) {
        return Durations.saturatedNanos(config.cleanupTimeout()) / 4;
    }

    /**
     * Any {@link AutoCloseable}: {@code close()}, as a blocking cleanup, on the instance's virtual
     * threads: a {@code close()} that hangs is interrupted at the cleanup timeout and reported as timed
     * out, and the caller stops waiting there, as for any blocking cleanup.
     */
    public static final class AutoCloseables implements AsyncCleanupProvider {
        /** Made by {@link java.util.ServiceLoader}. */
        public AutoCloseables() {
        }

        @Override
        public String name() {
            return "auto-closeable";
        }

        @Override
        public Class<?> resourceType() {
            return AutoCloseable.class;
        }

        @Override
        public int priority() {
            return BUILT_IN_PRIORITY;
        }

        @Override
        public AsyncCleanup<AutoCloseable> create(ResourceConfig config) {
            // Not on the cleaning thread: a close() that hangs there would hold the guard's close,
            // cleanupAll and the instance's close past every bound.
            return AsyncCleanup.blocking(AutoCloseable::close);
        }
    }

    /**
     * An {@link ExecutorService}: {@code shutdown()}, a wait for its tasks of a quarter of the cleanup
     * timeout, then {@code shutdownNow()} and a wait for the interrupted tasks; a pool whose tasks
     * ignore interruption is reported as a failed cleanup.
     */
    public static final class ExecutorServices implements AsyncCleanupProvider {
        /** Made by {@link java.util.ServiceLoader}. */
        public ExecutorServices() {
        }

        @Override
        public String name() {
            return "executor-service";
        }

        @Override
        public Class<?> resourceType() {
            return ExecutorService.class;
        }

        @Override
        public int priority() {
            return BUILT_IN_PRIORITY;
        }

        @Override
        public AsyncCleanup<ExecutorService> create(ResourceConfig config) {
            long grace = graceNanos(config);
            return AsyncCleanup.blocking(executor -> {
                executor.shutdown();
                if (!executor.awaitTermination(grace, TimeUnit.NANOSECONDS)) {
                    int dropped = executor.shutdownNow().size();
                    if (!executor.awaitTermination(grace, TimeUnit.NANOSECONDS)) {
                        throw new IllegalStateException("the executor's tasks ignored interruption; " + dropped
                                + " queued tasks were dropped");
                    }
                }
            });
        }
    }

    /**
     * A {@link Process}: {@code destroy()}, a wait for its exit of a quarter of the cleanup timeout, then
     * {@code destroyForcibly()} and a wait for its exit.
     */
    public static final class Processes implements AsyncCleanupProvider {
        /** Made by {@link java.util.ServiceLoader}. */
        public Processes() {
        }

        @Override
        public String name() {
            return "process";
        }

        @Override
        public Class<?> resourceType() {
            return Process.class;
        }

        @Override
        public int priority() {
            return BUILT_IN_PRIORITY;
        }

        @Override
        public AsyncCleanup<Process> create(ResourceConfig config) {
            long grace = graceNanos(config);
            return AsyncCleanup.blocking(process -> {
                process.destroy();
                if (!process.waitFor(grace, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                    if (!process.waitFor(grace, TimeUnit.NANOSECONDS)) {
                        throw new IllegalStateException("process " + process.pid() + " did not exit after destroyForcibly");
                    }
                }
            });
        }
    }

    /**
     * A {@link Path}: deletes the file, or the directory and everything in it (symbolic links are
     * deleted, never followed). A path already gone counts as cleaned.
     */
    public static final class Paths implements AsyncCleanupProvider {
        /** Made by {@link java.util.ServiceLoader}. */
        public Paths() {
        }

        @Override
        public String name() {
            return "path";
        }

        @Override
        public Class<?> resourceType() {
            return Path.class;
        }

        @Override
        public int priority() {
            return BUILT_IN_PRIORITY;
        }

        @Override
        public AsyncCleanup<Path> create(ResourceConfig config) {
            return AsyncCleanup.blocking(BuiltInCleanups::deleteTree);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * An {@link Arena}: {@code close()}, on the thread that cleans. A confined arena can be closed
     * only by its owner thread: close its guard there; the safety net and a forced cleanup report
     * it as a failed cleanup ({@link WrongThreadException}).
     */
    public static final class Arenas implements AsyncCleanupProvider {
        /** Made by {@link java.util.ServiceLoader}. */
        public Arenas() {
        }

        @Override
        public String name() {
            return "arena";
        }

        @Override
        public Class<?> resourceType() {
            return Arena.class;
        }

        @Override
        public int priority() {
            return BUILT_IN_PRIORITY;
        }

        @Override
        public AsyncCleanup<Arena> create(ResourceConfig config) {
            return arena -> {
                try {
                    arena.close();
                    return DONE;
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            };
        }
    }

}
