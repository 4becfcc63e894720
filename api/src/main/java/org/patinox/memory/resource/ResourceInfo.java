package org.patinox.memory.resource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ResourceRegistry} knows of one resource: for {@link ResourceRegistry#active()},
 * reports and events. The creation site is the stack of the thread that registered the resource,
 * from the frame that called the library down, when the registry's {@link LeakDetection} recorded
 * it; empty otherwise.
 *
 * @param id the resource's number in its registry, increasing in the order of registration
 * @param type the class name of the resource; for a mapping an instance opened, {@code
 *     org.patinox.memory.mapping.MappedFile[}<em>the mapping's name</em>{@code ]}
 * @param createdAt when it was registered
 * @param thread the name of the thread that registered it (empty for an unnamed virtual thread)
 * @param creationSite where it was registered, innermost frame first; empty when not recorded
 */
public record ResourceInfo(long id, String type, Instant createdAt, String thread, List<StackTraceElement> creationSite) {

    /** Checks the components and copies the site. */
    public ResourceInfo {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(thread, "thread");
        creationSite = List.copyOf(creationSite);
    }

    /** @return how long ago the resource was registered, never negative */
    public Duration age() {
        Duration age = Duration.between(createdAt, Instant.now());
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** @return a one-line description such as {@code #12 java.nio.file.Path (thread main)} */
    public String describe() {
        return "#" + id + " " + type + " (thread " + (thread.isEmpty() ? "unnamed" : thread) + ")";
    }
}
