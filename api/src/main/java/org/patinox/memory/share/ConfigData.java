package org.patinox.memory.share;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A versioned configuration: an immutable value whose every accepted change is published as a
 * new {@link Versioned} and delivered to subscribers in order.
 *
 * <ul>
 *   <li><b>Readers never wait</b>: {@link #current()} is a volatile read, whatever a writer, a
 *       reload or a subscriber is doing.</li>
 *   <li><b>Updates are whole or nothing</b>: {@link #update(Object)} runs every validator on the new
 *       value; if any fails, the update is rejected with a {@link org.patinox.memory.ConfigException}
 *       naming each failure, and the previous version stays current. Updates are serialized, so
 *       that versions are numbered in the order they are published.</li>
 *   <li><b>Delivery is ordered, per subscriber</b>: each subscriber first gets the version current
 *       when it subscribed (or, when newer ones are published before that first call starts, the
 *       newest of them), then later versions in strictly increasing order, one call at a time,
 *       on a virtual thread of the instance (never its scheduler thread, never the publisher's
 *       thread). A subscriber slower than the updates sees versions <b>coalesced</b> (it gets the
 *       newest one published when it is ready again, skipping those in between) but never
 *       reordered; it delays no other subscriber, no reader and no writer.</li>
 *   <li><b>A subscriber that throws</b> is reported (a {@code SHARE_SUBSCRIBER_FAILED} event and a
 *       warning logged to {@code org.patinox.memory.share}) and keeps its subscription, except a
 *       {@link Flow.Subscriber} whose {@code onSubscribe} throws: it is cancelled, as the Reactive
 *       Streams rule 2.13 requires, and the warning says so.</li>
 * </ul>
 *
 * <p>Made by {@link org.patinox.memory.MemoryUtilities#config}; thread-safe. Closing it (or the
 * instance that made it) cancels every subscription and closes every {@link ConfigSource}; after
 * that, {@link #current()} still answers and {@link #update} throws {@link IllegalStateException}.
 *
 * @param <T> the type of the configuration; immutable, as readers share it
 */
public interface ConfigData<T> extends AutoCloseable {

    /**
     * A rule a new value must keep. A validator returns normally when the value is acceptable and
     * throws (any {@link RuntimeException}, its message saying what is wrong) when it is not; it
     * runs on the thread publishing the update and must not call back into the configuration.
     * Whatever else it throws (an {@link Error} such as a failed assertion, or a checked exception
     * thrown undeclared) fails its rule as well; only a {@link VirtualMachineError} passes through.
     *
     * @param <T> the type of the configuration
     */
    @FunctionalInterface
    interface Validator<T> {

        /**
         * @param value a proposed value
         * @throws RuntimeException with a message saying what is wrong, when the value is not acceptable
         */
        void validate(T value);

        /**
         * A validator from a predicate: {@code Validator.that("port is 1 to 65535", c -> c.port() > 0
         * && c.port() < 65536)}.
         *
         * @param rule what the predicate requires, for messages
         * @param test {@code true} for an acceptable value
         * @param <T> the type of the configuration
         * @return a validator that fails with {@code rule} as its message
         */
        static <T> Validator<T> that(String rule, Predicate<? super T> test) {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(test, "test");
            return value -> {
                if (!test.test(value)) {
                    throw new IllegalArgumentException(rule);
                }
            };
        }
    }

    /** @return the name in events and messages */
    String name();

    /** @return the current version; never blocks */
    Versioned<T> current();

    /**
     * Validates the value and publishes it as the next version, or rejects it whole.
     *
     * @param value the new configuration
     * @return the version published
     * @throws org.patinox.memory.ConfigException when a validator fails: the message names the
     *     configuration, each failed rule and the version that stays current; the first failure is
     *     the cause, the others suppressed
     * @throws NullPointerException when {@code value} is {@code null}
     * @throws IllegalStateException when the configuration is closed, or when called from one of
     *     its validators
     */
    Versioned<T> update(T value);

    /**
     * Subscribes a listener: it is given the current version at once (on its own thread), then every
     * later version, in order, coalesced when it is slower than the updates; versions published
     * before its first call starts coalesce too, so that this call may give the newest of them
     * instead of the version current at subscription.
     *
     * @param listener told of each version
     * @return the subscription, to cancel
     * @throws IllegalStateException when the configuration is closed
     */
    Subscription subscribe(Consumer<? super Versioned<T>> listener);

    /**
     * A {@link Flow.Publisher} view, for reactive libraries. Each {@link Flow.Subscriber} gets {@code
     * onSubscribe} first, then, within the demand it signalled, the current version and later ones
     * in strictly increasing order; while it has no demand, versions coalesce to the newest. A
     * request of 0 or less is answered by {@code onError} with an {@link IllegalArgumentException},
     * as the Reactive Streams rule 3.9 requires; closing the configuration calls {@code
     * onComplete}, after the newest version published before the close when the subscriber has
     * demand for it and has not had it. After {@code cancel()}, a request does nothing (rule 3.6). What {@code onNext}
     * throws is reported as a listener's is, and the subscription goes on.
     *
     * <p>{@code subscribe} always returns normally (rule 1.9): on a configuration already closed, the
     * subscriber gets {@code onSubscribe} then {@code onError} with an {@link IllegalStateException},
     * as {@link #subscribe(Consumer)} would throw. A subscriber that subscribes while the configuration
     * closes gets {@code onSubscribe} and then one of the two. Once the instance is closing and its
     * threads have stopped, these last signals are given on the thread that subscribes or closes.
     *
     * @return the publisher; each {@code subscribe} is an independent subscription
     */
    Flow.Publisher<Versioned<T>> publisher();

    /**
     * Reloads this configuration from a properties file whenever it changes, as {@link ConfigSource}
     * describes; the file is read once at once, synchronously (a failure then is reported as a later
     * one is, and the current version stays).
     *
     * @param file the properties file, read as UTF-8 ({@link Properties#load(java.io.Reader)})
     * @param parser turns the properties into a value; it runs on the watching thread and may throw
     *     to reject a file (the message says why). Whatever it throws, an {@link Error} or a checked
     *     exception thrown undeclared too, rejects the file as a malformed one; only a {@link
     *     VirtualMachineError} passes through
     * @return the source, to close
     * @throws IllegalArgumentException when {@code file} has no parent directory to watch (a root)
     * @throws IllegalStateException when the configuration is closed, or when called from one of its
     *     validators (refused before the file is read or a source is kept)
     */
    ConfigSource reloadFrom(Path file, Function<? super Properties, ? extends T> parser);

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /** Cancels every subscription, completes every publisher subscriber and closes every source. Idempotent. */
    @Override
    void close();
}
