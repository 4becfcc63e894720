package org.patinox.memory;

import java.util.List;
import java.util.Objects;

/**
 * Which implementation a {@link MemoryUtilities} runs on, and why.
 *
 * @param name the chosen implementation's name, such as {@code standard}
 * @param description what the chosen implementation is built for
 * @param reason why it was chosen, such as {@code named by patinox.memory.provider}
 * @param candidates every implementation found, as {@code name (priority N)}, highest first
 * @param skipped the implementations that failed to load, each with its error
 */
public record ProviderSelection(
        String name, String description, String reason, List<String> candidates, List<String> skipped) {

    /** Checks for {@code null} and copies the lists. */
    public ProviderSelection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(reason, "reason");
        candidates = List.copyOf(candidates);
        skipped = List.copyOf(skipped);
    }
}
