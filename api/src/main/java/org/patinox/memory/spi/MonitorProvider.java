package org.patinox.memory.spi;

import java.util.Optional;

/**
 * Creates a {@link Monitor}, found through {@link java.util.ServiceLoader}: every monitor provider
 * found contributes, and the library combines their monitors with those of the chosen {@link
 * MemoryProvider} and of the {@link org.patinox.memory.UtilityConfig}.
 *
 * <p>Implementations have a public no-argument constructor and are stateless; {@link #create} is
 * called once per {@link org.patinox.memory.MemoryUtilities}, from the thread that opens it. An
 * exception from {@code create} is reported and the provider is skipped: a broken monitor never
 * keeps the library from opening.
 */
public interface MonitorProvider {

    /** @return a short name for messages, such as {@code micrometer} */
    String name();

    /**
     * @param context the configuration and background work of the opening {@code MemoryUtilities}
     * @return a new monitor, or empty when the configuration leaves this one off
     */
    Optional<Monitor> create(ProviderContext context);
}
