package org.patinox.memory.examples;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes what one of the library's loggers writes into the tour's output while open, so that a
 * warning the tour provokes on purpose appears in its place rather than on the console.
 */
final class LogToOut implements AutoCloseable {

    private final Logger log;
    private final boolean useParent;
    private final Handler handler;

    /**
     * @param loggerName the logger's name: the class that logs
     * @param out where its records go, one line each
     */
    LogToOut(String loggerName, PrintStream out) {
        log = Logger.getLogger(loggerName);
        useParent = log.getUseParentHandlers();
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                out.println("  logged " + record.getLevel() + ": " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        log.setUseParentHandlers(false);
    }

    @Override
    public void close() {
        log.removeHandler(handler);
        log.setUseParentHandlers(useParent);
    }
}
