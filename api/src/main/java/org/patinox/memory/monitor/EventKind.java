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
    /**
     * Closing a pool found connections still borrowed and waits for their return, up to its close
     * grace period, after which it destroys them. Reported once per close, before the wait. The
     * attribute {@code borrowed} gives their count and {@code graceMillis} the longest wait. With
     * leak detection on, the error is a {@link Throwable} whose suppressed exceptions hold, for each
     * borrowed connection whose acquire was recorded, the stack that acquired it.
     */
    POOL_CLOSE_WAITING(Category.POOL),
    /** A connection was created. */
    CONNECTION_CREATED(Category.POOL),
    /** A creation failed or took too long; the event carries the error. */
    CONNECTION_CREATION_FAILED(Category.POOL),
    /** A connection failed validation, or took too long to validate. */
    CONNECTION_VALIDATION_FAILED(Category.POOL),
    /** A connection was destroyed; the attribute {@code reason}, a {@link DestroyReason}, says why. */
    CONNECTION_DESTROYED(Category.POOL),
    /** An acquire gave up at its deadline; attributes give the pool's counts. */
    ACQUIRE_TIMEOUT(Category.POOL),
    /** A connection was held past the leak-detection threshold; the error holds the stack that took it. */
    LEAK_SUSPECTED(Category.POOL),

    /** A cache was made; attributes give its bound, policy and backend. */
    CACHE_OPENED(Category.CACHE),
    /** A cache was closed. */
    CACHE_CLOSED(Category.CACHE),
    /**
     * An entry was evicted for the bound or for expiry; attributes give the {@code cause} and the
     * {@code weight}. Built only for monitors that enable it, as it may come many times a second.
     */
    CACHE_EVICTION(Category.CACHE),
    /**
     * A callback of the user's or a plugin's threw: the removal listener, the weigher or the eviction
     * strategy; the attribute {@code callback} says which, and the event carries the error.
     */
    CACHE_CALLBACK_FAILED(Category.CACHE),

    /**
     * A resource's cleanup completed; attributes give its {@code id}, {@code type}, {@code by}
     * ({@code close}, {@code cleanupAll} or {@code leak}) and {@code durationNanos}, the time from
     * the hand-over to the cleanup to its end. Built only for monitors that enable it, as it comes
     * once per resource.
     */
    RESOURCE_CLEANED(Category.RESOURCE),
    /**
     * A resource's cleanup threw or failed; the event carries the error, attributes the resource
     * and the {@code durationNanos} until it failed.
     */
    RESOURCE_CLEANUP_FAILED(Category.RESOURCE),
    /**
     * A resource's cleanup did not complete within the cleanup timeout; attributes name the resource
     * and give the {@code durationNanos} waited.
     */
    RESOURCE_CLEANUP_TIMED_OUT(Category.RESOURCE),
    /**
     * A guard became unreachable unclosed and the safety net cleaned its resource; attributes give
     * its {@code id}, {@code type}, {@code thread} and {@code ageMillis}; when its creation site
     * was recorded, the error is a {@link Throwable} whose stack trace is that site.
     */
    RESOURCE_LEAKED(Category.RESOURCE),

    /** A file was mapped; attributes give the {@code file}, {@code mode}, {@code bytes} and {@code arena}. */
    MAPPING_OPENED(Category.MAPPING),
    /** A mapping grew its file; attributes give the {@code file} and the sizes {@code from} and {@code to}. */
    MAPPING_GROWN(Category.MAPPING),
    /** A mapping was closed and its memory unmapped; attributes give the {@code file} and {@code bytes}. */
    MAPPING_CLOSED(Category.MAPPING),
    /**
     * An access to a mapping failed because the file shrank under it (truncated by another
     * process); the event carries the {@link org.patinox.memory.MappingException} the caller got.
     */
    MAPPING_FAULT(Category.MAPPING),
    /**
     * A {@link org.patinox.memory.share.ConfigData} published a version; attributes give the {@code
     * version}. Built only for monitors that enable it.
     */
    SHARE_VERSION_PUBLISHED(Category.SHARE),
    /**
     * An update of a {@link org.patinox.memory.share.ConfigData} was rejected whole by its validators
     * or by a reload that could not read or parse its file; attributes give the {@code version} that
     * stays current and the {@code origin} ({@code update} or the file), the error says why.
     */
    SHARE_UPDATE_REJECTED(Category.SHARE),
    /**
     * A subscriber of a {@link org.patinox.memory.share.ConfigData} threw; it keeps its subscription,
     * unless it was a {@code Flow.Subscriber}'s {@code onSubscribe} (then it is cancelled, Reactive
     * Streams rule 2.13) or its last signal. Attributes give the {@code version} it was given and the {@code subscriber}; the event carries
     * the error.
     */
    SHARE_SUBSCRIBER_FAILED(Category.SHARE),
    /**
     * A file source of a {@link org.patinox.memory.share.ConfigData} hit an error of its own (the
     * directory could not be watched, an I/O failure) and goes on, polling; the event carries the error.
     */
    SHARE_SOURCE_FAILED(Category.SHARE);

    /** The component an event kind belongs to. */
    public enum Category {
        /** The opening and closing of the library itself. */
        LIFECYCLE,
        /** Connection pools. */
        POOL,
        /** Caches. */
        CACHE,
        /** Resource registries. */
        RESOURCE,
        /** Memory-mapped files. */
        MAPPING,
        /** Data sharing: shared data and versioned configuration. */
        SHARE
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
