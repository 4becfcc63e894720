package org.patinox.memory;

import java.io.Serial;
import java.util.Objects;

/**
 * A {@link org.patinox.memory.cache.Cache} refused an operation: a loader asked for the key it was
 * loading, or the cache is closed. What a loader throws is not wrapped: it reaches the caller as
 * thrown.
 */
public final class CacheException extends UtilityException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Why the operation was refused. */
    public enum Kind {
        /**
         * A loader asked the cache, directly or not, for the key it was loading: on its own thread,
         * or through loads on other threads that wait for each other in a cycle; the message names
         * the keys of the cycle, such as {@code k1 -> k2 -> k1}.
         */
        RECURSIVE_LOAD,
        /** The cache was closed. */
        CLOSED
    }

    /** Why the operation was refused; part of the serialized form. */
    private final Kind kind;
    /** The name of the cache that refused it; part of the serialized form. */
    private final String cacheName;

    /**
     * @param kind why the operation was refused
     * @param cacheName the cache's name
     * @param message what happened
     */
    public CacheException(Kind kind, String cacheName, String message) {
        super(message, null);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
    }

    /** @return why the operation was refused */
    public Kind kind() {
        return kind;
    }

    /** @return the name of the cache */
    public String cacheName() {
        return cacheName;
    }
}
