package org.patinox.memory.support;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.patinox.memory.internal.BoundHandover;

/**
 * One call to a {@link org.patinox.memory.spi.ConnectionManager} method, run on the blocking
 * executor and bounded in time by a timer on the scheduler, which only hands the timeout to the
 * executor. Whatever the manager does (throw anything, a checked exception thrown undeclared
 * included, return {@code null}, fail its stage, hang in the call or in the stage), the call
 * settles exactly once: with the value, with the failure, or with a {@link TimeoutException} at the
 * bound. Exactly one of the call's outcome, its timeout or an {@link #abandon abandonment} wins, by
 * compare-and-set on {@code state}; the others find the state taken and stand down. A value that
 * arrives after the call was given up goes to {@code onLate} (a late connection is destroyed
 * there), never to {@code onDone}.
 *
 * <p>Giving up interrupts the thread while it is inside the manager's method and cancels the stage,
 * as the manager's contract announces. {@code onDone} runs once, on the thread that settles the
 * call (the one completing the manager's stage, a virtual thread at the bound, or the caller of
 * {@link #abandon}): never start a call while holding a lock {@code onDone} takes. What {@code
 * onDone} throws is logged, never lost in a thread's uncaught handler.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 *
 * @param <T> what the call yields
 */
public final class BoundedCall<T> {

    private static final System.Logger LOG = Loggers.named(BoundedCall.class.getName());
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
    private final Runnable onOver;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    private volatile Thread runner;
    private volatile CompletableFuture<T> stage;
    private volatile ScheduledFuture<?> timer;
    /** The call's bound, once started. */
    private volatile Timer bound;
    /** The pool whose callback the call is, for {@link PoolCallbacks}; {@code null} for none. */
    private Object owner;

    private BoundedCall(String what, Supplier<? extends CompletionStage<T>> call, long timeoutNanos,
                        BiConsumer<? super T, ? super Throwable> onDone, Consumer<? super T> onLate, Runnable onOver) {
        this.what = what;
        this.call = call;
        this.timeoutNanos = timeoutNanos;
        this.onDone = onDone;
        this.onLate = onLate;
        this.onOver = onOver;
    }

    /**
     * Prepares a call; {@link #start} runs it.
     *
     * @param what the call, for the timeout's message, such as {@code creating a connection for pool p}
     * @param call the manager call; may block, throw or return a stage that fails
     * @param timeoutNanos how long to wait for the call's outcome
     * @param onDone receives the value or the failure (unwrapped), exactly once
     * @param onLate receives a value that arrived after the call was given up
     * @param <T> what the call yields
     * @return the call, not started
     */
    public static <T> BoundedCall<T> of(String what, Supplier<? extends CompletionStage<T>> call, long timeoutNanos,
                                        BiConsumer<? super T, ? super Throwable> onDone, Consumer<? super T> onLate) {
        return new BoundedCall<>(what, call, timeoutNanos, onDone, onLate, () -> { });
    }

    /**
     * Prepares a call that also says when the manager's call is over, as a pool's close needs: a
     * call given up (by its bound or by {@link #abandon}) may still be running in the manager, and
     * a connection it yields late must be destroyed before the pool may say every connection is.
     *
     * @param what the call, for the timeout's message
     * @param call the manager call
     * @param timeoutNanos how long to wait for the call's outcome
     * @param onDone receives the value or the failure (unwrapped), exactly once
     * @param onLate receives a value that arrived after the call was given up
     * @param onOver runs exactly once, when the manager's call is over: its outcome arrived (after
     *     {@code onDone} or {@code onLate} ran), or it was given up before it began, or the
     *     executor refused it; what it throws is logged
     * @param <T> what the call yields
     * @return the call, not started
     */
    public static <T> BoundedCall<T> of(String what, Supplier<? extends CompletionStage<T>> call, long timeoutNanos,
                                        BiConsumer<? super T, ? super Throwable> onDone, Consumer<? super T> onLate,
                                        Runnable onOver) {
        return new BoundedCall<>(what, call, timeoutNanos, onDone, onLate, Objects.requireNonNull(onOver, "onOver"));
    }

    /**
     * Prepares and starts a call; see {@link #of} and {@link #start(Executor, ScheduledExecutorService)}.
     *
     * @param what the call, for the timeout's message
     * @param call the manager call
     * @param timeoutNanos how long to wait for the call's outcome
     * @param executor where the call runs (the instance's virtual threads)
     * @param scheduler where the timer runs
     * @param onDone receives the value or the failure, exactly once
     * @param onLate receives a value that arrived after the call was given up
     * @param <T> what the call yields
     * @return the call, started
     */
    public static <T> BoundedCall<T> start(String what, Supplier<? extends CompletionStage<T>> call, long timeoutNanos,
                                           Executor executor, ScheduledExecutorService scheduler,
                                           BiConsumer<? super T, ? super Throwable> onDone, Consumer<? super T> onLate) {
        return of(what, call, timeoutNanos, onDone, onLate).start(executor, scheduler);
    }

