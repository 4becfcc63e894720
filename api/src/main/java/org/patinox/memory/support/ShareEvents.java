package org.patinox.memory.support;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;

/**
 * How shared data and configurations report, the same in every implementation: {@code SHARE_*}
 * events to the monitor, and warnings to the {@link System.Logger} {@value #LOGGER} worded alike.
 * A monitor that throws is logged, never lost in the caller. One per instance; thread-safe.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public final class ShareEvents {

    /** The logger of data sharing. */
    public static final String LOGGER = "org.patinox.memory.share";

    private static final System.Logger LOG = Loggers.named(LOGGER);

    private final String source;
    private final Monitor monitor;

    /**
     * @param source the name of the shared data or configuration, the events' source
     * @param monitor the instance's monitor
     */
    public ShareEvents(String source, Monitor monitor) {
        this.source = Objects.requireNonNull(source, "source");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** @return the logger of data sharing */
    public static System.Logger log() {
        return LOG;
    }

    /**
     * @param kind an event kind
     * @return whether the monitor wants it; {@code false} when the monitor throws, which is logged
     */
    public boolean wants(EventKind kind) {
        try {
            return monitor.isEnabled(kind);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A monitor failed to say whether it wants " + kind, e);
            return false;
        }
    }

    /**
     * Logs a warning, then records the event when the monitor wants it.
     *
     * @param message the warning, without the source's name, which is prefixed
     * @param kind the event's kind
     * @param error the failure
     * @param keysAndValues the event's attributes, in order
     */
    public void warn(String message, EventKind kind, Throwable error, Object... keysAndValues) {
        LOG.log(System.Logger.Level.WARNING, source + ": " + message, error);
        if (wants(kind)) {
            record(kind, error, keysAndValues);
        }
    }

    /**
     * Records an event; a monitor that throws is logged.
     *
     * @param kind the event's kind
     * @param error its failure, or {@code null}
     * @param keysAndValues its attributes, in order
     */
    public void record(EventKind kind, Throwable error, Object... keysAndValues) {
        try {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
                attributes.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            monitor.record(new MonitorEvent.ShareEvent(Instant.now(), source, kind, attributes,
                    Optional.ofNullable(error)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, source + ": the monitor failed to record " + kind, e);
        }
    }
}
