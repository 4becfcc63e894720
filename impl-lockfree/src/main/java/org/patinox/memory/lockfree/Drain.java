package org.patinox.memory.lockfree;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The {@code lockfree} cache's background drain: a task on an executor that maintains the cache
 * when a reader asks for it, then <em>lingers</em> for the next request instead of ending at once.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #request()} makes sure that {@link #maintain} runs after the call: it queues the
 *       task when none is queued or running, or marks the running one to maintain again. It never
 *       waits, and is cheap when a drain is already coming.
 *   <li>A run maintains, then sleeps {@link #PACE} at a time, maintaining again whenever a request
 *       came meanwhile, and ends once none has come for {@link #LINGER}.
 *   <li>After {@link #TASK_SLICE} of running, it ends, queueing itself again on the executor if a
 *       request is pending, so that no run holds its thread for long.
 *   <li>It stops lingering as soon as the cache is closed or its thread is interrupted (the
 *       executor stopping it): closed, it ends idle; interrupted, it ends too, handing a request
 *       that is pending to a new run on the executor, which refuses it if it is shutting down.
 *   <li>Run on the thread that asked for it (an executor that runs tasks on the caller), it
 *       maintains once, again while asked meanwhile, and returns without lingering.
 *   <li>What {@code maintain} throws ends the run, is handed to the failure handler, and leaves the
 *       drain idle, ready for the next request.
 * </ul>
 *
 * <p>Lingering lets a stream of reads be replayed by one running task, woken by its own timer,
 * instead of by a task queued, and a thread woken by the reader, per full read-buffer stripe;
 * sleeping rather than spinning leaves the processor to the readers. The clock and the sleep are
 * given, so that tests step a drain through time without racing it.
 */
final class Drain implements Runnable {

    /** How long a drain sleeps between two runs of {@code maintain}, waiting for requests. */
    static final long PACE = TimeUnit.MICROSECONDS.toNanos(50);
    /** How long a drain waits for another request before it ends. */
    static final long LINGER = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long one run of the task lasts at most (besides a last maintenance) before it queues itself again. */
    static final long TASK_SLICE = TimeUnit.MILLISECONDS.toNanos(1);

    /** No drain is queued or running. */
    static final int IDLE = 0;
    /** A drain is queued: when it starts, it maintains for everything requested before. */
    static final int SCHEDULED = 1;
    /** A drain has maintained and waits a little for more work before it ends. */
    static final int LINGERING = 2;
    /** A running drain has been asked to maintain again. */
    static final int REQUESTED = 3;

    private final Executor executor;
    private final Runnable maintain;
    private final BooleanSupplier closed;
    private final LongSupplier clock;
    private final LongConsumer sleep;
    private final Consumer<Throwable> failed;
    /** {@link #IDLE}, {@link #SCHEDULED}, {@link #LINGERING} or {@link #REQUESTED}. */
    private final AtomicInteger status = new AtomicInteger(IDLE);
    /** The thread inside {@code executor.execute(this)}, so that a run on that very thread knows it is inline. */
    private volatile Thread queueing;

    /**
     * @param executor where the drain runs: the instance's virtual threads
     * @param maintain one maintenance of the cache; it may call {@link #request()} itself
     * @param closed whether the cache is closed, after which the drain does nothing
     * @param failed what to do with what {@code maintain} throws
     */
    Drain(Executor executor, Runnable maintain, BooleanSupplier closed, Consumer<Throwable> failed) {
        this(executor, maintain, closed, failed, System::nanoTime, LockSupport::parkNanos);
    }

    /**
     * As {@link #Drain(Executor, Runnable, BooleanSupplier, Consumer)}, with the clock and the sleep
     * given.
     *
     * @param clock nanoseconds, as {@link System#nanoTime()}
     * @param sleep sleeps about the nanoseconds given, as {@link LockSupport#parkNanos(long)}; may
     *     return early
     */
    Drain(Executor executor, Runnable maintain, BooleanSupplier closed, Consumer<Throwable> failed,
          LongSupplier clock, LongConsumer sleep) {
        this.executor = executor;
        this.maintain = maintain;
        this.closed = closed;
        this.failed = failed;
        this.clock = clock;
        this.sleep = sleep;
    }

    /**
     * Makes sure that a drain runs after this call: queues one when none is queued or running, or
     * asks the running one to maintain again. Does nothing once the cache is closed, or when the
     * executor refuses the task (it is shutting down): the next writer then maintains itself.
     */
    void request() {
        while (!closed.getAsBoolean()) {
            int now = status.get();
            if (now == SCHEDULED || now == REQUESTED) {
                return;
            }
            if (now == LINGERING) {
                if (status.compareAndSet(LINGERING, REQUESTED)) {
                    return;
                }
            } else if (status.compareAndSet(IDLE, SCHEDULED)) {
                queue();
                return;
            }
        }
    }

    /** Hands this task to the executor; the status is {@link #SCHEDULED}. */
    private void queue() {
        queueing = Thread.currentThread();
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            status.set(IDLE);
        } finally {
            queueing = null;
        }
    }

    /** The task: maintain, linger, end or queue again, as the class says. */
    @Override
    public void run() {
        boolean inline = Thread.currentThread() == queueing;
        long started = clock.getAsLong();
        try {
            while (!closed.getAsBoolean()) {
                status.set(LINGERING);
                maintain.run();
                if (inline) {
                    if (!status.compareAndSet(LINGERING, IDLE)) {
                        continue; // asked again while maintaining
                    }
                    return;
                }
                if (clock.getAsLong() - started > TASK_SLICE) {
                    handOff();
                    return;
                }
                if (!linger()) {
                    return;
                }
            }
            status.set(IDLE);
        } catch (RuntimeException | Error e) {
            status.set(IDLE);
            failed.accept(e);
        }
    }

    /**
     * @return whether a request came; {@code false} when none did within {@link #LINGER}, or the
     *     thread was interrupted: the run then ends, as {@link #handOff()} leaves it
     */
    private boolean linger() {
        long since = clock.getAsLong();
        while (!closed.getAsBoolean()) {
            if (Thread.currentThread().isInterrupted()) {
                handOff(); // the executor is stopping this thread: no more sleeping on it
                return false;
            }
            sleep.accept(PACE);
            if (status.get() != LINGERING) {
                return true;
            }
            if (clock.getAsLong() - since > LINGER && status.compareAndSet(LINGERING, IDLE)) {
                return false;
            }
        }
        return true; // the run's loop sees the cache closed, and ends idle
    }

    /** Ends a run: idle, or, when a request is pending, with a new run queued for it. */
    private void handOff() {
        if (!status.compareAndSet(LINGERING, IDLE)) {
            status.set(SCHEDULED);
            queue();
        }
    }

    /** @return where the drain is: {@link #IDLE}, {@link #SCHEDULED}, {@link #LINGERING} or {@link #REQUESTED} */
    int status() {
        return status.get();
    }
}
