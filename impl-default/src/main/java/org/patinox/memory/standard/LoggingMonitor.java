package org.patinox.memory.standard;

import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * Writes every event to a {@link System.Logger} on the caller's thread. Enabled only when the
 * logger takes the configured level when the monitor is installed.
 */
final class LoggingMonitor implements Monitor {

    static final String LOGGER_NAME = "org.patinox.memory.events";

    private final System.Logger logger;
    private final System.Logger.Level level;

    LoggingMonitor(System.Logger logger, System.Logger.Level level) {
        this.logger = logger;
        this.level = level;
    }

    @Override
    public boolean isEnabled(EventKind kind) {
        return logger.isLoggable(level);
    }

    @Override
    public void record(MonitorEvent event) {
        logger.log(level, event.describe());
    }
}
