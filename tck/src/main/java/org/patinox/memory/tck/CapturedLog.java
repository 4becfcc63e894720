package org.patinox.memory.tck;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps what the library logs through {@link System.Logger} (backed by {@code java.util.logging})
 * under a logger name while it is open, instead of letting it reach the console: a test that
 * provokes a logged warning asserts it rather than prints it. For the contract suites and for an
 * implementation's own tests.
 */
public final class CapturedLog implements AutoCloseable {

    /** The parent of every logger of the library and its implementations. */
    public static final String LIBRARY = "org.patinox.memory";

    // Held strongly while capturing: java.util.logging forgets the settings of a logger it collects.
    private final Logger logger;
    private final boolean useParentHandlers;
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

    private CapturedLog(String name) {
        logger = Logger.getLogger(name);
        useParentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** @return a capture of everything the library logs, until closed */
    public static CapturedLog library() {
        return new CapturedLog(LIBRARY);
    }

    /**
     * Runs an action with the library's log captured and dropped: for a test that provokes a log
     * record another test asserts.
     *
     * @param action what to run
     */
    public static void quietly(Runnable action) {
        CapturedLog log = library();
        try {
            action.run();
        } finally {
            log.close();
        }
    }

    /** @return the records kept so far, in order */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParentHandlers);
    }
}
