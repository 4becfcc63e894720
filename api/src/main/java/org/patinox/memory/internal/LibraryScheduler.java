package org.patinox.memory.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/**
 * The instance's scheduler: one platform thread, whose tasks only hop to the virtual threads. A
 * forced shutdown ({@link #shutdownNow()}, once the instance's shutdown timeout has passed) drops
 * the timers still waiting; the bounds of calls in flight are handed to virtual threads of their
 * own instead ({@link BoundHandover}), so that a cleanup or a manager call started
 * during the close still ends at its bound, and whoever waits for it is released then, not never.
 */
final class LibraryScheduler extends ScheduledThreadPoolExecutor implements BoundHandover {

    private final Set<Bound> waiting = ConcurrentHashMap.newKeySet();

    LibraryScheduler(ThreadFactory threads) {
        super(1, threads);
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public void waiting(Bound bound) {
        waiting.add(bound);
    }

    @Override
    public void settled(Bound bound) {
        waiting.remove(bound);
    }

    /** Shuts down at once, handing the bounds still waiting to virtual threads; the other tasks are dropped. */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> dropped = super.shutdownNow();
        for (Bound bound : waiting) {
            bound.rearm();
        }
        return dropped;
    }
}
