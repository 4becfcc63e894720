package org.patinox.memory.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.patinox.memory.PoolException;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;

/** A pool with no connections, for tests of how the runtime names, tracks and closes pools. */
final class FakePool<C> implements Pool<C> {

    private final PoolConfig config;
    final AtomicInteger closes = new AtomicInteger();

    FakePool(PoolConfig config) {
        this.config = config;
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
        return CompletableFuture.failedFuture(new PoolException(PoolException.Kind.TIMEOUT, name(), "empty", null));
    }

    @Override
    public PooledConnection<C> acquire(Duration timeout) {
        throw new PoolException(PoolException.Kind.TIMEOUT, name(), "empty", null);
    }

    @Override
    public PoolStats stats() {
        return new PoolStats(name(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);
    }

    @Override
    public boolean isClosed() {
        return closes.get() > 0;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
