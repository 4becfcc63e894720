package org.patinox.memory.support;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * The implementations' logging monitor: writes events to a {@link System.Logger} off the caller's
 * path. {@link #record} only offers the event to a bounded queue of {@value #CAPACITY} that the
 * implementation chooses (many producers, one consumer at a time: {@code lockfree} gives a JCTools
 * MPSC array queue, {@code standard} the JDK's {@link ArrayBlockingQueue}); every {@value
 * #DRAIN_PERIOD_MILLIS} ms the scheduler looks at the queue and, when something waits, hands the
 * drain to the instance's virtual threads: a log handler is user code, and no user code runs on
 * the scheduler thread. When the queue is full the event is dropped and counted, so that a slow
 * log never slows the component reporting; the count is logged with the next drain. {@link
 * #close} drains what is left on the closing thread.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class LoggingMonitor implements Monitor {

    /** How many events wait at most; beyond, events are dropped and counted. */
    public static final int CAPACITY = 4096;
    /** How often the scheduler looks for events to drain. */
    public static final long DRAIN_PERIOD_MILLIS = 100;

    private final System.Logger logger;
    private final System.Logger.Level level;
    private final Executor executor;
    /** Bounded: {@code offer} answers false when full. Polled only by the holder of {@code draining}. */
    private final Queue<MonitorEvent> queue;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;
    private ScheduledFuture<?> drainTask;

    private LoggingMonitor(System.Logger logger, System.Logger.Level level, Executor executor,
                           Queue<MonitorEvent> queue) {
        this.queue = queue;
        this.logger = logger;
        this.level = level;
        this.executor = executor;
    }

    /**
     * Starts a monitor on the JDK's {@link ArrayBlockingQueue} of {@value #CAPACITY}.
     *
     * @param logger where events go
     * @param level the level they are logged at
     * @param scheduler the instance's scheduler, which only looks at the queue
     * @param executor the instance's virtual threads, which drain it
     * @return a started monitor
     */
    public static LoggingMonitor start(System.Logger logger, System.Logger.Level level,
                                       ScheduledExecutorService scheduler, Executor executor) {
        return start(logger, level, scheduler, executor, new ArrayBlockingQueue<>(CAPACITY));
    }

    /**
     * @param logger where events go
     * @param level the level they are logged at
     * @param scheduler the instance's scheduler, which only looks at the queue
     * @param executor the instance's virtual threads, which drain it
     * @param queue an empty queue that holds {@value #CAPACITY} events, safe for many producers and
     *     one consumer, whose {@code offer} answers false when it is full
     * @return a started monitor
     */
    public static LoggingMonitor start(System.Logger logger, System.Logger.Level level,
                                       ScheduledExecutorService scheduler, Executor executor,
                                       Queue<MonitorEvent> queue) {
        LoggingMonitor monitor = new LoggingMonitor(logger, level, executor, queue);
        monitor.drainTask = scheduler.scheduleWithFixedDelay(
                monitor::handOff, DRAIN_PERIOD_MILLIS, DRAIN_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return monitor;
    }

    @Override
    public void record(MonitorEvent event) {
        if (!queue.offer(event)) {
            dropped.increment();
        }
        if (closed) {
            // The scheduler has stopped: whoever records after close drains, so nothing is stranded.
            drain();
        }
    }

    /** On the scheduler: hands a drain to a virtual thread when there is something to write. */
    private void handOff() {
        if ((queue.isEmpty() && dropped.sum() == 0) || draining.get()) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The instance is closing: close drains on its own thread.
        }
    }

    /**
     * Moves every queued event to the logger, and reports the events dropped since the last
     * report. Whoever wins the drain flag is the queue's single consumer; a caller that loses it
     * retries while events or an unreported count remain, so an event offered during another
     * thread's last poll is not left behind, and drops counted just before close are reported by
     * close's own drain.
     */
    void drain() {
        while ((!queue.isEmpty() || dropped.sum() > 0) && draining.compareAndSet(false, true)) {
            try {
                if (!reportDropped()) {
                    return;
                }
                for (MonitorEvent event; (event = queue.poll()) != null; ) {
                    try {
                        logger.log(level, event.describe(), event.error().orElse(null));
                    } catch (RuntimeException e) {
                        // A failing log handler must not end the drain.
                        dropped.increment();
                    }
                }
            } finally {
                draining.set(false);
            }
        }
    }

    /**
     * Logs the count of events dropped since the last report.
     *
     * @return false if the logger threw: the count is kept for the next drain, and this one stops
     *     rather than spin on a logger that keeps failing
     */
    private boolean reportDropped() {
        long lost = dropped.sumThenReset();
        if (lost == 0) {
            return true;
        }
        try {
            logger.log(System.Logger.Level.WARNING, "Dropped " + lost + " monitor events: the queue of "
                    + CAPACITY + " was full or the log handler failed");
            return true;
        } catch (RuntimeException e) {
            dropped.add(lost);
            return false;
        }
    }

    /**
     * Stops the periodic look and writes what is left, on this thread; a drain still running on a
     * virtual thread is waited for first, so that every event recorded before close is written
     * when close returns.
     */
    @Override
    public void close() {
        closed = true;
        drainTask.cancel(false);
        while (draining.get()) {
            LockSupport.parkNanos(50_000);
        }
        drain();
    }
}
