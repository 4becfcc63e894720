package org.patinox.memory.support;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.patinox.memory.CleanupException;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceInfo;
import org.patinox.memory.spi.AsyncCleanup;

/**
 * The guard users hold. It holds its {@link Tracked} state; the state reaches the guard only
 * through its phantom reference, so that dropping the guard lets the safety net clean up.
 * Each method ends with a reachability fence: a guard in use is never deemed unreachable midway.
 */
final class Guard<T> implements ResourceGuard<T> {

    private final Tracked tracked;

    @SuppressWarnings("this-escape") // the reference only records the guard; nothing reads it through there
    Guard(ReferenceQueue<Object> queue, RegistryCore registry, T resource, AsyncCleanup<?> cleanup, long id,
          long createdMillis, CreationSite.Frames site) {
        this.tracked = switch (registry.shape()) {
            case PLAIN -> new Tracked(this, queue, registry, resource, cleanup, id, createdMillis, site);
            case LINKED -> new Tracked.Linked(this, queue, registry, resource, cleanup, id, createdMillis, site);
            case DOUBLY_LINKED -> new Tracked.DoublyLinked(this, queue, registry, resource, cleanup, id, createdMillis, site);
        };
    }

    Tracked tracked() {
        return tracked;
    }

    @Override
    @SuppressWarnings("unchecked") // registered as a T
    public T get() {
        try {
            // Read first: once the cleanup is handed over, the node no longer holds the resource.
            Object resource = tracked.resourceIfHeld();
            if (resource == null || !tracked.isActive()) {
                throw new IllegalStateException("resource #" + tracked.id + " (" + tracked.type()
                        + ") of registry " + tracked.registry.name() + " is closed");
            }
            return (T) resource;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void close() {
        try {
            tracked.registry.closeGuard(tracked, true);
            Object outcome = tracked.outcomeIfDone();
            if (outcome == null && RegistryCore.cleaningOnThisThread(tracked)) {
                return; // closed from inside its own cleanup, whose outcome it would wait for
            }
            if (outcome == null) {
                try {
                    tracked.outcome().join();
                    return;
                } catch (CompletionException e) {
                    outcome = e.getCause();
                }
            }
            if (outcome instanceof CleanupException failure) {
                throw failure;
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        try {
            tracked.registry.closeGuard(tracked, true);
            return tracked.outcome();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public boolean isClosed() {
        return !tracked.isActive();
    }

    @Override
    public ResourceInfo info() {
        return tracked.info();
    }

    @Override
    public String toString() {
        return "ResourceGuard[" + tracked.info().describe() + (isClosed() ? ", closed]" : "]");
    }
}
