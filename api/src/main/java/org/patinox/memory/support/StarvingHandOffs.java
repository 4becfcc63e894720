package org.patinox.memory.support;

/**
 * How many connections a pool, of either implementation, may have on their way to starving waiters
 * at once. Both pools let running callers barge and hand a connection straight to a blocking waiter
 * only once it starves; with far more threads than connections every queued waiter soon starves,
 * and a hand-off per return would make every cycle a park and an unpark.
 */
public final class StarvingHandOffs {

    private StarvingHandOffs() {
    }

    /**
     * All but two connections per processor, at least one. A connection handed to a parked thread
     * does nothing until that thread runs, while at most one thread per processor runs at once and
     * each needs about one connection (two, with one being returned): those stay circulating among
     * the running threads, so that serving starving waiters costs a context switch per scheduling
     * turn, not per cycle.
     *
     * @param maxSize the pool's maximum size
     * @param processors the processors available to the JVM
     * @return the bound, at least 1
     */
    public static int maxInTransit(int maxSize, int processors) {
        return Math.max(1, maxSize - 2 * processors);
    }
}
