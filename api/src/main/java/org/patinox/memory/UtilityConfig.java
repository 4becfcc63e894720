package org.patinox.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.patinox.memory.internal.Durations;
import org.patinox.memory.internal.Settings;
import org.patinox.memory.spi.Monitor;

/**
 * How a {@link MemoryUtilities} is opened. Built in code with {@link #builder()}, or read from
 * {@code patinox.memory.*} properties with {@link #fromProperties} and {@link
 * #fromSystemProperties}; every value is checked when the configuration is built, and a bad one is
 * a {@link ConfigException} that names the setting and the value.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>component</th><th>default</th></tr>
 *   <tr><td>{@value #PROVIDER}</td><td>{@link #provider()}</td><td>the implementation of highest
 *       priority</td></tr>
 *   <tr><td>{@value #SHUTDOWN_TIMEOUT}</td><td>{@link #shutdownTimeout()}</td><td>10s</td></tr>
 *   <tr><td>{@value #MONITOR_LOG_LEVEL}</td><td>{@link #monitorLogLevel()}</td><td>OFF</td></tr>
 * </table>
 *
 * <p>Durations are written {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or in
 * ISO-8601 ({@code PT30S}). A duration longer than {@link Long#MAX_VALUE} nanoseconds (about 292
 * years) means no limit and is kept as {@code Duration.ofNanos(Long.MAX_VALUE)}. Monitors given in
 * code are not read from properties.
 *
 * @param provider the name of the implementation to use, such as {@code standard}, in any case and
 *     without the white space around it; empty to let the system property {@value #PROVIDER}, then
 *     priority, decide
 * @param shutdownTimeout how long {@link MemoryUtilities#close()} waits for background work to
 *     finish before interrupting it; positive
 * @param monitorLogLevel the level at which the implementation's own monitor writes every event to
 *     the {@link System.Logger} {@value #EVENT_LOGGER}; {@code OFF}, or a level that logger does
 *     not take when the instance opens, leaves that monitor out
 * @param monitors monitors that receive events beside those found through {@link
 *     java.util.ServiceLoader}; they stay the caller's to close
 */
public record UtilityConfig(
        Optional<String> provider,
        Duration shutdownTimeout,
        System.Logger.Level monitorLogLevel,
        List<Monitor> monitors) {

    /** The key that names the implementation. */
    public static final String PROVIDER = "patinox.memory.provider";
    /** The key of {@link #shutdownTimeout()}. */
    public static final String SHUTDOWN_TIMEOUT = "patinox.memory.shutdown-timeout";
    /** The key of {@link #monitorLogLevel()}. */
    public static final String MONITOR_LOG_LEVEL = "patinox.memory.monitor.log-level";

    /**
     * The {@link System.Logger} that the implementation's own monitor writes events to, at {@link
     * #monitorLogLevel()}; configure the logging backend for this name to see them.
     */
    public static final String EVENT_LOGGER = "org.patinox.memory.events";

    private static final List<String> KEYS = List.of(PROVIDER, SHUTDOWN_TIMEOUT, MONITOR_LOG_LEVEL);
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    /** Checks every component; see the class description for what is accepted. */
    public UtilityConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(shutdownTimeout, SHUTDOWN_TIMEOUT);
        Objects.requireNonNull(monitorLogLevel, MONITOR_LOG_LEVEL);
        provider.ifPresent(name -> {
            if (name.isBlank()) {
                throw new ConfigException(PROVIDER + " must name an implementation, but was '" + name + "'");
            }
        });
        // Stripped, as properties are read, so that toProperties() reads back equal.
        provider = provider.map(String::strip);
        // Past Long.MAX_VALUE nanoseconds (292 years) means no limit, kept as that; see the class description.
        shutdownTimeout = Durations.saturate(shutdownTimeout);
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new ConfigException(SHUTDOWN_TIMEOUT + " must be positive, but was "
                    + Durations.format(shutdownTimeout));
        }
        monitors = List.copyOf(monitors);
    }

    /** @return the configuration with every default */
    public static UtilityConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration, to change some of it */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.provider = provider.orElse(null);
        b.shutdownTimeout = shutdownTimeout;
        b.monitorLogLevel = monitorLogLevel;
        b.monitors.addAll(monitors);
        return b;
    }

    /**
     * Reads the {@code patinox.memory.*} entries of the properties (and of their defaults); other
     * keys, and those of a component such as {@code patinox.memory.pool.*}, are ignored.
     *
     * @param properties the source
     * @return the configuration, with defaults for what is not set
     * @throws ConfigException for a value that is blank, does not parse or does not fit, or for an unknown {@code
     *     patinox.memory.*} key, naming the key and the value
     */
    public static UtilityConfig fromProperties(Properties properties) {
        Settings settings = Settings.of(properties, Settings.PREFIX);
        Builder b = builder();
        settings.string(PROVIDER).ifPresent(b::provider);
        settings.duration(SHUTDOWN_TIMEOUT).ifPresent(b::shutdownTimeout);
        settings.level(MONITOR_LOG_LEVEL).ifPresent(b::monitorLogLevel);
        settings.rejectUnknown(KEYS);
        return b.build();
    }

    /**
     * @return the configuration read from the {@code patinox.memory.*} system properties
     * @throws ConfigException as {@link #fromProperties}
     */
    public static UtilityConfig fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    /**
     * @return the settings as properties that {@link #fromProperties} reads back as this
     *     configuration, less the monitors
     */
    public Properties toProperties() {
        Properties p = new Properties();
        provider.ifPresent(name -> p.setProperty(PROVIDER, name));
        p.setProperty(SHUTDOWN_TIMEOUT, Durations.format(shutdownTimeout));
        p.setProperty(MONITOR_LOG_LEVEL, monitorLogLevel.name());
        return p;
    }

    /** Collects the settings of a {@link UtilityConfig}; {@link #build()} checks them. */
    public static final class Builder {
        private String provider;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private System.Logger.Level monitorLogLevel = System.Logger.Level.OFF;
        private final List<Monitor> monitors = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param name the implementation to use, such as {@code standard} or {@code lockfree};
         *     {@code null} to let priority decide
         * @return this builder
         */
        public Builder provider(String name) {
            this.provider = name;
            return this;
        }

        /**
         * @param timeout how long closing waits for background work; positive
         * @return this builder
         */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * @param level the level at which the implementation's monitor logs events; {@code OFF}
         *     for none
         * @return this builder
         */
        public Builder monitorLogLevel(System.Logger.Level level) {
            this.monitorLogLevel = level;
            return this;
        }

        /**
         * @param monitor a monitor to receive events; the caller keeps the duty to close it
         * @return this builder
         */
        public Builder addMonitor(Monitor monitor) {
            monitors.add(Objects.requireNonNull(monitor, "monitor"));
            return this;
        }

        /**
         * @return the configuration
         * @throws ConfigException naming the setting and value that is out of range
         */
        public UtilityConfig build() {
            return new UtilityConfig(Optional.ofNullable(provider), shutdownTimeout, monitorLogLevel, monitors);
        }
    }
}
