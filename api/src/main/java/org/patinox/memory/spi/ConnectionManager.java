package org.patinox.memory.spi;

import java.util.concurrent.CompletionStage;

/**
 * Creates, checks, resets and destroys the connections of one {@link org.patinox.memory.pool.Pool}:
 * the pool decides when, the manager knows how. Implemented by users for any connection type, and
 * by plugins (JDBC) found through {@link ConnectionManagerProvider}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread-safety.</b> Methods are called from many threads at once, but never two at a
 *       time for the same connection. {@link #create}, {@link #validate} and {@link #destroy} run
 *       on virtual threads of the pool's {@link org.patinox.memory.MemoryUtilities}, so they may
 *       block; {@link #recycle} runs on the thread that returns the connection, so it should
 *       return quickly (an already completed stage when there is nothing to reset).
 *   <li><b>Failures.</b> A method may throw or return a stage that completes exceptionally; both
 *       mean the same. A failed {@code create} is reported, kept as the pool's last creation
 *       failure (the cause of a later acquire timeout) and retried; a failed or {@code false}
 *       {@code validate} and a failed {@code recycle} make the pool destroy the connection; a
 *       failed {@code destroy} is reported and the connection counted as destroyed anyway.
 *   <li><b>Time.</b> The pool bounds {@code create} by {@link
 *       org.patinox.memory.pool.PoolConfig#createTimeout()} and {@code validate} by {@link
 *       org.patinox.memory.pool.PoolConfig#validationTimeout()}. Past the bound it stops waiting,
 *       cancels the stage and interrupts the thread running the call, and destroys a connection
 *       that arrives late: a manager should let interruption abort blocking I/O where it can.
 *   <li><b>Secrets.</b> Nothing a manager puts in an exception message or in {@link Object#toString()}
 *       may contain a password: the pool copies both into logs, events and exception messages.
 * </ul>
 *
 * @param <C> the type of connection
 */
public interface ConnectionManager<C> {

    /** @return a stage that completes with a new, open connection */
    CompletionStage<C> create();

    /**
     * @param connection a connection of this manager's, idle in the pool
     * @return a stage that completes with {@code true} when the connection is fit for use
     */
    CompletionStage<Boolean> validate(C connection);

    /**
     * Resets a connection a holder has returned, so that the next holder finds it as new (for a
     * database: roll back an open transaction, restore auto-commit and isolation).
     *
     * @param connection the connection being returned
     * @return a stage that completes when the connection may be handed out again
     */
    CompletionStage<Void> recycle(C connection);

    /**
     * Closes a connection the pool discards. Called once per connection.
     *
     * @param connection the connection, which the pool never uses again
     * @return a stage that completes when the connection's resources are released
     */
    CompletionStage<Void> destroy(C connection);
}
