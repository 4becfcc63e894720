package org.patinox.memory.standard;

import java.util.Optional;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.spi.MemoryProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

/** The {@code standard} implementation, found through {@link java.util.ServiceLoader}. */
public final class StandardMemoryProvider implements MemoryProvider {

    /** The name users choose this implementation by. */
    static final String NAME = "standard";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public StandardMemoryProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return 100, below {@code lockfree}: adding that artifact beside this one is a choice of it */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "plain java.util.concurrent locks and conditions, simple and proven";
    }

    @Override
    public Optional<Monitor> createMonitor(ProviderContext context) {
        System.Logger logger = System.getLogger(UtilityConfig.EVENT_LOGGER);
        System.Logger.Level level = context.config().monitorLogLevel();
        return level != System.Logger.Level.OFF && logger.isLoggable(level)
                ? Optional.of(new LoggingMonitor(logger, level))
                : Optional.empty();
    }
}
