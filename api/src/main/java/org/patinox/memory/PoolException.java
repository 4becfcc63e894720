package org.patinox.memory;

import java.io.Serial;
import java.util.Objects;

/**
 * A connection could not be had from a {@link org.patinox.memory.pool.Pool}: the deadline passed,
 * or the pool is closed. A timeout's message carries the pool's counts and, as its cause, the last
 * failure to create a connection, if there was one since the last success.
 */
public final class PoolException extends UtilityException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Why no connection was had. */
    public enum Kind {
        /** The acquire deadline passed before a connection was free. */
        TIMEOUT,
        /** The pool was closed before, or while, the caller waited. */
        CLOSED
    }

    /** Why no connection was had; part of the serialized form. */
    private final Kind kind;
    /** The name of the pool that refused it; part of the serialized form. */
    private final String poolName;

    /**
     * @param kind why no connection was had
     * @param poolName the pool's name
     * @param message what happened, with the pool's counts; never a password
     * @param cause the last creation failure, or {@code null}
     */
    public PoolException(Kind kind, String poolName, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.poolName = Objects.requireNonNull(poolName, "poolName");
    }

    /** @return why no connection was had */
    public Kind kind() {
        return kind;
    }

    /** @return the name of the pool */
    public String poolName() {
        return poolName;
    }
}
