package org.patinox.memory.spi;

import java.util.Optional;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;

/**
 * A whole implementation of Patinox Memory, found through {@link java.util.ServiceLoader}. When
 * several are found, the one named by {@link org.patinox.memory.UtilityConfig#provider()} or by the
 * system property {@code patinox.memory.provider} is chosen, otherwise the one of highest {@link
 * #priority()}.
 *
 * <p>Implementations have a public no-argument constructor and are stateless factories: the
 * library may instantiate one just to read its name and priority. Factory methods are called from
 * the thread that uses the {@link org.patinox.memory.MemoryUtilities}; an exception they throw
 * reaches that caller.
 */
public interface MemoryProvider {

    /** @return the name users choose this implementation by, such as {@code standard} */
    String name();

    /** @return the rank of this implementation when none is named; higher wins */
    int priority();

    /** @return one sentence saying what this implementation is built for */
    String description();

    /**
     * Creates this implementation's own monitor, which writes every event to the {@link
     * System.Logger} named {@value org.patinox.memory.UtilityConfig#EVENT_LOGGER} at {@link
     * org.patinox.memory.UtilityConfig#monitorLogLevel()}.
     *
     * @param context the configuration and background work of the opening {@code MemoryUtilities}
     * @return a monitor, or empty when that level is {@link System.Logger.Level#OFF} or the logger
     *     does not take it
     */
    Optional<Monitor> createMonitor(ProviderContext context);

    /**
     * Creates a pool, which starts filling to its minimum size in the background at once.
     *
     * @param manager creates, checks and destroys the pool's connections
     * @param config the pool's configuration, with its name assigned
     * @param context the background work the pool must use: it starts no thread of its own
     * @param monitor where the pool reports its events
     * @param <C> the type of connection
     * @return the open pool
     */
    <C> Pool<C> createPool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context, Monitor monitor);
}
