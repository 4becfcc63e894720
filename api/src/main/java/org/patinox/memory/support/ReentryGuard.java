package org.patinox.memory.support;

import java.util.Objects;

/**
 * Refuses a call into an instance from one of that instance's own callbacks on the same thread,
 * where the call would deadlock (a writer waiting for its own read) or corrupt the instance: the
 * same check, and the same message, in every implementation. One per instance; thread-safe.
 *
 * <p>A mark per thread, held in a {@link ThreadLocal} of one {@code boolean[1]}: not a cache, so
 * virtual threads do not break it; each thread that calls pays one lookup per call.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class ReentryGuard {

    private final String owner;
    private final String callbacks;
    private final ThreadLocal<boolean[]> inside = ThreadLocal.withInitial(() -> new boolean[1]);

    /**
     * @param owner names the instance in messages, such as {@code MutableSharedData app-state}
     * @param callbacks names its callbacks in messages, such as {@code a read or write callback}
     */
    public ReentryGuard(String owner, String callbacks) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    }

    /**
     * Marks the calling thread as inside a callback of the instance; pair with {@link #exit(boolean[])}
     * in a {@code finally}.
     *
     * @param call the method called, for the message
     * @return the mark, to give to {@link #exit(boolean[])}
     * @throws IllegalStateException when the thread is already inside one
     */
    public boolean[] enter(String call) {
        boolean[] mark = inside.get();
        if (mark[0]) {
            throw refused(call);
        }
        mark[0] = true;
        return mark;
    }

    /** @param mark what {@link #enter(String)} returned, on the same thread */
    public static void exit(boolean[] mark) {
        mark[0] = false;
    }

    /**
     * @param call the method called, for the message
     * @throws IllegalStateException when the calling thread is inside a callback of the instance
     */
    public void check(String call) {
        if (inside.get()[0]) {
            throw refused(call);
        }
    }

    private IllegalStateException refused(String call) {
        return refusal(owner, callbacks, call);
    }

    /**
     * The refusal {@link #enter(String)} and {@link #check(String)} throw, for an implementation that
     * keeps its per-thread mark elsewhere and must word the refusal the same.
     *
     * @param owner names the instance, as in the constructor
     * @param callbacks names its callbacks, as in the constructor
     * @param call the method called
     * @return the exception to throw
     */
    public static IllegalStateException refusal(String owner, String callbacks, String call) {
        return new IllegalStateException(owner + ": " + call + " was called from " + callbacks
                + " of the same instance on the same thread; such re-entry could deadlock, so it is refused."
                + " Return what the callback needs and call " + call + " after it returns.");
    }
}
