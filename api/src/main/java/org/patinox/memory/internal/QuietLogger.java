package org.patinox.memory.internal;

import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * A {@link System.Logger} whose calls never throw: what the logging backend throws (a handler that
 * fails, a message supplier that fails) is dropped. The library logs in the middle of its own
 * bookkeeping (a pool's destroy, a cleanup's outcome, a watcher's retry); a backend that threw there
 * would leave a future never completed, a count never taken back, or a thread dead, and a close
 * waiting forever. Java's own logging handlers keep their failures from the caller too (they hand
 * them to their {@code ErrorManager}); for a backend that does not, this drops them, as the library
 * has nowhere left to report them. A virtual machine error (out of memory, a stack overflow) still
 * propagates.
 */
public final class QuietLogger implements System.Logger {

    private final System.Logger backend;

    private QuietLogger(System.Logger backend) {
        this.backend = backend;
    }

    /**
     * @param name the logger's name
     * @return the named logger of {@link System#getLogger}, quiet
     */
    public static System.Logger named(String name) {
        return new QuietLogger(System.getLogger(Objects.requireNonNull(name, "name")));
    }

    @Override
    public String getName() {
        return backend.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        try {
            return backend.isLoggable(level);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return false;
        }
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
        quietly(() -> backend.log(level, msgSupplier, thrown));
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
        quietly(() -> backend.log(level, msgSupplier));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        quietly(() -> backend.log(level, bundle, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        quietly(() -> backend.log(level, bundle, format, params));
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable ignored) {
            // Dropped: see the class comment.
        }
    }
}
