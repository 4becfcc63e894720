package org.patinox.memory.resource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.patinox.memory.ConfigException;
import org.patinox.memory.internal.Durations;
import org.patinox.memory.internal.Settings;

/**
 * How a {@link ResourceRegistry} bounds its cleanups and records where its resources were made.
 * Built with {@link #builder()} or read from {@code patinox.memory.resource.*} properties; every
 * value is checked when the configuration is built, and a bad one is a {@link ConfigException}
 * naming the setting and the value.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key ({@code patinox.memory.resource.} +)</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code name}</td><td>assigned</td><td>the registry's name in events, stats and messages</td></tr>
 *   <tr><td>{@code cleanup-timeout}</td><td>30s</td><td>how long one cleanup may take</td></tr>
 *   <tr><td>{@code leak-detection}</td><td>sampled</td><td>{@code disabled}, {@code sampled} or
 *       {@code paranoid}: see {@link LeakDetection}</td></tr>
 *   <tr><td>{@code sampling-interval}</td><td>128</td><td>at {@code sampled}, one resource in this
 *       many has its creation site recorded; 1 or more</td></tr>
 * </table>
 *
 * <p>A duration longer than {@link Long#MAX_VALUE} nanoseconds means no limit, and is kept as
 * {@code Duration.ofNanos(Long.MAX_VALUE)}.
 *
 * @param name the registry's name; empty to have {@link org.patinox.memory.MemoryUtilities} assign one; stored
 *     without the white space around it, as properties are read
 * @param cleanupTimeout how long one cleanup may take before it is reported as timed out; positive
 * @param leakDetection what is recorded of the creation site
 * @param samplingInterval at {@link LeakDetection#SAMPLED}, one resource in this many is recorded; 1 or more
 */
public record ResourceConfig(String name, Duration cleanupTimeout, LeakDetection leakDetection, int samplingInterval) {

    private static final String P = Settings.RESOURCE;
    /** Key of {@link #name()}. */
    public static final String NAME = P + "name";
    /** Key of {@link #cleanupTimeout()}. */
    public static final String CLEANUP_TIMEOUT = P + "cleanup-timeout";
    /** Key of {@link #leakDetection()}. */
    public static final String LEAK_DETECTION = P + "leak-detection";
    /** Key of {@link #samplingInterval()}. */
    public static final String SAMPLING_INTERVAL = P + "sampling-interval";

    private static final List<String> KEYS = List.of(NAME, CLEANUP_TIMEOUT, LEAK_DETECTION, SAMPLING_INTERVAL);

    /** Checks every setting; see the class description. */
    public ResourceConfig {
        name = Settings.name(NAME, name);
        cleanupTimeout = Durations.saturate(cleanupTimeout);
        Objects.requireNonNull(cleanupTimeout, CLEANUP_TIMEOUT);
        if (cleanupTimeout.isNegative() || cleanupTimeout.isZero()) {
            throw new ConfigException(CLEANUP_TIMEOUT + " must be positive, but was " + Durations.format(cleanupTimeout));
        }
        Objects.requireNonNull(leakDetection, LEAK_DETECTION);
        if (samplingInterval < 1) {
            throw new ConfigException(SAMPLING_INTERVAL + " must be 1 or more, but was " + samplingInterval);
        }
    }

    /** @return the configuration with every default */
    public static ResourceConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        return new Builder().name(name).cleanupTimeout(cleanupTimeout).leakDetection(leakDetection)
                .samplingInterval(samplingInterval);
    }

    /**
     * Reads the {@code patinox.memory.resource.*} entries of the properties (and of their defaults).
     *
     * @param properties the source; keys outside {@code patinox.memory.resource.} are ignored
     * @return the configuration, with defaults for what is not set
     * @throws ConfigException for a value that is blank, does not parse or does not fit, or an unknown
     *     {@code patinox.memory.resource.*} key, naming the key and the value
     */
    public static ResourceConfig fromProperties(Properties properties) {
        Settings s = Settings.of(properties, Settings.RESOURCE);
        Builder b = builder();
        s.string(NAME).ifPresent(b::name);
        s.duration(CLEANUP_TIMEOUT).ifPresent(b::cleanupTimeout);
        s.string(LEAK_DETECTION).ifPresent(v -> b.leakDetection(level(v)));
        s.integer(SAMPLING_INTERVAL).ifPresent(b::samplingInterval);
        s.rejectUnknown(KEYS);
        return b.build();
    }

    private static LeakDetection level(String text) {
        try {
            return LeakDetection.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(LEAK_DETECTION + " must be one of " + Arrays.stream(LeakDetection.values())
                    .map(l -> l.name().toLowerCase(Locale.ROOT)).toList() + ", but was '" + text + "'", e);
        }
    }

    /** @return the settings as properties that {@link #fromProperties} reads back as this configuration */
    public Properties toProperties() {
        Properties p = new Properties();
        if (!name.isEmpty()) {
            p.setProperty(NAME, name);
        }
        p.setProperty(CLEANUP_TIMEOUT, Durations.format(cleanupTimeout));
        p.setProperty(LEAK_DETECTION, leakDetection.name().toLowerCase(Locale.ROOT));
        p.setProperty(SAMPLING_INTERVAL, Integer.toString(samplingInterval));
        return p;
    }

    /** Collects the settings of a {@link ResourceConfig}; {@link #build()} checks them. */
    public static final class Builder {
        private String name = "";
        private Duration cleanupTimeout = Duration.ofSeconds(30);
        private LeakDetection leakDetection = LeakDetection.SAMPLED;
        private int samplingInterval = 128;

        private Builder() {
        }

        /**
         * @param value see {@link ResourceConfig#name()}
         * @return this builder
         */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /**
         * @param value see {@link ResourceConfig#cleanupTimeout()}
         * @return this builder
         */
        public Builder cleanupTimeout(Duration value) {
            cleanupTimeout = value;
            return this;
        }

        /**
         * @param value see {@link ResourceConfig#leakDetection()}
         * @return this builder
         */
        public Builder leakDetection(LeakDetection value) {
            leakDetection = value;
            return this;
        }

        /**
         * @param value see {@link ResourceConfig#samplingInterval()}
         * @return this builder
         */
        public Builder samplingInterval(int value) {
            samplingInterval = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws ConfigException naming the setting and value out of range
         */
        public ResourceConfig build() {
            return new ResourceConfig(name, cleanupTimeout, leakDetection, samplingInterval);
        }
    }
}
