package org.patinox.memory.share;

import java.time.Instant;
import java.util.Objects;

/**
 * One published version of a {@link ConfigData}: its value, its number and when it was published.
 * Version numbers start at 1 (the initial value) and grow by one per publication.
 *
 * @param value the configuration, never {@code null}
 * @param version its number, 1 or more
 * @param published when it was published
 * @param <T> the type of the configuration
 */
public record Versioned<T>(T value, long version, Instant published) {

    /** Checks the components. */
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(published, "published");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, but was " + version);
        }
    }
}
