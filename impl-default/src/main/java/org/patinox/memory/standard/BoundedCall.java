package org.patinox.memory.standard;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.patinox.memory.spi.ProviderContext;

/**
 * One call to a {@link org.patinox.memory.spi.ConnectionManager} method, run on the blocking
 * executor and bounded in time. Whatever the manager does (throw, return {@code null}, fail its
 * stage, hang in the call or in the stage), the call settles exactly once: with the value, with the
 * failure, or with a {@link TimeoutException} at the bound. At the bound it stops waiting, cancels
 * the stage and interrupts the thread still inside the call; a value that arrives after that goes
 * to {@code late}, so that the pool can destroy a connection nobody waits for.
 *
 * @param <T> what the call yields
 */
final class BoundedCall<T> {

    private static final System.Logger LOG = System.getLogger(BoundedCall.class.getName());

    private final String what;
    private final Supplier<? extends CompletionStage<T>> call;
    private final Duration bound;
    private final Consumer<? super T> late;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    // The thread inside call.get(), to interrupt at the bound; cleared by whoever gets there first.
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    private volatile CompletionStage<T> stage;

    BoundedCall(String what, Supplier<? extends CompletionStage<T>> call, Duration bound, Consumer<? super T> late) {
        this.what = what;
        this.call = call;
        this.bound = bound;
        this.late = late;
    }

    /**
     * Starts the call. {@code onDone} runs once, on the thread that settles the call: the one
     * completing the manager's stage, a virtual thread at the bound, or the caller of {@link
     * #abandon}; at once on the caller when the executors are shut down. So never call this while
     * holding a lock {@code onDone} takes.
     */
    void launch(ProviderContext context, BiConsumer<? super T, ? super Throwable> onDone) {
        result.whenComplete((value, error) -> {
            try {
                onDone.accept(value, error);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "Handling the outcome of " + what + " failed", e);
            }
        });
        ScheduledFuture<?> timer;
        try {
            // The timer only hops to a virtual thread: what the timeout sets off must not run on the scheduler.
            timer = context.scheduler().schedule(
                    () -> offload(context, () -> abandon(new TimeoutException(what + " took longer than " + bound.toMillis() + " ms"))),
                    StandardPool.nanos(bound), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            abandon(e);
            return;
        }
        result.whenComplete((value, error) -> timer.cancel(false));
        try {
            context.blockingExecutor().execute(this::run);
        } catch (RejectedExecutionException e) {
            abandon(e);
        }
    }

    /** Settles the call with {@code why} unless it has settled, and stops what is still running. */
    void abandon(Throwable why) {
        if (result.completeExceptionally(why)) {
            Thread thread = runner.getAndSet(null);
            if (thread != null) {
                thread.interrupt();
            }
            CompletionStage<T> s = stage;
            if (s != null) {
                cancel(s);
            }
        }
    }

    private void run() {
        Thread me = Thread.currentThread();
        runner.set(me);
        if (result.isDone()) {
            return; // abandoned before it started
        }
        CompletionStage<T> s;
        try {
            s = Objects.requireNonNull(call.get(), () -> what + " returned null instead of a stage");
        } catch (RuntimeException | Error e) {
            runner.compareAndSet(me, null);
            result.completeExceptionally(e);
            return;
        }
        runner.compareAndSet(me, null);
        stage = s;
        // abandon() may have looked for the stage just before it was set: cancel it here instead.
        if (result.isDone()) {
            cancel(s);
        }
        s.whenComplete(this::settle);
    }

    private void settle(T value, Throwable error) {
        if (error == null) {
            if (!result.complete(value) && value != null) {
                late.accept(value);
            }
        } else {
            result.completeExceptionally(unwrap(error));
        }
    }

    private static void cancel(CompletionStage<?> s) {
        try {
            s.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException ignored) {
            // A stage that cannot be a CompletableFuture cannot be cancelled either; it is ignored from now on.
        }
    }

    /** Runs a task on a virtual thread, or here when the executor is already shut down. */
    static void offload(ProviderContext context, Runnable task) {
        try {
            context.blockingExecutor().execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** @return the failure itself, without the wrappers of {@code CompletableFuture} */
    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** @return the failure of a completed future, or {@code null} if it succeeded */
    static Throwable failureOf(CompletableFuture<?> done) {
        try {
            done.join();
            return null;
        } catch (CompletionException | CancellationException e) {
            return unwrap(e);
        }
    }
}
