package org.patinox.memory.spi;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.patinox.memory.internal.BlockingAsyncCleanup;

/**
 * Releases one resource of a {@link org.patinox.memory.resource.ResourceRegistry}, asynchronously:
 * the registry's guard calls it exactly once per resource, whether the guard is closed, the
 * registry cleans everything up, or the guard is dropped unclosed. Implemented by users for any
 * resource type, and found for a type through {@link AsyncCleanupProvider}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Threads.</b> {@link #cleanup} is called on the thread that closes the guard, or on a
 *       virtual thread of the {@link org.patinox.memory.MemoryUtilities} (for a forced cleanup and
 *       for a guard dropped unclosed), never on the instance's scheduler thread. It should start
 *       the work and return a stage; a cleanup that must block should be written as a {@link
 *       BlockingCleanup} and adapted with {@link #blocking}, which runs it on a virtual thread.
 *   <li><b>Thread-safety.</b> Calls for different resources may run at once; the registry never
 *       calls it twice for the same resource.
 *   <li><b>Failures.</b> Throwing and returning a stage that completes exceptionally mean the
 *       same: the cleanup failed. The registry reports the failure with the resource's {@link
 *       org.patinox.memory.resource.ResourceInfo} and never calls it again for that resource.
 *   <li><b>Time.</b> The registry stops waiting at {@link
 *       org.patinox.memory.resource.ResourceConfig#cleanupTimeout()}: it cancels the stage,
 *       interrupts the thread of a blocking cleanup, and reports the cleanup as timed out. The
 *       bound starts when {@link #cleanup} returns its stage: the call itself runs on the closing
 *       thread, so that a cleanup that finishes at once costs no hop to another thread, and a
 *       call that blocks before it returns holds that thread, unbounded (write it as a {@link
 *       BlockingCleanup}).
 *   <li><b>Resources.</b> A cleanup must not keep the resource reachable after its stage
 *       completes (no cache of cleaned resources), and must not reach the guard: a cleanup that
 *       holds the guard keeps it from ever being collected.
 * </ul>
 *
 * @param <T> the type of resource
 * @see BlockingCleanup the blocking form
 */
@FunctionalInterface
public interface AsyncCleanup<T> {

    /**
     * Releases the resource.
     *
     * @param resource the resource, never {@code null}; not used by the registry afterwards
     * @return a stage that completes when the resource is released, exceptionally if it could not be
     */
    CompletionStage<Void> cleanup(T resource);

    /**
     * Adapts a blocking cleanup. A registry runs it on a virtual thread of its {@link
     * org.patinox.memory.MemoryUtilities} and interrupts that thread at the cleanup timeout; called
     * directly, outside a registry, the adapter runs it on a new virtual thread.
     *
     * @param cleanup the blocking cleanup
     * @param <T> the type of resource
     * @return the asynchronous form
     */
    static <T> AsyncCleanup<T> blocking(BlockingCleanup<T> cleanup) {
        return new BlockingAsyncCleanup<>(Objects.requireNonNull(cleanup, "cleanup"));
    }
}
