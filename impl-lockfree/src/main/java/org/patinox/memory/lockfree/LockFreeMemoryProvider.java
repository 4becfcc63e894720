package org.patinox.memory.lockfree;

import java.util.Optional;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.MemoryProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

/**
 * The {@code lockfree} implementation, found through {@link java.util.ServiceLoader}: components
 * built for high contention, whose hot paths take no lock.
 *
 * <p>Its {@link #createPool pool} keeps each connection in a slot with a compare-and-set state,
 * hands idle connections out by a scan striped by thread (no {@code ThreadLocal}, so virtual
 * threads keep their benefit), and gives a returned connection directly to the oldest waiter. Its
 * {@link #createMonitor monitor} logs through a JCTools queue drained on the scheduler.
 *
 * <p>Stateless, as {@link MemoryProvider} requires; thread-safe.
 */
public final class LockFreeMemoryProvider implements MemoryProvider {

    /** The name users choose this implementation by. */
    static final String NAME = "lockfree";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public LockFreeMemoryProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return 200, above {@code standard}: adding this artifact beside that one is a choice of this */
    @Override
    public int priority() {
        return 200;
    }

    @Override
    public String description() {
        return "JCTools queues and non-blocking algorithms, for high contention";
    }

    @Override
    public Optional<Monitor> createMonitor(ProviderContext context) {
        System.Logger logger = System.getLogger(UtilityConfig.EVENT_LOGGER);
        System.Logger.Level level = context.config().monitorLogLevel();
        return level != System.Logger.Level.OFF && logger.isLoggable(level)
                ? Optional.of(QueuedLoggingMonitor.start(logger, level, context.scheduler()))
                : Optional.empty();
    }

    /**
     * Creates a lock-free pool; see {@link MemoryProvider#createPool}. Creation, validation and
     * destruction run on {@link ProviderContext#blockingExecutor()}, maintenance and timeouts on
     * {@link ProviderContext#scheduler()}; the pool starts no thread of its own.
     */
    @Override
    public <C> Pool<C> createPool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context,
                                  Monitor monitor) {
        return LockFreePool.open(manager, config, context, monitor);
    }
}
