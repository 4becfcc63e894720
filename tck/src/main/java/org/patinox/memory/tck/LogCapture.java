package org.patinox.memory.tck;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one logger and its children log through {@code java.util.logging} (where {@link
 * System.Logger} writes by default), keeping it off the console, so that a test that provokes a
 * failure on purpose asserts its log instead of printing it:
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("org.patinox.memory")) {
 *     ... provoke the failure ...
 *     assertTrue(log.has(Level.WARNING, "creating a connection failed"), log.text());
 * }
 * }</pre>
 *
 * <p>While open, the logger's records go to this capture only, not to its parents' handlers; {@link
 * #close()} puts back the logger's level and its use of parent handlers. A record logged after
 * close (by a background thread, say) goes where it went before. Thread-safe; records logged from
 * any thread are kept in order of arrival.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousUseParent;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String name, Level level) {
        // The capture holds the logger, so that its settings are not lost to garbage collection.
        this.logger = Logger.getLogger(name);
        this.previousLevel = logger.getLevel();
        this.previousUseParent = logger.getUseParentHandlers();
        handler.setLevel(Level.ALL);
        if (level != null) {
            logger.setLevel(level);
        }
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** The parent of every logger of the library, its implementations and plugins. */
    public static final String LIBRARY = "org.patinox.memory";

    /** @return an open capture of everything the library logs at its configured levels */
    public static LogCapture library() {
        return of(LIBRARY);
    }

    /**
     * Runs an action with the library's log captured and dropped: for a test that provokes a
     * record another test asserts.
     *
     * @param action what to run
     */
    public static void quietly(Runnable action) {
        LogCapture capture = library();
        try {
            action.run();
        } finally {
            capture.close();
        }
    }

    /**
     * Captures the records the logger takes at its level as configured (INFO and above by default).
     *
     * @param loggerName the logger, such as {@code org.patinox.memory}; its children are captured too
     * @return an open capture
     */
    public static LogCapture of(String loggerName) {
        return new LogCapture(Objects.requireNonNull(loggerName, "loggerName"), null);
    }

    /**
     * Captures the records of the logger from the given level up, setting the logger to that level
     * while open.
     *
     * @param loggerName the logger; its children are captured too, at their own levels when set
     * @param level the lowest level to take, such as {@link Level#FINE} for {@code DEBUG}
     * @return an open capture
     */
    public static LogCapture of(String loggerName, Level level) {
        return new LogCapture(Objects.requireNonNull(loggerName, "loggerName"), Objects.requireNonNull(level, "level"));
    }

    /** @return the records captured so far, in order of arrival */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /**
     * @param level a level
     * @param fragment text the message must contain
     * @return whether a record of that level has a message containing the fragment
     */
    public boolean has(Level level, String fragment) {
        return records.stream().anyMatch(r -> r.getLevel().equals(level)
                && r.getMessage() != null && r.getMessage().contains(fragment));
    }

    /**
     * @return every record as text: its level, logger, message and the full stack trace of its
     *     throwable, for assertions on what a log would show and for failure messages
     */
    public String text() {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        for (LogRecord r : new ArrayList<>(records)) {
            writer.println(r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage());
            if (r.getThrown() != null) {
                r.getThrown().printStackTrace(writer);
            }
        }
        writer.flush();
        return out.toString();
    }

    /** Stops capturing and puts back the logger's level and its use of parent handlers. */
    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(previousUseParent);
        logger.setLevel(previousLevel);
    }

    @Override
    public String toString() {
        return "LogCapture[" + logger.getName() + ", " + records.size() + " records]";
    }
}
