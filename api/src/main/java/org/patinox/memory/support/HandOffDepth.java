package org.patinox.memory.support;

/**
 * Bounds the stack of a chain of hand-offs to asynchronous waiters. A pool completes a waiter's
 * future on the thread that freed the connection, so that its continuations cost no hop; but a
 * continuation that returns the connection frees it again on that thread, which completes the next
 * waiter's future, whose continuation returns it, and so on: with thousands of waiters queued the
 * stack overflows, and the {@link StackOverflowError}, which {@code CompletableFuture} catches,
 * leaves a connection borrowed by a continuation that never ran. So past a few nested completions
 * on one thread a pool completes the next future on another thread ({@link BoundedCall#offload}),
 * where the chain starts again from an empty stack.
 *
 * <p>A count per thread, held in a {@link ThreadLocal} of one {@code int[1]}: not a cache, so
 * virtual threads do not break it; each delivery pays one lookup.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class HandOffDepth {

    /** Nested completions one thread runs before it hands the next to another thread. */
    static final int MAX = 8;

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private HandOffDepth() {
    }

    /** @return whether the calling thread already runs so many nested completions that it should offload the next */
    public static boolean tooDeep() {
        return DEPTH.get()[0] >= MAX;
    }

    /**
     * Counts a completion the calling thread starts; pair with {@link #exit(int[])} in a {@code finally}.
     *
     * @return the count, to give to {@link #exit(int[])}
     */
    public static int[] enter() {
        int[] depth = DEPTH.get();
        depth[0]++;
        return depth;
    }

    /** @param depth what {@link #enter()} returned, on the same thread */
    public static void exit(int[] depth) {
        depth[0]--;
    }
}