    /**
     * Makes the manager call on the caller's thread, as a return's {@code recycle} is made, and
     * bounds what it leaves: a stage already complete (the usual case) settles {@code onDone} at
     * once on this thread, with no timer and no hop; a stage still running is bounded as {@link
     * #start} bounds a call. A throw, whatever its type, or a {@code null} stage is the failure.
     *
     * @param what the call, for the timeout's message
     * @param call the manager call
     * @param timeoutNanos how long to wait for a stage still running
     * @param executor where the timeout is handled
     * @param scheduler where the timer runs
     * @param onDone receives the value or the failure, exactly once
     * @param <T> what the call yields
     */
    public static <T> void inline(String what, Supplier<? extends CompletionStage<T>> call, long timeoutNanos,
                                  Executor executor, ScheduledExecutorService scheduler,
                                  BiConsumer<? super T, ? super Throwable> onDone) {
        CompletionStage<T> s;
        try {
            s = call.get();
        } catch (Throwable t) {
            deliver(what, onDone, null, t);
            return;
        }
        if (s == null) {
            deliver(what, onDone, null, new NullPointerException(what + " returned null instead of a stage"));
            return;
        }
        CompletableFuture<T> f = toFuture(s);
        if (f.isDone()) {
            switch (f.state()) {
                case SUCCESS -> deliver(what, onDone, f.resultNow(), null);
                case FAILED -> deliver(what, onDone, null, unwrap(f.exceptionNow()));
                default -> deliver(what, onDone, null, new CancellationException(what + " was cancelled"));
            }
            return;
        }
        start(what, () -> f, timeoutNanos, executor, scheduler, onDone, late -> { });
    }

    /** The bound of a call: a task on the scheduler, or a virtual thread of its own once {@linkplain #rearm handed over}. */
    private final class Timer implements Runnable, BoundHandover.Bound {
        private final Executor executor;
        private final long deadline;
        private final BoundHandover owner;
        private final AtomicReference<Thread> sleeper = new AtomicReference<>();

        private Timer(Executor executor, ScheduledExecutorService scheduler) {
            this.executor = executor;
            this.deadline = System.nanoTime() + timeoutNanos;
            this.owner = scheduler instanceof BoundHandover h ? h : null;
        }

        @Override
        public void run() {
            // Only a hop to the executor: giving up runs onDone, which may complete a caller's
            // future, and nothing of a caller's may run on the shared scheduler thread.
            offload(executor, BoundedCall.this::expire);
        }

        @Override
        public void rearm() {
            if (!isPending()) {
                return;
            }
            Thread thread = Thread.ofVirtual().name("patinox-bound").unstarted(() -> {
                try {
                    // Compared by difference: a deadline of "no limit" overflows nothing.
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        Thread.sleep(Duration.ofNanos(left));
                    }
                } catch (InterruptedException e) {
                    return; // the call settled first
                }
                expire();
            });
            if (sleeper.compareAndSet(null, thread)) {
                thread.start();
                if (!isPending()) {
                    thread.interrupt(); // settled before the thread was stored
                }
            }
        }

