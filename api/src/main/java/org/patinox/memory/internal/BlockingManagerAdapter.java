package org.patinox.memory.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.patinox.memory.spi.BlockingConnectionManager;
import org.patinox.memory.spi.ConnectionManager;

/**
 * A {@link BlockingConnectionManager} seen by a pool as a {@link ConnectionManager}.
 *
 * <p>{@code create}, {@code validate} and {@code destroy} run in the calling thread: the pools call
 * them on the instance's virtual threads, each bounded, and interrupt that thread at the bound, so
 * a blocking call needs no hop of its own to be bounded. {@code recycle} is called on the thread
 * that returns the connection, which may be the application's: it hops to a virtual thread and the
 * returning thread waits for it up to the validation timeout, past which the recycling thread is
 * interrupted and the recycle fails (the pool then destroys the connection). A manager that keeps
 * the default, empty, {@code recycle} costs no hop.
 */
final class BlockingManagerAdapter<C> implements ConnectionManager<C> {

    // Marks a recycle given up, in place of the thread that runs it; never started.
    private static final Thread GIVEN_UP = Thread.ofVirtual().unstarted(() -> { });

    private final BlockingConnectionManager<C> manager;
    private final Executor blocking;
    private final Duration recycleBound;
    private final String poolName;
    private final boolean recycles;

    BlockingManagerAdapter(BlockingConnectionManager<C> manager, Executor blocking, Duration recycleBound,
                           String poolName) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.blocking = blocking;
        this.recycleBound = recycleBound;
        this.poolName = poolName;
        this.recycles = overridesRecycle(manager.getClass());
    }

    private static boolean overridesRecycle(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("recycle") && m.getParameterCount() == 1 && !m.isBridge()
                        && !java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                    return true;
                }
            }
        }
        // A default recycle inherited from another interface than ours also counts as real work.
        try {
            return type.getMethod("recycle", Object.class).getDeclaringClass() != BlockingConnectionManager.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    @Override
    public CompletionStage<C> create() {
        try {
            return CompletableFuture.completedFuture(manager.create());
        } catch (Exception e) {
            return failed(e);
        }
    }

    @Override
    public CompletionStage<Boolean> validate(C connection) {
        try {
            return CompletableFuture.completedFuture(manager.validate(connection));
        } catch (Exception e) {
            return failed(e);
        }
    }

    @Override
    public CompletionStage<Void> destroy(C connection) {
        try {
            manager.destroy(connection);
            return CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            return failed(e);
        }
    }

    @Override
    public CompletionStage<Void> recycle(C connection) {
        if (!recycles) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicReference<Thread> runner = new AtomicReference<>();
        try {
            blocking.execute(() -> {
                Thread me = Thread.currentThread();
                if (!runner.compareAndSet(null, me)) {
                    return; // given up before it started
                }
                try {
                    manager.recycle(connection);
                    done.complete(null);
                } catch (Exception | Error e) {
                    done.completeExceptionally(e);
                } finally {
                    // Cleared before the thread ends, so that a late interrupt reaches nothing.
                    runner.compareAndSet(me, null);
                }
            });
        } catch (RejectedExecutionException e) {
            return failed(e); // the instance is closing: the pool destroys the connection
        }
        awaitBounded(done, runner);
        return done;
    }

    /** Waits for the recycle up to its bound, keeping but not acting on this thread's interrupts. */
    private void awaitBounded(CompletableFuture<Void> done, AtomicReference<Thread> runner) {
        long deadline = System.nanoTime() + recycleBound.toNanos();
        boolean interrupted = false;
        while (!done.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (done.completeExceptionally(new TimeoutException("recycling a connection of pool " + poolName
                        + " took longer than " + recycleBound.toMillis() + " ms"))) {
                    // GIVEN_UP also stops a call that has not started yet.
                    Thread thread = runner.getAndSet(GIVEN_UP);
                    if (thread != null) {
                        thread.interrupt();
                    }
                }
                break;
            }
            try {
                done.get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | TimeoutException e) {
                // settled, or the loop checks the deadline
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> CompletionStage<T> failed(Exception e) {
        if (e instanceof InterruptedException) {
            // The pool interrupted the call at its bound: the thread's status stays as the pool left it.
            Thread.currentThread().interrupt();
        }
        return CompletableFuture.failedFuture(e);
    }

    @Override
    public String toString() {
        return manager.toString();
    }
}
