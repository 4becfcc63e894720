package org.patinox.memory;

import java.io.Serial;
import java.util.Objects;

/**
 * The cleanup of a resource of a {@link org.patinox.memory.resource.ResourceRegistry} did not end
 * well: it threw or its stage failed, it did not finish within the registry's cleanup timeout, or
 * the registry was closed when the resource was handed to it (the resource was then cleaned at
 * once, never dropped). The message names the registry and the resource (its id and type); the
 * cause is what the cleanup threw, or the {@link java.util.concurrent.TimeoutException}.
 */
public final class CleanupException extends UtilityException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The cleanup threw, or its stage completed exceptionally; the cause is that failure. */
        FAILED,
        /** The cleanup did not complete within the registry's cleanup timeout. */
        TIMEOUT,
        /**
         * The registry was closed when the resource was handed to it: the resource was cleaned at
         * once, and not registered.
         */
        CLOSED
    }

    /** What went wrong; part of the serialized form. */
    private final Kind kind;
    /** The name of the registry; part of the serialized form. */
    private final String registryName;
    /** The id of the resource in its registry, or -1 when it was never registered; serialized. */
    private final long resourceId;

    /**
     * @param kind what went wrong
     * @param registryName the registry's name
     * @param resourceId the resource's id, or -1 when it was never registered
     * @param message what happened, naming the registry and the resource
     * @param cause the cleanup's failure, or {@code null}
     */
    public CleanupException(Kind kind, String registryName, long resourceId, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.registryName = Objects.requireNonNull(registryName, "registryName");
        this.resourceId = resourceId;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the name of the registry */
    public String registryName() {
        return registryName;
    }

    /** @return the id of the resource in its registry, or -1 when it was never registered */
    public long resourceId() {
        return resourceId;
    }
}