        private void stop() {
            if (owner != null) {
                owner.settled(this);
            }
            Thread thread = sleeper.get();
            if (thread != null && thread != Thread.currentThread()) {
                thread.interrupt();
            }
        }
    }

    /**
     * Runs the call on the executor, bounded by a timer on the scheduler, or, when the scheduler
     * refuses it (it is shutting down with the whole library), on a virtual thread; if the executor
     * refuses the call, it fails at once with the refusal, on this thread.
     *
     * @param executor where the call runs
     * @param scheduler where the timer runs
     * @return this call
     */
    public BoundedCall<T> start(Executor executor, ScheduledExecutorService scheduler) {
        Timer t = new Timer(executor, scheduler);
        bound = t;
        if (t.owner != null) {
            t.owner.waiting(t);
        }
        try {
            timer = scheduler.schedule(t, timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            t.rearm();
        }
        if (!isPending()) {
            // Finished before the timer was stored: do not let it sit in the scheduler's queue.
            stopTimers();
        }
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            finish(null, e);
            over();
        }
        return this;
    }

    /**
     * Marks the thread that makes the manager's call, and the one that handles its outcome, as
     * running a callback of {@code pool} ({@link PoolCallbacks}), so that the pool's close, made
     * from there, does not wait for the call it is made from. Called before {@link #start}.
     *
     * @param pool the pool the call is made for
     * @return this call
     */
    public BoundedCall<T> callbackOf(Object pool) {
        this.owner = pool;
        return this;
    }

    /** @return whether the call has neither settled nor been given up */
    public boolean isPending() {
        return (int) STATE.getVolatile(this) == PENDING;
    }

    private void run() {
        Object mark = PoolCallbacks.enter(owner);
        try {
            makeCall();
        } finally {
            PoolCallbacks.exit(mark);
        }
    }

    private void makeCall() {
        if (!isPending()) {
            over();
            return; // given up before it started
        }
        CompletionStage<T> result;
        runner = Thread.currentThread();
        try {
            result = call.get();
        } catch (Throwable t) {
            // Whatever the manager throws, declared or not, is its answer, never the death of this thread.
            runner = null;
            finish(null, t);
            over();
            return;
        }
        runner = null;
        if (result == null) {
            finish(null, new NullPointerException(what + " returned null instead of a stage"));
            over();
            return;
        }
        CompletableFuture<T> future = toFuture(result);
        stage = future;
        if (!isPending()) {
            // Given up while the call ran: abandon() may have looked at stage before it was set.
            future.cancel(true);
        }
        future.whenComplete((value, error) -> {
            // Marked again: a stage completed later runs this on the thread that completed it.
            Object mark = PoolCallbacks.enter(owner);
            try {
                finish(value, error);
                over();
            } finally {
                PoolCallbacks.exit(mark);
            }
        });
    }

    /** The manager's call is over, its outcome (if any) handed on: tells whoever waits for that. */
    private void over() {
        try {
            onOver.run();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "Handling the end of " + what + " failed", e);
        }
    }

    /**
     * @param stage any stage, a minimal one or a foreign implementation included
     * @param <T> its value's type
     * @return the stage as a future that answers {@code isDone()} and can be cancelled: itself when
     *     it is a plain {@code CompletableFuture}, so that the usual, completed case allocates nothing.
     *     Never {@code null}, and never throws: a stage whose {@code toCompletableFuture()} answers
     *     {@code null} is followed through its callbacks, as one that refuses it is, and what that
     *     method or {@code whenComplete} throws otherwise is the future's failure, so that a caller
     *     that claimed a call always settles it
     */
    public static <T> CompletableFuture<T> toFuture(CompletionStage<T> stage) {
        if (stage instanceof CompletableFuture<T> f && f.getClass() == CompletableFuture.class) {
            return f;
        }
        try {
            // A minimal stage gives a copy that answers isDone(); a plain future gives itself.
            CompletableFuture<T> f = stage.toCompletableFuture();
            if (f != null) {
                return f;
            }
        } catch (UnsupportedOperationException e) {
            // Allowed by CompletionStage: followed through its callbacks below.
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            stage.whenComplete((v, x) -> {
                if (x != null) {
                    f.completeExceptionally(x);
                } else {
                    f.complete(v);
                }
            });
        } catch (Throwable e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    private void finish(T value, Throwable error) {
        if (STATE.compareAndSet(this, PENDING, DONE)) {
            stopTimers();
            deliver(what, onDone, value, error == null ? null : unwrap(error));
        } else if (value != null) {
            try {
                onLate.accept(value);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "Handling the late outcome of " + what + " failed", e);
            }
        }
    }

    private static <T> void deliver(String what, BiConsumer<? super T, ? super Throwable> onDone, T value, Throwable error) {
        try {
            onDone.accept(value, error);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "Handling the outcome of " + what + " failed", e);
        }
    }

    /** The call settled or was given up: its bound, wherever it runs, is no longer needed. */
    private void stopTimers() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        Timer b = bound;
        if (b != null) {
            b.stop();
        }
    }

    private void expire() {
        abandon(new TimeoutException(what + " took longer than " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
    }

    /**
     * Gives up the call, unless it already settled: interrupts the thread inside the manager's
     * method, cancels its stage and hands {@code reason} to {@code onDone}.
     *
     * @param reason handed to {@code onDone} as the failure
     * @return whether this gave it up
     */
    public boolean abandon(Throwable reason) {
        if (!STATE.compareAndSet(this, PENDING, GIVEN_UP)) {
            return false;
        }
        stopTimers();
        Thread r = runner;
        if (r != null) {
            r.interrupt();
        }
        CompletableFuture<T> f = stage;
        if (f != null) {
            f.cancel(true);
        }
        deliver(what, onDone, null, reason);
        return true;
    }

    /**
     * Runs a task on the executor, or on a virtual thread of its own when the executor is already
     * shut down: for what a timer on the scheduler sets off, which must not run on the scheduler's
     * thread, even while the library closes.
     *
     * @param executor the instance's virtual threads
     * @param task what to run
     */
    public static void offload(Executor executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            Thread.ofVirtual().name("patinox-late-task").start(task);
        }
    }

    /**
     * @param error a failure, perhaps wrapped
     * @return the failure itself, without the wrappers of {@code CompletableFuture} and {@code Future}
     */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * @param done a completed future
     * @return its failure, unwrapped, or {@code null} if it succeeded
     */
    public static Throwable failureOf(Future<?> done) {
        return switch (done.state()) {
            case SUCCESS -> null;
            case FAILED -> unwrap(done.exceptionNow());
            case CANCELLED -> new CancellationException("cancelled");
            case RUNNING -> throw new IllegalStateException("not completed");
        };
    }
}
