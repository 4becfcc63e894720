package org.patinox.memory.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A pool of connections of type {@code C}, created and checked by a {@link
 * org.patinox.memory.spi.ConnectionManager}. Obtained from {@link
 * org.patinox.memory.MemoryUtilities#pool}; thread-safe.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>At most {@link PoolConfig#maxSize()} connections are open or being created at any time, and
 *       no connection is held by two holders at once.
 *   <li>Waiters are served first come, first served among themselves. A caller that finds a
 *       connection idle takes it even while others wait (barging, as in HikariCP), so that running
 *       threads are not made to park behind parked ones; no waiter is starved past its deadline.
 *   <li>{@link PoolConfig#minSize()} connections are kept open in the background.
 *   <li>A failing or hanging creation never blocks the pool: acquires honour their deadline, and
 *       later acquires succeed once the manager recovers.
 *   <li>A connection past its {@link PoolConfig#maxLifetime()} is never taken from its holder; it
 *       is retired when returned.
 * </ul>
 *
 * @param <C> the type of connection
 */
public interface Pool<C> extends AutoCloseable {

    /** @return the pool's name, as in its configuration or assigned */
    String name();

    /** @return the configuration the pool runs with */
    PoolConfig config();

    /**
     * Asks for a connection without blocking.
     *
     * @return a future that completes with a connection, or exceptionally with a {@link
     *     org.patinox.memory.PoolException} of kind {@code TIMEOUT} after {@link
     *     PoolConfig#acquireTimeout()} or {@code CLOSED} when the pool closes; cancelling it gives
     *     up the place in the queue, and a connection that arrives anyway goes back to the pool
     */
    CompletableFuture<PooledConnection<C>> acquire();

    /**
     * Waits for a connection. Parks the caller: a virtual thread waiting here releases its carrier.
     *
     * <p>A zero or negative timeout is a try, as {@code poll(0, unit)} is for a queue: the caller
     * gets a connection that is idle and needs no validation, or a {@code TIMEOUT} at once, even
     * when the pool has room to create one: it never waits for a creation or a validation. One the
     * try starts goes on, and what it yields goes to a later acquire, unless it is ready before the
     * try has given up (a manager whose stage completes at once), when the try takes it.
     *
     * @param timeout how long to wait at most; zero or negative to wait not at all
     * @return a connection, which the caller must {@link PooledConnection#close() close}
     * @throws InterruptedException when the caller is interrupted while waiting; no capacity is lost
     * @throws org.patinox.memory.PoolException of kind {@code TIMEOUT} or {@code CLOSED}
     */
    PooledConnection<C> acquire(Duration timeout) throws InterruptedException;

    /** @return the current counts */
    PoolStats stats();

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /**
     * Closes the pool: new acquires and current waiters fail with a {@code CLOSED} {@link
     * org.patinox.memory.PoolException}; idle connections are destroyed at once and borrowed ones
     * as they return, waiting up to {@link PoolConfig#closeGracePeriod()}; then what is still
     * borrowed is destroyed too. Returns when every connection is destroyed and the pool's
     * background tasks are cancelled. Idempotent.
     *
     * <p>Called from inside one of the pool's own callbacks (its manager's {@code create}, {@code
     * validate}, {@code recycle} or {@code destroy}, the continuation of an acquire's future that the pool completes
     * there, or a monitor's record of one of the pool's events), it cannot wait for that callback:
     * it shuts the pool as above (acquires fail with {@code CLOSED}, {@link #isClosed()} is true)
     * and returns at once; the waiting and the last destroys go on on another thread once the
     * callback has returned. A second call from such a callback returns at once too.
     */
    @Override
    void close();
}
