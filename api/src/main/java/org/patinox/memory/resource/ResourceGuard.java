package org.patinox.memory.resource;

import java.util.concurrent.CompletableFuture;
import org.patinox.memory.CleanupException;

/**
 * The handle of one registered resource: its cleanup runs exactly once, when the guard is closed,
 * when the registry cleans everything up, or when the guard becomes unreachable unclosed (then it
 * is reported as leaked). Every caller of {@link #close()} and {@link #closeAsync()}, from any
 * thread, sees that one outcome.
 *
 * <p>Hold the guard, not only the resource, for as long as the resource is in use: a guard that
 * becomes unreachable lets the safety net clean the resource, even if the resource itself is still
 * referenced.
 *
 * @param <T> the type of resource
 */
public interface ResourceGuard<T> extends AutoCloseable {

    /**
     * @return the resource
     * @throws IllegalStateException when the guard is closed, or its cleanup has started
     */
    T get();

    /**
     * Runs the cleanup, unless it ran or runs already, and waits for its outcome, at most the
     * registry's cleanup timeout from when the cleanup's call returns its stage. An asynchronous
     * cleanup's call runs on this thread and is not bounded (see {@link
     * org.patinox.memory.spi.AsyncCleanup}); a cleanup that must block is bounded in the {@link
     * org.patinox.memory.spi.AsyncCleanup#blocking blocking} form, as the built-in ones for {@code
     * AutoCloseable}, executors, processes and paths are: they run on the instance's virtual
     * threads. Idempotent. Called from inside its own cleanup (a resource whose {@code close}
     * method closes its guard, registered with the {@code AutoCloseable} cleanup), it returns at
     * once: the cleanup running on that thread is the outcome it would wait for.
     *
     * @throws CleanupException when the cleanup failed ({@link CleanupException.Kind#FAILED}) or
     *     timed out ({@link CleanupException.Kind#TIMEOUT}); every later call throws it again
     */
    @Override
    void close();

    /**
     * Starts the cleanup, unless it started already, without waiting.
     *
     * @return a future of the one outcome: completed when the resource is released, exceptionally
     *     with a {@link CleanupException} when its cleanup failed or timed out. Cancelling it
     *     cancels nothing but the caller's wait.
     */
    CompletableFuture<Void> closeAsync();

    /** @return whether the cleanup has started (by a close, a forced cleanup or the safety net) */
    boolean isClosed();

    /** @return what the registry knows of the resource */
    ResourceInfo info();
}
