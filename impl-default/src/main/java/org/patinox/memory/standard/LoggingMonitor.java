package org.patinox.memory.standard;

import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/** Writes every event to a {@link System.Logger} on the caller's thread. */
final class LoggingMonitor implements Monitor {

    private final System.Logger logger;
    private final System.Logger.Level level;

    LoggingMonitor(System.Logger logger, System.Logger.Level level) {
        this.logger = logger;
        this.level = level;
    }

    @Override
    public void record(MonitorEvent event) {
        logger.log(level, event.describe(), event.error().orElse(null));
    }
}
