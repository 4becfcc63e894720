package org.patinox.memory;

import java.io.Serial;

/**
 * The root of every exception Patinox Memory throws: unchecked, so that asynchronous code can
 * carry it through {@link java.util.concurrent.CompletionStage}s, and sealed, so that a
 * {@code switch} over its kinds is exhaustive.
 *
 * <p>Its direct subclasses live in this package: on the class path, where every module is unnamed,
 * the JVM accepts a subclass of a sealed class only from the same package.
 */
public abstract sealed class UtilityException extends RuntimeException permits CacheException, ConfigException, PoolException,
        CleanupException, MappingException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the setting or component and the value concerned
     * @param cause the underlying failure, or {@code null}
     */
    protected UtilityException(String message, Throwable cause) {
        super(message, cause);
    }
}
