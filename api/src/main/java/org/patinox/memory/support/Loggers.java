package org.patinox.memory.support;

import org.patinox.memory.internal.QuietLogger;

/** The loggers of the implementations: {@link QuietLogger}s, whose calls never throw. */
public final class Loggers {

    private Loggers() {
    }

    /**
     * @param name the logger's name
     * @return the named logger, whose calls never throw whatever the logging backend does
     */
    public static System.Logger named(String name) {
        return QuietLogger.named(name);
    }
}
