package org.patinox.memory.spi;

import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;

/**
 * Receives the lifecycle events of the library: connections created and destroyed, leaks
 * suspected, cache evictions, resources cleaned, and so on.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Thread-safety.</b> {@link #record} is called from any thread, including the library's
 *       background threads and virtual threads, concurrently; an implementation must be
 *       thread-safe.
 *   <li><b>Cost.</b> {@code record} runs on the caller's path: it should not block. A monitor that
 *       writes to a slow sink should hand events off (a queue, a virtual thread).
 *   <li><b>Enabled kinds.</b> {@link #isEnabled} is asked once per kind when the monitor is
 *       installed, and the answer holds for the monitor's lifetime: that is what lets a hot path
 *       pay a single boolean check when no monitor wants an event. {@code record} is called only
 *       with events of enabled kinds.
 *   <li><b>Exceptions.</b> An exception thrown by {@code record} is caught, reported once through
 *       {@link System.Logger}, and never reaches the component that reported the event or the other
 *       monitors.
 *   <li><b>Interruption.</b> {@code record} must not clear or swallow the caller's interrupt
 *       status.
 *   <li><b>Closing.</b> {@link #close} is called once, when the {@link
 *       org.patinox.memory.MemoryUtilities} that created the monitor (through a {@link
 *       MonitorProvider} or a {@link MemoryProvider}) closes, after the last event it delivers: an
 *       event being delivered when the instance closes reaches it first, and it is then closed on
 *       that event's thread. A
 *       monitor a user passes in {@link org.patinox.memory.UtilityConfig} stays the user's to
 *       close.
 * </ul>
 */
@FunctionalInterface
public interface Monitor extends AutoCloseable {

    /**
     * Records one event of a kind this monitor declared enabled.
     *
     * @param event the event, never {@code null}
     */
    void record(MonitorEvent event);

    /**
     * Whether this monitor wants events of the given kind; asked once per kind, at installation.
     *
     * @param kind a kind of event
     * @return {@code true} (the default) to receive events of that kind
     */
    default boolean isEnabled(EventKind kind) {
        return true;
    }

    /** Flushes and releases what the monitor holds; the default does nothing. */
    @Override
    default void close() {
    }
}
