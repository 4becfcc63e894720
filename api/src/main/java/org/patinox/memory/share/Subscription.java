package org.patinox.memory.share;

/**
 * A listener's subscription to a {@link ConfigData}. Cancelling it is idempotent and thread-safe:
 * a delivery already under way may still finish, and none starts once the cancellation is seen.
 */
public interface Subscription extends AutoCloseable {

    /** Stops deliveries to the listener. */
    void cancel();

    /** @return whether {@link #cancel()} has been called, or the configuration closed */
    boolean isCancelled();

    /** @return the last version delivered to the listener, 0 before the first */
    long lastDelivered();

    /** Same as {@link #cancel()}, for try-with-resources. */
    @Override
    default void close() {
        cancel();
    }
}
