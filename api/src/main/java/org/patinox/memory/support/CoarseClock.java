package org.patinox.memory.support;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@link System#nanoTime()} reading refreshed by a timer, for the borrow-and-return cycle of a
 * pool, shared by both implementations' pools: the time a connection was last used, its age against
 * the maximum lifetime, and the acquire's check of its idle time against the validation threshold. A reading is a volatile
 * load instead of a clock read, and it is never ahead of the real time, only behind, by a tick plus
 * the timer's lateness. Stored on return, such a time errs the safe way: a connection looks idle a
 * little longer than it was (validated a little sooner, closed by the idle timeout a little
 * sooner) and retires past its lifetime a little later (maintenance, on exact time, retires idle
 * ones on time). The acquire's idle time, the difference of two readings, is within about a tick
 * of the real one either way. Timeouts, waits and leak detection keep the exact clock: they are
 * contracts, and they are off the borrow-and-return cycle or paid only when enabled.
 *
 * <p>The tick is a fiftieth of the shortest duration the clock serves, at least 10 ms and at most
 * 1 s, so its error is within 2% of that duration while the scheduler keeps time. A pool whose
 * shortest such duration is under 500 ms gets no coarse clock ({@link #forDurations} answers
 * {@code null}) and reads the exact one. The timer costs a wake-up of the shared scheduler per
 * tick and pool, and only stores the time.
 */
public final class CoarseClock {

    /** The finest tick: a duration served must be at least {@link #TICKS_PER_DURATION} of them. */
    public static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The coarsest tick, for durations of an hour or of no limit. */
    public static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Ticks within the shortest duration served: the error of a reading is about one of them. */
    public static final long TICKS_PER_DURATION = 50;

    private final long tickNanos;
    private volatile long nanos;
    /** Set when no timer could be started: every reading is then the exact clock. */
    private volatile boolean exact;
    private volatile ScheduledFuture<?> task;

    private CoarseClock(long tickNanos) {
        this.tickNanos = tickNanos;
        this.nanos = System.nanoTime();
    }

    /**
     * @param durations the durations, in nanoseconds, that readings are compared with; 0 or less
     *     for one that is off
     * @return a clock ticking fine enough for all of them, or {@code null} if none is on or one is
     *     too short for a tick of at least {@link #MIN_TICK_NANOS}
     */
    public static CoarseClock forDurations(long... durations) {
        long shortest = Long.MAX_VALUE;
        for (long d : durations) {
            if (d > 0) {
                shortest = Math.min(shortest, d);
            }
        }
        long tick = shortest / TICKS_PER_DURATION;
        if (shortest == Long.MAX_VALUE || tick < MIN_TICK_NANOS) {
            return null;
        }
        return new CoarseClock(Math.min(tick, MAX_TICK_NANOS));
    }

    /**
     * Starts the ticking on the scheduler. The tick only stores the time, so nothing of a user
     * runs there; it cancels itself once {@code stopped} is true.
     *
     * @param scheduler the instance's scheduler
     * @param stopped whether the pool the clock serves has closed
     */
    public void start(ScheduledExecutorService scheduler, BooleanSupplier stopped) {
        nanos = System.nanoTime();
        try {
            task = scheduler.scheduleAtFixedRate(() -> {
                if (stopped.getAsBoolean()) {
                    ScheduledFuture<?> t = task;
                    if (t != null) {
                        t.cancel(false);
                    }
                } else {
                    nanos = System.nanoTime();
                }
            }, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            exact = true; // the instance is closing: no timer, so no coarse time
        }
    }

    /** @return the time of the last tick, never ahead of {@link System#nanoTime()} */
    public long nanos() {
        return exact ? System.nanoTime() : nanos;
    }

    /** @return the time between ticks */
    public long tickNanos() {
        return tickNanos;
    }
}
