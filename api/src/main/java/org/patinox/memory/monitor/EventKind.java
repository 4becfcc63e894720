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
    UTILITIES_CLOSED(Category.LIFECYCLE);

    /** The component an event kind belongs to. */
    public enum Category {
        /** The opening and closing of the library itself. */
        LIFECYCLE
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
