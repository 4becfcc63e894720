package org.patinox.memory.spi;

/**
 * The blocking form of a {@link ConnectionManager}: plain methods that return their result and may
 * throw any exception, for connections made by blocking code (a socket, a driver, a client
 * library). Hand it to {@link org.patinox.memory.MemoryUtilities#pool(BlockingConnectionManager,
 * org.patinox.memory.pool.PoolConfig)}; the pool runs it as it runs the asynchronous form, with the
 * same bounds and the same reports.
 *
 * <pre>{@code
 * BlockingConnectionManager<Socket> sockets = new BlockingConnectionManager<>() {
 *     public Socket create() throws IOException { return new Socket("127.0.0.1", 6379); }
 *     public boolean validate(Socket s) { return s.isConnected() && !s.isClosed(); }
 *     public void destroy(Socket s) throws IOException { s.close(); }
 * };
 * Pool<Socket> pool = memory.pool(sockets, PoolConfig.defaults());
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Threads.</b> Every method runs on a virtual thread of the pool's {@link
 *       org.patinox.memory.MemoryUtilities} (its {@link ProviderContext#blockingExecutor()}), never
 *       on the thread of the caller who acquires or returns a connection, and never on the
 *       instance's scheduler: blocking is expected. The holder that returns a connection waits for
 *       its {@link #recycle}, within the bound below, so that the connection is back in the pool
 *       (or destroyed) when its {@code close()} returns; that holder's interrupt status is left
 *       alone.
 *   <li><b>Thread-safety.</b> Methods are called from many threads at once, and must be safe for
 *       that, but never two at a time for the same connection: a connection is in the hands of
 *       one holder, or of one manager call, at any moment.
 *   <li><b>Exceptions.</b> A method may throw any exception, checked or not; the pool treats it as
 *       the asynchronous form treats a failed stage. A failed {@code create} is reported, kept as the
 *       pool's last creation failure (the cause of a later acquire timeout, as thrown, unwrapped)
 *       and retried; a failed or {@code false} {@code validate} and a failed {@code recycle} make the
 *       pool destroy the connection; a failed {@code destroy} is reported and the connection
 *       counted as destroyed anyway. An {@link Error} is not caught: it reaches the pool as thrown.
 *   <li><b>Time and interruption.</b> The pool bounds {@code create} and {@code destroy} by {@link
 *       org.patinox.memory.pool.PoolConfig#createTimeout()}, {@code validate} and {@code recycle}
 *       by {@link org.patinox.memory.pool.PoolConfig#validationTimeout()}. Past the bound it stops
 *       waiting and interrupts the thread running the call; a connection a {@code create} returns
 *       late is destroyed. So a method should let interruption abort blocking I/O where it can
 *       (throwing {@link InterruptedException} is right), and a method that ignores it only keeps
 *       its own virtual thread busy: the pool has moved on, and may destroy the connection while
 *       the call still runs. A method that catches an {@code
 *       InterruptedException} and does not rethrow it should restore the interrupt status.
 *   <li><b>Secrets.</b> Nothing a manager puts in an exception message or in {@link
 *       Object#toString()} may contain a password: the pool copies both into logs, events and
 *       exception messages.
 * </ul>
 *
 * @param <C> the type of connection
 * @see ConnectionManager the asynchronous form
 */
public interface BlockingConnectionManager<C> {

    /**
     * Opens a new connection.
     *
     * @return the new connection, never {@code null}
     * @throws Exception when the connection cannot be opened; the pool reports it and retries
     */
    C create() throws Exception;

    /**
     * Checks an idle connection before it is handed out or while it waits.
     *
     * @param connection a connection of this manager's, idle in the pool
     * @return whether the connection is fit for use; {@code false} makes the pool destroy it
     * @throws Exception when the check fails, which the pool takes as {@code false}
     */
    boolean validate(C connection) throws Exception;

    /**
     * Resets a connection a holder has returned, so that the next holder finds it as new (for a
     * database: roll back an open transaction, restore auto-commit and isolation). The default does
     * nothing.
     *
     * @param connection the connection being returned
     * @throws Exception when the connection cannot be reset, which makes the pool destroy it
     */
    default void recycle(C connection) throws Exception {
    }

    /**
     * Closes a connection the pool discards. Called once per connection.
     *
     * @param connection the connection, which the pool never uses again
     * @throws Exception when closing fails; the pool reports it and counts the connection destroyed
     */
    void destroy(C connection) throws Exception;
}
