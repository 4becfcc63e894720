package org.patinox.memory.support;

/**
 * Tells a pool's {@code close()} whether it is called from inside one of that pool's own callbacks:
 * a manager's {@code create}, {@code validate} or {@code destroy}, the handling of their outcome
 * (which completes acquires' futures, so runs their continuations), or a monitor's record of one of
 * the pool's events. Close waits for those calls to end, so a close made from inside one would wait
 * for itself until the call's bound (the creation timeout, the validation timeout), or, through the
 * instance's registry, until the cleanup timeout; such a close must shut the pool and return,
 * leaving the wait to another thread.
 *
 * <p>A return's {@code recycle} is a callback too, but runs on every return: the pools mark it on
 * the connection's slot instead, which costs the return no allocation.
 *
 * <p>A mark per thread, set only around those calls: a {@link ThreadLocal} holding a chain of the
 * pools whose callbacks the thread runs (a callback of one pool may use another), not a cache, so
 * virtual threads do not break it.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class PoolCallbacks {

    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    /** One pool whose callback the thread runs, and the one it runs inside, if any. */
    private record Frame(Object pool, Frame outer) {
    }

    private PoolCallbacks() {
    }

    /**
     * Marks the calling thread as running a callback of the pool; pair with {@link #exit(Object)}
     * in a {@code finally}.
     *
     * @param pool the pool, as its {@code close()} will look for it; {@code null} marks nothing
     * @return what to give to {@link #exit(Object)}
     */
    public static Object enter(Object pool) {
        Frame outer = CURRENT.get();
        if (pool == null) {
            return outer;
        }
        CURRENT.set(new Frame(pool, outer));
        return outer;
    }

    /** @param token what {@link #enter(Object)} returned, on the same thread */
    public static void exit(Object token) {
        if (token == null) {
            CURRENT.remove();
        } else {
            CURRENT.set((Frame) token);
        }
    }

    /**
     * @param pool a pool
     * @return whether the calling thread runs, at some depth, a callback of that pool
     */
    public static boolean inside(Object pool) {
        for (Frame f = CURRENT.get(); f != null; f = f.outer()) {
            if (f.pool() == pool) {
                return true;
            }
        }
        return false;
    }
}
