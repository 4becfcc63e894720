package org.patinox.memory.lockfree;

import java.util.Optional;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.spi.MemoryProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

/** The {@code lockfree} implementation, found through {@link java.util.ServiceLoader}. */
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
}
