package org.patinox.memory.support;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.cache.RemovalListener;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * How a cache tells of removals and of failed callbacks, the same in every implementation: the
 * {@code CACHE_EVICTION} event ({@code cause}, the {@link RemovalCause}'s name, and {@code
 * weight}), the listener's call isolated from the cache, and a failed callback (listener, weigher
 * or strategy) logged as {@code Cache NAME: the CALLBACK threw in CALL; the cache goes on} (or, for
 * an answer the cache cannot use, by what {@link #badVictim} says) and reported as a {@code
 * CACHE_CALLBACK_FAILED} event ({@code callback}, {@code call}). A monitor that
 * throws is logged, never lost in the cache's caller. One per cache; thread-safe.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class CacheEvents {

    private final String cacheName;
    private final Monitor monitor;
    private final System.Logger log;
    private final boolean evictionEvents;
    private final boolean failureEvents;

    /**
     * @param cacheName the cache's name, the events' source
     * @param monitor the instance's monitor
     * @param log the cache's logger
     */
    public CacheEvents(String cacheName, Monitor monitor, System.Logger log) {
        this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.log = Objects.requireNonNull(log, "log");
        this.evictionEvents = wants(EventKind.CACHE_EVICTION);
        this.failureEvents = wants(EventKind.CACHE_CALLBACK_FAILED);
    }

    /**
     * @param kind an event kind
     * @return whether the monitor wants it; {@code false} when the monitor throws, which is logged
     */
    public boolean wants(EventKind kind) {
        try {
            return monitor.isEnabled(kind);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "A monitor failed to say whether it wants " + kind, e);
            return false;
        }
    }

    /** @return whether the monitor wants {@code CACHE_EVICTION} events, asked once */
    public boolean wantsEvictions() {
        return evictionEvents;
    }

    /**
     * Tells of a removal: the eviction event when the cause is an eviction and a monitor wants it,
     * then the listener, whose failure, a checked exception thrown undeclared included, is reported
     * as {@link #callbackFailed}; the JVM's own failures go through.
     *
     * @param listener the cache's listener
     * @param key the key removed
     * @param value its value
     * @param cause why
     * @param weight the entry's weight
     * @param <K> the type of keys
     * @param <V> the type of values
     */
    public <K, V> void removed(RemovalListener<? super K, ? super V> listener, K key, V value, RemovalCause cause,
                               int weight) {
        if (cause.wasEvicted()) {
            evicted(cause, weight);
        }
        try {
            listener.onRemoval(key, value, cause);
        } catch (Throwable e) {
            rethrowFatal(e);
            callbackFailed("listener", "onRemoval", e);
        }
    }

    /**
     * Reports an eviction, when a monitor wants it.
     *
     * @param cause why the entry went
     * @param weight its weight
     */
    public void evicted(RemovalCause cause, int weight) {
        if (evictionEvents) {
            record(EventKind.CACHE_EVICTION, null, "cause", cause.name(), "weight", weight);
        }
    }

    /**
     * Logs and reports a callback that threw; the cache goes on.
     *
     * @param callback {@code listener}, {@code weigher} or {@code strategy}
     * @param call the method that threw, such as {@code onRemoval}
     * @param error what it threw
     */
    public void callbackFailed(String callback, String call, Throwable error) {
        if (error instanceof UnusableAnswer) {
            // Nothing threw: the message says what the callback answered, and a stack would only show the cache's own.
            log.log(System.Logger.Level.WARNING, error.getMessage());
        } else {
            log.log(System.Logger.Level.WARNING, "Cache " + cacheName + ": the " + callback + " threw in " + call
                    + "; the cache goes on", error);
        }
        if (failureEvents) {
            record(EventKind.CACHE_CALLBACK_FAILED, error, "callback", callback, "call", call);
        }
    }

    /**
     * Records an event; a monitor that throws is logged.
     *
     * @param kind the event's kind
     * @param error its failure, or {@code null}
     * @param keysAndValues its attributes, in order
     */
    public void record(EventKind kind, Throwable error, Object... keysAndValues) {
        try {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
                attributes.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            monitor.record(new MonitorEvent.CacheEvent(Instant.now(), cacheName, kind, attributes,
                    Optional.ofNullable(error)));
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "Cache " + cacheName + ": the monitor failed to record " + kind, e);
        }
    }

    /**
     * Lets the JVM's own failures through; whatever else a callback throws is reported instead.
     *
     * @param e what a callback threw
     */
    public static void rethrowFatal(Throwable e) {
        if (e instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    /**
     * The failure a cache reports when its strategy's {@code victim()} answered no entry, or one
     * the cache does not hold, while the cache is over its bound: worded alike in every cache, and
     * logged by {@link #callbackFailed} as it reads, not as something the strategy threw.
     *
     * @param cacheName the cache's name
     * @param chosen what {@code victim()} answered, or {@code null}
     * @param weight the cache's weight
     * @param maximum its maximum
     * @return the failure to report
     */
    public static IllegalStateException badVictim(String cacheName, Object chosen, long weight, long maximum) {
        return new UnusableAnswer("Cache " + cacheName + ": the strategy's victim() chose "
                + (chosen == null ? "no entry" : "an entry the cache does not hold (" + chosen + ")")
                + " while the weight " + weight + " is over the maximum " + maximum + "; the cache evicts another");
    }

    /** A callback's answer the cache could not use: reported like a throw, logged by its message. */
    private static final class UnusableAnswer extends IllegalStateException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        UnusableAnswer(String message) {
            super(message);
        }
    }
}
