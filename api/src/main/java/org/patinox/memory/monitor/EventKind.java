package org.patinox.memory.monitor;

/**
 * What a {@link MonitorEvent} reports. A {@link org.patinox.memory.spi.Monitor} declares the kinds
 * it wants through {@link org.patinox.memory.spi.Monitor#isEnabled(EventKind)}, so that a hot path
 * builds no event that nobody will receive.
 */
public enum EventKind {
    /** A {@link org.patinox.memory.MemoryUtilities} was opened; attributes name the provider. */
    UTILITIES_OPENED(Category.LIFECYCLE),
    /** A {@link org.patinox.memory.MemoryUtilities} was closed and its background work stopped. */
    UTILITIES_CLOSED(Category.LIFECYCLE),

    /** A pool was opened; attributes give its sizes. */
    POOL_OPENED(Category.POOL),
    /** A pool was closed and every connection destroyed. */
    POOL_CLOSED(Category.POOL),
    /** A connection was created. */
    CONNECTION_CREATED(Category.POOL),
    /** A creation failed or took too long; the event carries the error. */
    CONNECTION_CREATION_FAILED(Category.POOL),
    /** A connection failed validation, or took too long to validate. */
    CONNECTION_VALIDATION_FAILED(Category.POOL),
    /** A connection was destroyed; the attribute {@code reason} says why. */
    CONNECTION_DESTROYED(Category.POOL),
    /** An acquire gave up at its deadline; attributes give the pool's counts. */
    ACQUIRE_TIMEOUT(Category.POOL),
    /** A connection was held past the leak-detection threshold; the error holds the stack that took it. */
    LEAK_SUSPECTED(Category.POOL);

    /** The component an event kind belongs to. */
    public enum Category {
        /** The opening and closing of the library itself. */
        LIFECYCLE,
        /** Connection pools. */
        POOL
    }

    private final Category category;

    EventKind(Category category) {
        this.category = category;
    }

    /** @return the component this kind of event belongs to */
    public Category category() {
        return category;
    }
}
