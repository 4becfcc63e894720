package org.patinox.memory.pool;

/**
 * A connection borrowed from a {@link Pool}: a handle for one holder, used by one thread at a time.
 * Close it to return the connection, in a {@code try}-with-resources block.
 *
 * @param <C> the type of connection
 */
public interface PooledConnection<C> extends AutoCloseable {

    /**
     * @return the connection
     * @throws IllegalStateException once the handle has been closed or invalidated, or once the
     *     pool's {@link Pool#close()} destroyed the connection, its grace period over
     */
    C get();

    /**
     * Discards the connection instead of returning it, because the holder found it broken: the
     * pool destroys it, and its place goes to a waiter or to a new connection. Ends the handle;
     * after {@link #close()} it does nothing.
     */
    void invalidate();

    /** Returns the connection to the pool, which resets it for the next holder. Idempotent. */
    @Override
    void close();
}
