package org.patinox.memory.share;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.patinox.memory.ConfigException;
import org.patinox.memory.internal.Durations;
import org.patinox.memory.internal.Settings;

/**
 * How a {@link SharedData}, {@link MutableSharedData} or {@link ConfigData} is named, counted and,
 * for a configuration, reloaded from a file. Built with {@link #builder()} or read from {@code
 * patinox.memory.share.*} properties; every value is checked when the configuration is built, and
 * a bad one is a {@link ConfigException} naming the setting and the value.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key ({@code patinox.memory.share.} +)</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code name}</td><td>assigned</td><td>the name in events, stats and messages</td></tr>
 *   <tr><td>{@code record-reads}</td><td>{@code false}</td><td>whether reads are counted in {@code
 *       stats()}; off, a read costs no counting at all</td></tr>
 *   <tr><td>{@code reload-debounce}</td><td>{@code 100ms}</td><td>how long a watched file must stay
 *       unchanged before it is read; 0 reads at once</td></tr>
 *   <tr><td>{@code reload-poll-interval}</td><td>{@code 2s}</td><td>how often a watched file is
 *       checked besides its change events</td></tr>
 *   <tr><td>{@code reload-watch-service}</td><td>{@code true}</td><td>whether to use the file system's
 *       change events at all; {@code false} polls only</td></tr>
 * </table>
 *
 * @param name the name; empty to have {@link org.patinox.memory.MemoryUtilities} assign one; stored
 *     without the white space around it, as properties are read
 * @param recordReads whether reads are counted
 * @param reloadDebounce quiet time after a change of a watched file before it is read; 0 or more
 * @param reloadPollInterval how often a watched file is checked; positive
 * @param reloadWatchService whether to listen to the file system's change events
 */
public record ShareConfig(String name, boolean recordReads, Duration reloadDebounce, Duration reloadPollInterval,
                          boolean reloadWatchService) {

    private static final String P = Settings.SHARE;
    /** Key of {@link #name()}. */
    public static final String NAME = P + "name";
    /** Key of {@link #recordReads()}. */
    public static final String RECORD_READS = P + "record-reads";
    /** Key of {@link #reloadDebounce()}. */
    public static final String RELOAD_DEBOUNCE = P + "reload-debounce";
    /** Key of {@link #reloadPollInterval()}. */
    public static final String RELOAD_POLL_INTERVAL = P + "reload-poll-interval";
    /** Key of {@link #reloadWatchService()}. */
    public static final String RELOAD_WATCH_SERVICE = P + "reload-watch-service";

    private static final List<String> KEYS = List.of(NAME, RECORD_READS, RELOAD_DEBOUNCE, RELOAD_POLL_INTERVAL,
            RELOAD_WATCH_SERVICE);

    private static final ShareConfig DEFAULTS = builder().build();

    /** Checks every setting; see the class description. */
    public ShareConfig {
        name = Settings.name(NAME, name);
        Objects.requireNonNull(reloadDebounce, RELOAD_DEBOUNCE);
        if (reloadDebounce.isNegative()) {
            throw new ConfigException(RELOAD_DEBOUNCE + " must be 0 or positive, but was "
                    + Durations.format(reloadDebounce));
        }
        Objects.requireNonNull(reloadPollInterval, RELOAD_POLL_INTERVAL);
        if (reloadPollInterval.isNegative() || reloadPollInterval.isZero()) {
            throw new ConfigException(RELOAD_POLL_INTERVAL + " must be positive, but was "
                    + Durations.format(reloadPollInterval));
        }
        reloadDebounce = Durations.saturate(reloadDebounce);
        reloadPollInterval = Durations.saturate(reloadPollInterval);
    }

    /** @return the defaults: assigned name, reads not counted, 100 ms debounce, 2 s polling, change events */
    public static ShareConfig defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        return new Builder().name(name).recordReads(recordReads).reloadDebounce(reloadDebounce)
                .reloadPollInterval(reloadPollInterval).reloadWatchService(reloadWatchService);
    }

    /**
     * Reads the {@code patinox.memory.share.*} entries of the properties (and of their defaults).
     *
     * @param properties the source; keys outside {@code patinox.memory.share.} are ignored
     * @return a builder with the settings read, defaults for the rest
     * @throws ConfigException for a value that is blank, does not parse or does not fit, or an unknown {@code
     *     patinox.memory.share.*} key, naming the key and the value
     * @throws NullPointerException when {@code properties} is {@code null}
     */
    public static Builder fromProperties(Properties properties) {
        Settings s = Settings.of(properties, Settings.SHARE);
        Builder b = builder();
        s.string(NAME).ifPresent(b::name);
        s.bool(RECORD_READS).ifPresent(b::recordReads);
        s.duration(RELOAD_DEBOUNCE).ifPresent(b::reloadDebounce);
        s.duration(RELOAD_POLL_INTERVAL).ifPresent(b::reloadPollInterval);
        s.bool(RELOAD_WATCH_SERVICE).ifPresent(b::reloadWatchService);
        s.rejectUnknown(KEYS);
        return b;
    }

    /** @return every setting as properties that {@link #fromProperties} reads back */
    public Properties toProperties() {
        Properties p = new Properties();
        if (!name.isEmpty()) {
            p.setProperty(NAME, name);
        }
        p.setProperty(RECORD_READS, Boolean.toString(recordReads));
        p.setProperty(RELOAD_DEBOUNCE, Durations.format(reloadDebounce));
        p.setProperty(RELOAD_POLL_INTERVAL, Durations.format(reloadPollInterval));
        p.setProperty(RELOAD_WATCH_SERVICE, Boolean.toString(reloadWatchService));
        return p;
    }

    /** Collects the settings of a {@link ShareConfig}; {@link #build()} checks them. */
    public static final class Builder {
        private String name = "";
        private boolean recordReads;
        private Duration reloadDebounce = Duration.ofMillis(100);
        private Duration reloadPollInterval = Duration.ofSeconds(2);
        private boolean reloadWatchService = true;

        private Builder() {
        }

        /**
         * @param value see {@link ShareConfig#name()}
         * @return this builder
         */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /**
         * @param value see {@link ShareConfig#recordReads()}
         * @return this builder
         */
        public Builder recordReads(boolean value) {
            recordReads = value;
            return this;
        }

        /**
         * @param value see {@link ShareConfig#reloadDebounce()}
         * @return this builder
         */
        public Builder reloadDebounce(Duration value) {
            reloadDebounce = value;
            return this;
        }

        /**
         * @param value see {@link ShareConfig#reloadPollInterval()}
         * @return this builder
         */
        public Builder reloadPollInterval(Duration value) {
            reloadPollInterval = value;
            return this;
        }

        /**
         * @param value see {@link ShareConfig#reloadWatchService()}
         * @return this builder
         */
        public Builder reloadWatchService(boolean value) {
            reloadWatchService = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws ConfigException naming the first bad setting and its value
         */
        public ShareConfig build() {
            return new ShareConfig(name, recordReads, reloadDebounce, reloadPollInterval, reloadWatchService);
        }
    }
}
