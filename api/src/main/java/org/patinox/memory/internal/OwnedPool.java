package org.patinox.memory.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;

/** A pool as its {@code MemoryUtilities} hands it out: closing it closes it through its guard in the instance's registry. */
final class OwnedPool<C> implements Pool<C> {

    private final Pool<C> pool;
    private final Consumer<Pool<?>> onClose;

    OwnedPool(Pool<C> pool, Consumer<Pool<?>> onClose) {
        this.pool = pool;
        this.onClose = onClose;
    }

    @Override
    public String name() {
        return pool.name();
    }

    @Override
    public PoolConfig config() {
        return pool.config();
    }

    @Override
    public CompletableFuture<PooledConnection<C>> acquire() {
        return pool.acquire();
    }

    @Override
    public PooledConnection<C> acquire(Duration timeout) throws InterruptedException {
        return pool.acquire(timeout);
    }

    @Override
    public PoolStats stats() {
        return pool.stats();
    }

    @Override
    public boolean isClosed() {
        return pool.isClosed();
    }

    @Override
    public void close() {
        // The guard's cleanup closes the pool, once, whoever asks first.
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return pool.toString();
    }
}
