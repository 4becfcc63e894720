package org.patinox.memory.resource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.patinox.memory.CleanupException;
import org.patinox.memory.ConfigException;
import org.patinox.memory.spi.AsyncCleanup;

/**
 * A registry of live resources, each of whose cleanup runs exactly once: by closing its {@link
 * ResourceGuard}, by {@link #cleanupAll(Duration)}, or, for a guard dropped unclosed, by a
 * safety net on the reference queue, which reports the leak to the instance's monitor with the
 * resource's creation site when the {@link LeakDetection} level recorded one.
 *
 * <pre>{@code
 * ResourceRegistry resources = memory.resources();
 * try (ResourceGuard<Path> dir = resources.register(Files.createTempDirectory("work"))) {
 *     Files.writeString(dir.get().resolve("a.txt"), "a");
 * } // the directory tree is deleted here, by the built-in Path cleanup
 * }</pre>
 *
 * <p>A registry is thread-safe. Its cleanups never run on the instance's scheduler thread. A
 * failing or hanging cleanup is bounded by {@link ResourceConfig#cleanupTimeout()}, reported with
 * the resource's info, and never stops the others.
 */
public interface ResourceRegistry extends AutoCloseable {

    /** @return the registry's name, in events, stats and messages */
    String name();

    /** @return the configuration the registry was made with */
    ResourceConfig config();

    /**
     * Registers a resource with its cleanup.
     *
     * @param resource the resource
     * @param cleanup releases it, once
     * @param <T> the type of resource
     * @return the resource's guard, open
     * @throws CleanupException of kind {@link CleanupException.Kind#CLOSED} when the registry is
     *     closed: the resource was then cleaned at once, not dropped
     */
    <T> ResourceGuard<T> register(T resource, AsyncCleanup<? super T> cleanup);

    /**
     * Registers a resource with the cleanup of the {@link org.patinox.memory.spi.AsyncCleanupProvider}
     * found for its class: the most specific type, then the highest priority.
     *
     * @param resource the resource
     * @param <T> the type of resource
     * @return the resource's guard, open
     * @throws ConfigException when no provider handles the resource's class, naming it and the
     *     types handled
     * @throws CleanupException of kind {@link CleanupException.Kind#CLOSED} when the registry is closed
     */
    <T> ResourceGuard<T> register(T resource);

    /**
     * Registers a resource still being made, for the race between making it and a consumer that
     * gives up: the returned future completes with the guard once the resource is made, and if that
     * future was cancelled (or otherwise completed) first, the resource is cleaned at once instead
     * of leaked. Cancelling the returned future does not cancel {@code making}: a maker whose
     * completion then failed would be left holding the resource; instead it is made, and cleaned.
     *
     * @param making the stage that makes the resource
     * @param cleanup releases it, once
     * @param <T> the type of resource
     * @return the future of the guard; it fails as {@code making} fails, and with a {@link
     *     CleanupException} of kind {@link CleanupException.Kind#CLOSED} when the registry closed meanwhile
     */
    <T> CompletableFuture<ResourceGuard<T>> registerWhenMade(CompletionStage<? extends T> making,
                                                             AsyncCleanup<? super T> cleanup);

    /** @return the resources registered and not yet handed to their cleanup, in order of registration */
    List<ResourceInfo> active();

    /** @return how many resources are registered and not yet handed to their cleanup */
    int activeCount();

    /**
     * Cleans every active resource, in the reverse order of registration, one after the other,
     * each bounded by the cleanup timeout, and stops waiting at the deadline: the resources not
     * reached by then have their cleanups started anyway (none is dropped) and are reported as
     * timed out. The bounds start when a cleanup's call returns its stage: the call runs on this
     * thread and is not bounded (see {@link org.patinox.memory.spi.AsyncCleanup}), so an
     * asynchronous cleanup that blocks in it holds this method past the deadline; give such a
     * resource the {@link org.patinox.memory.spi.AsyncCleanup#blocking blocking} form, which the
     * built-in cleanups that may block (an {@code AutoCloseable}'s {@code close()} included) have.
     *
     * @param deadline how long to wait in all
     * @return what was cleaned, what failed, what did not finish
     */
    CleanupReport cleanupAll(Duration deadline);

    /** @return the registry's counters */
    ResourceStats stats();

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /**
     * Closes the registry: later registrations are refused (their resources cleaned at once), then
     * every active resource is cleaned as {@link #cleanupAll(Duration)} with the cleanup timeout as
     * the deadline. Idempotent.
     */
    @Override
    void close();
}
