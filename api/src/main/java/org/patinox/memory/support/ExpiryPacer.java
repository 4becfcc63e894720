package org.patinox.memory.support;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Times a cache's background expiry by its {@link TimerWheel}: one run at a time, each asked for
 * by the cache with the wheel's {@link TimerWheel#nextDelay() next delay}, never a fixed period,
 * so that a cache whose wheel is empty costs nothing in the background. The shared scheduler only
 * times the run and hands it to a virtual thread of the instance's blocking executor, since the
 * run calls the removal listener and the strategy, which may block.
 *
 * <p>Delays are clamped to {@link #MIN_DELAY} and {@link #MAX_DELAY}: at least 10 ms, so that a
 * cache is not run back to back, and at most 1 s, so that a ticker that is not the real clock (a
 * test's) is still looked at, and a cache expires in the background within about a second of the
 * wheel's precision. The cache asks for the next run from its run, under its maintenance lock
 * ({@link #schedule}), and forgets it when its wheel is empty; a cache that schedules into an
 * empty wheel asks again ({@link #scheduled()} tells whether it must).
 */
public final class ExpiryPacer {

    /** The shortest delay between runs. */
    public static final long MIN_DELAY = TimeUnit.MILLISECONDS.toNanos(10);
    /** The longest delay to a run while timers are scheduled. */
    public static final long MAX_DELAY = TimeUnit.SECONDS.toNanos(1);

    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final Runnable run;
    private final Runnable onRefused;
    /** Whether a run is scheduled or running; the cache's, read and written under its lock. */
    private boolean scheduled;
    private volatile ScheduledFuture<?> next;
    private volatile boolean closed;

    /**
     * @param scheduler times the runs; only hands them on
     * @param executor runs them (virtual threads)
     * @param run the cache's run: it calls {@link #schedule} or {@link #idle()} under its lock
     * @param onRefused told when the scheduler refuses (the instance is closing)
     */
    public ExpiryPacer(ScheduledExecutorService scheduler, Executor executor, Runnable run, Runnable onRefused) {
        this.scheduler = scheduler;
        this.executor = executor;
        this.run = run;
        this.onRefused = onRefused;
    }

    /** @return whether a run is scheduled or running; under the cache's lock */
    public boolean scheduled() {
        return scheduled;
    }

    /**
     * Schedules the next run; under the cache's lock.
     *
     * @param delay the nanoseconds until it should run, clamped to {@link #MIN_DELAY} and {@link #MAX_DELAY}
     */
    public void schedule(long delay) {
        if (closed) {
            return;
        }
        scheduled = true;
        try {
            next = scheduler.schedule(this::hop, Math.clamp(delay, MIN_DELAY, MAX_DELAY), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            onRefused.run();
        }
    }

    /** No run is needed until a timer is scheduled again; under the cache's lock. */
    public void idle() {
        scheduled = false;
    }

    /** Cancels what is scheduled; no run starts afterwards. */
    public void close() {
        closed = true;
        ScheduledFuture<?> task = next;
        if (task != null) {
            task.cancel(false);
        }
    }

    /** On the scheduler's thread: hands the run to the executor. */
    private void hop() {
        if (closed) {
            return;
        }
        try {
            executor.execute(run);
        } catch (RejectedExecutionException e) {
            onRefused.run();
        }
    }
}
