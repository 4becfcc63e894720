package org.patinox.memory.spi;

import org.patinox.memory.resource.ResourceConfig;

/**
 * Makes the {@link AsyncCleanup} for one type of resource, found through {@link
 * java.util.ServiceLoader}: {@link org.patinox.memory.resource.ResourceRegistry#register(Object)}
 * asks every provider found whose {@link #resourceType()} the resource is an instance of, and
 * takes the one of the most specific type (a subtype beats its supertypes); among equally
 * specific ones (the same type, or types unrelated to each other), the highest {@link
 * #priority()}, then the first name in alphabetical order. The library's built-in cleanups
 * ({@code AutoCloseable}, {@code ExecutorService}, {@code Process}, {@code Path}, {@code Arena})
 * are found the same way at priority {@value #BUILT_IN_PRIORITY}, so that a user's provider for
 * the same type outranks them at its default priority.
 *
 * <p>Implementations have a public no-argument constructor and are stateless; methods may be
 * called from any thread, and {@link #create} once per registry and resource type.
 */
public interface AsyncCleanupProvider {

    /** The priority of the library's built-in cleanups: below a plugin's default of 0. */
    int BUILT_IN_PRIORITY = -100;

    /** @return a short name for messages and reports, such as {@code executor-service} */
    String name();

    /** @return the type of resource this provider's cleanup releases; its subtypes too */
    Class<?> resourceType();

    /** @return the rank of this provider among those of equally specific types; higher wins */
    default int priority() {
        return 0;
    }

    /**
     * @param config the configuration of the registry that asks, whose cleanup timeout bounds the
     *     cleanup (a cleanup that waits for a grace period before forcing should keep it shorter)
     * @return the cleanup, for resources of {@link #resourceType()} and its subtypes
     */
    AsyncCleanup<?> create(ResourceConfig config);
}
