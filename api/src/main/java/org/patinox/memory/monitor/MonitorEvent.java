package org.patinox.memory.monitor;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Something the library reports to its {@link org.patinox.memory.spi.Monitor}s. Every event is an
 * immutable record carrying when it happened, which component instance reported it (its name, such
 * as {@code patinox-memory-1}), its {@link EventKind} and attributes in a fixed order.
 *
 * <p>The family is sealed: a monitor may {@code switch} over it exhaustively.
 */
public sealed interface MonitorEvent permits MonitorEvent.Lifecycle, MonitorEvent.PoolEvent, MonitorEvent.CacheEvent,
        MonitorEvent.ResourceEvent, MonitorEvent.MappingEvent, MonitorEvent.ShareEvent {

    /** @return when the event happened */
    Instant timestamp();

    /** @return the name of the component instance that reported the event */
    String source();

    /** @return what the event reports */
    EventKind kind();

    /** @return the event's details, unmodifiable, in the order the reporter gave them */
    Map<String, Object> attributes();

    /** @return the failure the event reports, such as a creation error or the stack of a leak */
    Optional<Throwable> error();

    /**
     * @return a one-line description such as {@code UTILITIES_OPENED patinox-memory-1 provider=standard},
     *     for logs
     */
    default String describe() {
        String details = attributes().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return details.isEmpty() ? kind() + " " + source() : kind() + " " + source() + " " + details;
    }

    /**
     * The opening or closing of a {@link org.patinox.memory.MemoryUtilities}.
     *
     * @param timestamp when it happened
     * @param source the name of the instance
     * @param kind a kind of {@link EventKind.Category#LIFECYCLE}
     * @param attributes details, copied; no {@code null} key or value
     */
    record Lifecycle(Instant timestamp, String source, EventKind kind, Map<String, Object> attributes)
            implements MonitorEvent {

        /** Checks the components and takes an unmodifiable copy of the attributes. */
        public Lifecycle {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(source, "source");
            requireCategory(kind, EventKind.Category.LIFECYCLE);
            attributes = copyOf(attributes);
        }

        /** @return empty: lifecycle events report no failure */
        @Override
        public Optional<Throwable> error() {
            return Optional.empty();
        }
    }

    /**
     * Something that happened in a connection pool.
     *
     * @param timestamp when it happened
     * @param source the name of the pool
     * @param kind a kind of {@link EventKind.Category#POOL}
     * @param attributes details, copied; no {@code null} key or value
     * @param error the failure reported, if any
     */
    record PoolEvent(Instant timestamp, String source, EventKind kind, Map<String, Object> attributes,
                     Optional<Throwable> error) implements MonitorEvent {

        /** Checks the components and takes an unmodifiable copy of the attributes. */
        public PoolEvent {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(error, "error");
            requireCategory(kind, EventKind.Category.POOL);
            attributes = copyOf(attributes);
        }
    }

    /**
     * Something that happened in a cache.
     *
     * @param timestamp when it happened
     * @param source the name of the cache
     * @param kind a kind of {@link EventKind.Category#CACHE}
     * @param attributes details, copied; no {@code null} key or value
     * @param error the failure reported, if any
     */
    record CacheEvent(Instant timestamp, String source, EventKind kind, Map<String, Object> attributes,
                      Optional<Throwable> error) implements MonitorEvent {

        /** Checks the components and takes an unmodifiable copy of the attributes. */
        public CacheEvent {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(error, "error");
            requireCategory(kind, EventKind.Category.CACHE);
            attributes = copyOf(attributes);
        }
    }

    /**
     * Something that happened to a resource of a {@link org.patinox.memory.resource.ResourceRegistry}.
     *
     * @param timestamp when it happened
     * @param source the name of the registry
     * @param kind a kind of {@link EventKind.Category#RESOURCE}
     * @param attributes details, copied; no {@code null} key or value
     * @param error the failure reported, or for a leak the creation site, if any
     */
    record ResourceEvent(Instant timestamp, String source, EventKind kind, Map<String, Object> attributes,
                         Optional<Throwable> error) implements MonitorEvent {

        /** Checks the components and takes an unmodifiable copy of the attributes. */
        public ResourceEvent {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(error, "error");
            requireCategory(kind, EventKind.Category.RESOURCE);
            attributes = copyOf(attributes);
        }
    }

    /**
     * Something that happened to a memory-mapped file.
     *
     * @param timestamp when it happened
     * @param source the name of the mapping
     * @param kind a kind of {@link EventKind.Category#MAPPING}
     * @param attributes details, copied; no {@code null} key or value
     * @param error the failure reported, if any
     */
    record MappingEvent(Instant timestamp, String source, EventKind kind, Map<String, Object> attributes,
                        Optional<Throwable> error) implements MonitorEvent {

        /** Checks the components and takes an unmodifiable copy of the attributes. */
        public MappingEvent {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(error, "error");
            requireCategory(kind, EventKind.Category.MAPPING);
            attributes = copyOf(attributes);
        }
    }

    /**
     * Something that happened in shared data or in a versioned configuration.
     *
     * @param timestamp when it happened
     * @param source the name of the shared data or configuration
     * @param kind a kind of {@link EventKind.Category#SHARE}
     * @param attributes details, copied; no {@code null} key or value
     * @param error the failure reported, if any
     */
    record ShareEvent(Instant timestamp, String source, EventKind kind, Map<String, Object> attributes,
                      Optional<Throwable> error) implements MonitorEvent {

        /** Checks the components and takes an unmodifiable copy of the attributes. */
        public ShareEvent {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(error, "error");
            requireCategory(kind, EventKind.Category.SHARE);
            attributes = copyOf(attributes);
        }
    }

    private static void requireCategory(EventKind kind, EventKind.Category category) {
        Objects.requireNonNull(kind, "kind");
        if (kind.category() != category) {
            throw new IllegalArgumentException("kind must be of category " + category + ", was " + kind);
        }
    }

    private static Map<String, Object> copyOf(Map<String, Object> attributes) {
        Map<String, Object> copy = new LinkedHashMap<>(attributes.size() * 2);
        attributes.forEach((key, value) -> copy.put(
                Objects.requireNonNull(key, "attribute key"),
                Objects.requireNonNull(value, () -> "attribute " + key)));
        return Collections.unmodifiableMap(copy);
    }
}
