package org.patinox.memory.lockfree;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * Writes events to a {@link System.Logger} off the caller's path: {@link #record} only offers the
 * event to a bounded MPSC queue, and the scheduler drains it to the logger. When the queue is full
 * the event is dropped and counted, so that a slow log never slows the component reporting; the
 * count is logged with the next drain.
 *
 * <p>The queue is JCTools' VarHandle flavour ({@code org.jctools.queues.varhandle}): the default
 * {@code MpscArrayQueue} reaches {@code sun.misc.Unsafe}, which on the module path needs {@code
 * jdk.unsupported} resolved and is refused under {@code --sun-misc-unsafe-memory-access=deny}.
 */
final class QueuedLoggingMonitor implements Monitor {

    static final int CAPACITY = 4096;
    static final long DRAIN_PERIOD_MILLIS = 100;

    private final System.Logger logger;
    private final System.Logger.Level level;
    private final MpscVarHandleArrayQueue<MonitorEvent> queue = new MpscVarHandleArrayQueue<>(CAPACITY);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;
    private ScheduledFuture<?> drainTask;

    private QueuedLoggingMonitor(System.Logger logger, System.Logger.Level level) {
        this.logger = logger;
        this.level = level;
    }

    static QueuedLoggingMonitor start(System.Logger logger, System.Logger.Level level, ScheduledExecutorService scheduler) {
        QueuedLoggingMonitor monitor = new QueuedLoggingMonitor(logger, level);
        monitor.drainTask = scheduler.scheduleWithFixedDelay(
                monitor::drain, DRAIN_PERIOD_MILLIS, DRAIN_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
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
                // relaxedPoll, not drain(Consumer): the consumer type is JCTools' own interface,
                // outside the packages this module may name (see the arch-tests' JCTools rule).
                for (MonitorEvent event; (event = queue.relaxedPoll()) != null; ) {
                    try {
                        logger.log(level, event.describe(), event.error().orElse(null));
                    } catch (RuntimeException e) {
                        // A failing log handler must not end the periodic drain.
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

    @Override
    public void close() {
        closed = true;
        drainTask.cancel(false);
        drain();
    }
}
