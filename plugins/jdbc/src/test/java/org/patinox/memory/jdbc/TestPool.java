package org.patinox.memory.jdbc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.patinox.memory.PoolException;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.ConnectionManager;

/**
 * A small, plain pool for testing the JDBC layer apart from the pool implementations: a semaphore
 * bounds the connections, idle ones wait in a deque, every manager call is made synchronously
 * (validate on each acquire of an idle connection, recycle on return). Honours the {@link Pool}
 * guarantees the JDBC layer relies on, not the background work (no minimum, no health checks).
 */
final class TestPool<C> implements Pool<C> {

    private final ConnectionManager<C> manager;
    private final PoolConfig config;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<C> idle = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong destroyed = new AtomicLong();
    private final AtomicLong acquired = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong creationFailures = new AtomicLong();
    private final AtomicLong validationFailures = new AtomicLong();
    private volatile Throwable lastCreationFailure;

    TestPool(ConnectionManager<C> manager, PoolConfig config) {
        this.manager = manager;
        this.config = config.name().isEmpty() ? config.toBuilder().name("test-pool").build() : config;
        this.permits = new Semaphore(config.maxSize(), true);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<PooledConnection<C>> acquire() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return acquire(config.acquireTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, Thread::startVirtualThread);
    }

    @Override
    public PooledConnection<C> acquire(Duration timeout) throws InterruptedException {
        if (closed.get()) {
            throw new PoolException(PoolException.Kind.CLOSED, name(), name() + " is closed", null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            timeouts.incrementAndGet();
            throw new PoolException(PoolException.Kind.TIMEOUT, name(), "Timed out after " + timeout + " waiting for a"
                    + " connection of " + name() + ": " + stats().describe(), lastCreationFailure);
        }
        try {
            while (true) {
                C c = idle.pollFirst();
                if (c == null) {
                    c = create(deadline);
                } else if (!valid(c)) {
                    destroy(c);
                    continue;
                }
                active.incrementAndGet();
                acquired.incrementAndGet();
                return new Handle(c);
            }
        } catch (RuntimeException | InterruptedException e) {
            permits.release();
            throw e;
        }
    }

    private C create(long deadline) throws InterruptedException {
        while (true) {
            try {
                C c = manager.create().toCompletableFuture().join();
                created.incrementAndGet();
                lastCreationFailure = null;
                return c;
            } catch (RuntimeException e) {
                creationFailures.incrementAndGet();
                lastCreationFailure = e.getCause() != null ? e.getCause() : e;
                if (System.nanoTime() - deadline > 0) {
                    timeouts.incrementAndGet();
                    throw new PoolException(PoolException.Kind.TIMEOUT, name(), "Timed out creating a connection"
                            + " for " + name() + ": " + stats().describe(), lastCreationFailure);
                }
                Thread.sleep(20);
            }
        }
    }

    private boolean valid(C c) {
        try {
            if (manager.validate(c).toCompletableFuture().join()) {
                return true;
            }
        } catch (RuntimeException e) {
            // counted below
        }
        validationFailures.incrementAndGet();
        return false;
    }

    private void destroy(C c) {
        try {
            manager.destroy(c).toCompletableFuture().join();
        } catch (RuntimeException e) {
            // counted as destroyed anyway, as the contract says
        }
        destroyed.incrementAndGet();
    }

    private void giveBack(C c, boolean broken) {
        active.decrementAndGet();
        boolean keep = !broken && !closed.get();
        if (keep) {
            try {
                manager.recycle(c).toCompletableFuture().join();
            } catch (RuntimeException e) {
                keep = false;
            }
        }
        if (keep) {
            idle.addFirst(c);
            if (closed.get() && idle.remove(c)) {
                destroy(c);
            }
        } else {
            destroy(c);
        }
        permits.release();
    }

    @Override
    public PoolStats stats() {
        int i = idle.size();
        int a = active.get();
        return new PoolStats(name(), i + a, i, a, permits.getQueueLength(), 0, created.get(), destroyed.get(),
                acquired.get(), timeouts.get(), creationFailures.get(), validationFailures.get(), 0,
                Duration.ZERO, Duration.ZERO);
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        C c;
        while ((c = idle.pollFirst()) != null) {
            destroy(c);
        }
    }

    private final class Handle implements PooledConnection<C> {
        private final C connection;
        private final AtomicBoolean done = new AtomicBoolean();

        Handle(C connection) {
            this.connection = connection;
        }

        @Override
        public C get() {
            if (done.get()) {
                throw new IllegalStateException("handle closed");
            }
            return connection;
        }

        @Override
        public void invalidate() {
            if (done.compareAndSet(false, true)) {
                giveBack(connection, true);
            }
        }

        @Override
        public void close() {
            if (done.compareAndSet(false, true)) {
                giveBack(connection, false);
            }
        }
    }
}
