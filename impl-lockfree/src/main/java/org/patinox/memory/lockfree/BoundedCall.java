package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One call to a {@link org.patinox.memory.spi.ConnectionManager} method, run on the blocking
 * executor and bounded in time by a timer on the scheduler, which gives up the call on the executor. Exactly one of the call's outcome, its timeout or
 * an {@link #abandon abandonment} wins, by compare-and-set on {@code state}; the others find the
 * state taken and stand down. A value that arrives after the call was given up goes to {@code
 * onLate} (a late connection is destroyed there), never to {@code onDone}.
 *
 * <p>Giving up interrupts the thread while it is inside the manager's method and cancels the stage,
 * as the manager's contract announces. The interrupt can only reach the call's own virtual thread,
 * which ends with the call.
 */
final class BoundedCall<T> implements Runnable {

    private static final int PENDING = 0;
    private static final int DONE = 1;
    private static final int GIVEN_UP = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(BoundedCall.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String what;
    private final Supplier<? extends CompletionStage<T>> call;
    private final long timeoutNanos;
    private final BiConsumer<? super T, ? super Throwable> onDone;
    private final Consumer<? super T> onLate;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    private volatile Thread runner;
    private volatile CompletableFuture<T> stage;
    private volatile ScheduledFuture<?> timer;

    private BoundedCall(String what, Supplier<? extends CompletionStage<T>> call, long timeoutNanos,
                        BiConsumer<? super T, ? super Throwable> onDone, Consumer<? super T> onLate) {
        this.what = what;
        this.call = call;
        this.timeoutNanos = timeoutNanos;
        this.onDone = onDone;
        this.onLate = onLate;
    }

    /**
     * Prepares a call; {@link #start} runs it.
     *
     * @param what the call, for the timeout's message
     * @param call the manager call; may block, throw or return a stage that fails
     * @param timeoutNanos how long to wait for the call's outcome
     * @param onDone receives the value or the failure (unwrapped), exactly once; must not throw
     * @param onLate receives a value that arrived after the call was given up; must not throw
     */
    static <T> BoundedCall<T> of(String what, Supplier<? extends CompletionStage<T>> call, long timeoutNanos,
                                 BiConsumer<? super T, ? super Throwable> onDone, Consumer<? super T> onLate) {
        return new BoundedCall<>(what, call, timeoutNanos, onDone, onLate);
    }

    /** Prepares and starts a call; see {@link #of} and {@link #start}. */
    static <T> BoundedCall<T> start(String what, Supplier<? extends CompletionStage<T>> call, long timeoutNanos,
                                    Executor executor, ScheduledExecutorService scheduler,
                                    BiConsumer<? super T, ? super Throwable> onDone, Consumer<? super T> onLate) {
        return of(what, call, timeoutNanos, onDone, onLate).start(executor, scheduler);
    }

    /**
     * Runs the call on the executor, bounded by a timer on the scheduler.
     *
     * @return this call
     */
    BoundedCall<T> start(Executor executor, ScheduledExecutorService scheduler) {
        try {
            // The timer only hops to the executor: giving up runs onDone, which may complete a
            // caller's future, and nothing of a caller's may run on the shared scheduler thread.
            timer = scheduler.schedule(() -> {
                try {
                    executor.execute(this::expire);
                } catch (RejectedExecutionException e) {
                    expire(); // the instance is stopping: its pools are closing and give up every call
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
            if (!isPending()) {
                // Finished before the timer was stored: do not let it sit in the scheduler's queue.
                timer.cancel(false);
            }
        } catch (RejectedExecutionException e) {
            // The scheduler is shutting down with the whole library: the call runs unbounded.
        }
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            finish(null, e);
        }
        return this;
    }

    boolean isPending() {
        return (int) STATE.getVolatile(this) == PENDING;
    }

    @Override
    public void run() {
        if (!isPending()) {
            return;
        }
        CompletionStage<T> result;
        runner = Thread.currentThread();
        try {
            result = call.get();
        } catch (Throwable t) {
            // Whatever the manager throws is its answer, never the death of this thread.
            runner = null;
            finish(null, t);
            return;
        }
        runner = null;
        if (result == null) {
            finish(null, new NullPointerException(what + " returned null instead of a stage"));
            return;
        }
        CompletableFuture<T> future = toFuture(result);
        stage = future;
        if (!isPending()) {
            // Given up while the call ran: abandon() may have looked at stage before it was set.
            future.cancel(true);
        }
        future.whenComplete(this::finish);
    }

    private static <T> CompletableFuture<T> toFuture(CompletionStage<T> stage) {
        if (stage instanceof CompletableFuture<T> f) {
            return f;
        }
        try {
            return stage.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            CompletableFuture<T> f = new CompletableFuture<>();
            stage.whenComplete((v, x) -> {
                if (x != null) {
                    f.completeExceptionally(x);
                } else {
                    f.complete(v);
                }
            });
            return f;
        }
    }

    private void finish(T value, Throwable error) {
        if (STATE.compareAndSet(this, PENDING, DONE)) {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            onDone.accept(value, unwrap(error));
        } else if (value != null) {
            onLate.accept(value);
        }
    }

    private void expire() {
        abandon(new TimeoutException(what + " took longer than " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
    }

    /**
     * Gives up the call, unless it already finished.
     *
     * @param reason handed to {@code onDone} as the failure
     * @return whether this gave it up
     */
    boolean abandon(Throwable reason) {
        if (!STATE.compareAndSet(this, PENDING, GIVEN_UP)) {
            return false;
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        Thread r = runner;
        if (r != null) {
            r.interrupt();
        }
        CompletableFuture<T> f = stage;
        if (f != null) {
            f.cancel(true);
        }
        onDone.accept(null, reason);
        return true;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
