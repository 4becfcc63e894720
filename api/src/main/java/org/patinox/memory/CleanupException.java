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
         * once instead of being kept. It still has an id, and counts in the registry's {@link
         * org.patinox.memory.resource.ResourceStats stats} as registered, then cleaned (or failed),
         * never as active.
         */
        CLOSED
    }

    /** What went wrong; part of the serialized form. */
    private final Kind kind;
    /** The name of the registry; part of the serialized form. */
    private final String registryName;
    /** The id the registry gave the resource, or -1 for none; part of the serialized form. */
    private final long resourceId;

    /**
     * @param kind what went wrong
     * @param registryName the registry's name
     * @param resourceId the id the registry gave the resource, one handed to a closed registry
     *     included, or -1 for none
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

    /**
     * @return the id the registry gave the resource, as {@link
     *     org.patinox.memory.resource.ResourceInfo#id()}, a resource handed to a closed registry
     *     included; -1 for none
     */
    public long resourceId() {
        return resourceId;
    }
}
