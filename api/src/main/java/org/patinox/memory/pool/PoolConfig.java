package org.patinox.memory.pool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.patinox.memory.ConfigException;
import org.patinox.memory.internal.Durations;
import org.patinox.memory.internal.Settings;

/**
 * How a {@link Pool} sizes, times and checks its connections. Built with {@link #builder()} or read
 * from {@code patinox.memory.pool.*} properties; every value is checked when the configuration is
 * built, and a bad one is a {@link ConfigException} naming the setting and the value.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key ({@code patinox.memory.pool.} +)</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code name}</td><td>assigned</td><td>the pool's name in events, stats and messages</td></tr>
 *   <tr><td>{@code min-size}</td><td>0</td><td>connections kept open, idle or not</td></tr>
 *   <tr><td>{@code max-size}</td><td>10</td><td>connections open at most, including those being created</td></tr>
 *   <tr><td>{@code acquire-timeout}</td><td>30s</td><td>how long an acquire waits</td></tr>
 *   <tr><td>{@code create-timeout}</td><td>30s</td><td>how long one creation may take</td></tr>
 *   <tr><td>{@code idle-timeout}</td><td>10m</td><td>idle time after which a connection above
 *       {@code min-size} is closed; 0 for never</td></tr>
 *   <tr><td>{@code max-lifetime}</td><td>30m</td><td>age after which a connection is retired,
 *       when idle or on return, never while borrowed; 0 for never</td></tr>
 *   <tr><td>{@code health-check-interval}</td><td>30s</td><td>how often idle connections are
 *       validated in the background; 0 for never</td></tr>
 *   <tr><td>{@code validate-on-acquire}</td><td>true</td><td>validate before handing out a
 *       connection idle longer than {@code validation-idle-threshold}</td></tr>
 *   <tr><td>{@code validation-idle-threshold}</td><td>500ms</td><td>idle time below which a
 *       connection is handed out unchecked</td></tr>
 *   <tr><td>{@code validation-timeout}</td><td>5s</td><td>how long one validation may take</td></tr>
 *   <tr><td>{@code leak-detection-threshold}</td><td>0</td><td>how long a connection may be held
 *       before it is reported with the stack that took it; 0 for never</td></tr>
 *   <tr><td>{@code close-grace-period}</td><td>10s</td><td>how long {@link Pool#close()} waits
 *       for borrowed connections</td></tr>
 * </table>
 *
 * <p>A duration longer than {@link Long#MAX_VALUE} nanoseconds (about 292 years, such as {@code
 * ChronoUnit.FOREVER.getDuration()}) means no limit, and is kept as {@code
 * Duration.ofNanos(Long.MAX_VALUE)}, so that every duration of a configuration converts to
 * nanoseconds.
 *
 * @param name the pool's name; empty to have {@link org.patinox.memory.MemoryUtilities} assign one; stored
 *     without the white space around it, as properties are read
 * @param minSize connections kept open; 0 or more, at most {@code maxSize}
 * @param maxSize connections open at most; 1 or more
 * @param acquireTimeout how long an acquire waits; positive
 * @param createTimeout how long one creation may take; positive
 * @param idleTimeout idle time after which a connection above {@code minSize} is closed; zero for never
 * @param maxLifetime age after which a connection is retired; zero for never
 * @param healthCheckInterval period of background validation of idle connections; zero for never;
 *     a period under 10 ms is taken as 10 ms
 * @param validateOnAcquire whether to validate a connection idle past {@code validationIdleThreshold}
 *     before handing it out
 * @param validationIdleThreshold idle time below which a connection is handed out unchecked
 * @param validationTimeout how long one validation may take; positive
 * @param leakDetectionThreshold holding time after which a leak is suspected; zero for never
 * @param closeGracePeriod how long closing waits for borrowed connections
 */
public record PoolConfig(
        String name,
        int minSize,
        int maxSize,
        Duration acquireTimeout,
        Duration createTimeout,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration healthCheckInterval,
        boolean validateOnAcquire,
        Duration validationIdleThreshold,
        Duration validationTimeout,
        Duration leakDetectionThreshold,
        Duration closeGracePeriod) {

    private static final String P = Settings.POOL;
    /** Key of {@link #name()}. */
    public static final String NAME = P + "name";
    /** Key of {@link #minSize()}. */
    public static final String MIN_SIZE = P + "min-size";
    /** Key of {@link #maxSize()}. */
    public static final String MAX_SIZE = P + "max-size";
    /** Key of {@link #acquireTimeout()}. */
    public static final String ACQUIRE_TIMEOUT = P + "acquire-timeout";
    /** Key of {@link #createTimeout()}. */
    public static final String CREATE_TIMEOUT = P + "create-timeout";
    /** Key of {@link #idleTimeout()}. */
    public static final String IDLE_TIMEOUT = P + "idle-timeout";
    /** Key of {@link #maxLifetime()}. */
    public static final String MAX_LIFETIME = P + "max-lifetime";
    /** Key of {@link #healthCheckInterval()}. */
    public static final String HEALTH_CHECK_INTERVAL = P + "health-check-interval";
    /** Key of {@link #validateOnAcquire()}. */
    public static final String VALIDATE_ON_ACQUIRE = P + "validate-on-acquire";
    /** Key of {@link #validationIdleThreshold()}. */
    public static final String VALIDATION_IDLE_THRESHOLD = P + "validation-idle-threshold";
    /** Key of {@link #validationTimeout()}. */
    public static final String VALIDATION_TIMEOUT = P + "validation-timeout";
    /** Key of {@link #leakDetectionThreshold()}. */
    public static final String LEAK_DETECTION_THRESHOLD = P + "leak-detection-threshold";
    /** Key of {@link #closeGracePeriod()}. */
    public static final String CLOSE_GRACE_PERIOD = P + "close-grace-period";

    private static final List<String> KEYS = List.of(NAME, MIN_SIZE, MAX_SIZE, ACQUIRE_TIMEOUT, CREATE_TIMEOUT,
            IDLE_TIMEOUT, MAX_LIFETIME, HEALTH_CHECK_INTERVAL, VALIDATE_ON_ACQUIRE, VALIDATION_IDLE_THRESHOLD,
            VALIDATION_TIMEOUT, LEAK_DETECTION_THRESHOLD, CLOSE_GRACE_PERIOD);

    /** Checks every setting; see the class description. */
    public PoolConfig {
        name = Settings.name(NAME, name);
        if (minSize < 0) {
            throw new ConfigException(MIN_SIZE + " must be 0 or more, but was " + minSize);
        }
        if (maxSize < 1) {
            throw new ConfigException(MAX_SIZE + " must be 1 or more, but was " + maxSize);
        }
        if (minSize > maxSize) {
            throw new ConfigException(MIN_SIZE + " (" + minSize + ") must not exceed " + MAX_SIZE + " (" + maxSize + ")");
        }
        // Past Long.MAX_VALUE nanoseconds (292 years) means no limit: stored as that, so that every
        // duration handed out converts to nanoseconds without overflow.
        acquireTimeout = Durations.saturate(acquireTimeout);
        createTimeout = Durations.saturate(createTimeout);
        idleTimeout = Durations.saturate(idleTimeout);
        maxLifetime = Durations.saturate(maxLifetime);
        healthCheckInterval = Durations.saturate(healthCheckInterval);
        validationIdleThreshold = Durations.saturate(validationIdleThreshold);
        validationTimeout = Durations.saturate(validationTimeout);
        leakDetectionThreshold = Durations.saturate(leakDetectionThreshold);
        closeGracePeriod = Durations.saturate(closeGracePeriod);
        positive(ACQUIRE_TIMEOUT, acquireTimeout);
        positive(CREATE_TIMEOUT, createTimeout);
        positive(VALIDATION_TIMEOUT, validationTimeout);
        notNegative(IDLE_TIMEOUT, idleTimeout);
        notNegative(MAX_LIFETIME, maxLifetime);
        notNegative(HEALTH_CHECK_INTERVAL, healthCheckInterval);
        notNegative(VALIDATION_IDLE_THRESHOLD, validationIdleThreshold);
        notNegative(LEAK_DETECTION_THRESHOLD, leakDetectionThreshold);
        notNegative(CLOSE_GRACE_PERIOD, closeGracePeriod);
    }

    private static void positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(key + " must be positive, but was " + Durations.format(value));
        }
    }

    private static void notNegative(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative()) {
            throw new ConfigException(key + " must be 0 or positive, but was " + Durations.format(value));
        }
    }

    /** @return the configuration with every default */
    public static PoolConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        return new Builder().name(name).minSize(minSize).maxSize(maxSize).acquireTimeout(acquireTimeout)
                .createTimeout(createTimeout).idleTimeout(idleTimeout).maxLifetime(maxLifetime)
                .healthCheckInterval(healthCheckInterval).validateOnAcquire(validateOnAcquire)
                .validationIdleThreshold(validationIdleThreshold).validationTimeout(validationTimeout)
                .leakDetectionThreshold(leakDetectionThreshold).closeGracePeriod(closeGracePeriod);
    }

    /**
     * Reads the {@code patinox.memory.pool.*} entries of the properties (and of their defaults).
     *
     * @param properties the source; keys outside {@code patinox.memory.pool.} are ignored
     * @return the configuration, with defaults for what is not set
     * @throws ConfigException for a value that is blank, does not parse or does not fit, or an unknown
     *     {@code patinox.memory.pool.*} key, naming the key and the value
     */
    public static PoolConfig fromProperties(Properties properties) {
        Settings s = Settings.of(properties, Settings.POOL);
        Builder b = builder();
        s.string(NAME).ifPresent(b::name);
        s.integer(MIN_SIZE).ifPresent(b::minSize);
        s.integer(MAX_SIZE).ifPresent(b::maxSize);
        s.duration(ACQUIRE_TIMEOUT).ifPresent(b::acquireTimeout);
        s.duration(CREATE_TIMEOUT).ifPresent(b::createTimeout);
        s.duration(IDLE_TIMEOUT).ifPresent(b::idleTimeout);
        s.duration(MAX_LIFETIME).ifPresent(b::maxLifetime);
        s.duration(HEALTH_CHECK_INTERVAL).ifPresent(b::healthCheckInterval);
        s.bool(VALIDATE_ON_ACQUIRE).ifPresent(b::validateOnAcquire);
        s.duration(VALIDATION_IDLE_THRESHOLD).ifPresent(b::validationIdleThreshold);
        s.duration(VALIDATION_TIMEOUT).ifPresent(b::validationTimeout);
        s.duration(LEAK_DETECTION_THRESHOLD).ifPresent(b::leakDetectionThreshold);
        s.duration(CLOSE_GRACE_PERIOD).ifPresent(b::closeGracePeriod);
        s.rejectUnknown(KEYS);
        return b.build();
    }

    /** @return the settings as properties that {@link #fromProperties} reads back as this configuration */
    public Properties toProperties() {
        Properties p = new Properties();
        if (!name.isEmpty()) {
            p.setProperty(NAME, name);
        }
        p.setProperty(MIN_SIZE, Integer.toString(minSize));
        p.setProperty(MAX_SIZE, Integer.toString(maxSize));
        p.setProperty(ACQUIRE_TIMEOUT, Durations.format(acquireTimeout));
        p.setProperty(CREATE_TIMEOUT, Durations.format(createTimeout));
        p.setProperty(IDLE_TIMEOUT, Durations.format(idleTimeout));
        p.setProperty(MAX_LIFETIME, Durations.format(maxLifetime));
        p.setProperty(HEALTH_CHECK_INTERVAL, Durations.format(healthCheckInterval));
        p.setProperty(VALIDATE_ON_ACQUIRE, Boolean.toString(validateOnAcquire));
        p.setProperty(VALIDATION_IDLE_THRESHOLD, Durations.format(validationIdleThreshold));
        p.setProperty(VALIDATION_TIMEOUT, Durations.format(validationTimeout));
        p.setProperty(LEAK_DETECTION_THRESHOLD, Durations.format(leakDetectionThreshold));
        p.setProperty(CLOSE_GRACE_PERIOD, Durations.format(closeGracePeriod));
        return p;
    }

    /** Collects the settings of a {@link PoolConfig}; {@link #build()} checks them. */
    public static final class Builder {
        private String name = "";
        private int minSize;
        private int maxSize = 10;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private Duration createTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration healthCheckInterval = Duration.ofSeconds(30);
        private boolean validateOnAcquire = true;
        private Duration validationIdleThreshold = Duration.ofMillis(500);
        private Duration validationTimeout = Duration.ofSeconds(5);
        private Duration leakDetectionThreshold = Duration.ZERO;
        private Duration closeGracePeriod = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * @param value see {@link PoolConfig#name()}
         * @return this builder
         */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#minSize()}
         * @return this builder
         */
        public Builder minSize(int value) {
            minSize = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#maxSize()}
         * @return this builder
         */
        public Builder maxSize(int value) {
            maxSize = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#acquireTimeout()}
         * @return this builder
         */
        public Builder acquireTimeout(Duration value) {
            acquireTimeout = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#createTimeout()}
         * @return this builder
         */
        public Builder createTimeout(Duration value) {
            createTimeout = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#idleTimeout()}
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#maxLifetime()}
         * @return this builder
         */
        public Builder maxLifetime(Duration value) {
            maxLifetime = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#healthCheckInterval()}
         * @return this builder
         */
        public Builder healthCheckInterval(Duration value) {
            healthCheckInterval = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#validateOnAcquire()}
         * @return this builder
         */
        public Builder validateOnAcquire(boolean value) {
            validateOnAcquire = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#validationIdleThreshold()}
         * @return this builder
         */
        public Builder validationIdleThreshold(Duration value) {
            validationIdleThreshold = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#validationTimeout()}
         * @return this builder
         */
        public Builder validationTimeout(Duration value) {
            validationTimeout = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#leakDetectionThreshold()}
         * @return this builder
         */
        public Builder leakDetectionThreshold(Duration value) {
            leakDetectionThreshold = value;
            return this;
        }

        /**
         * @param value see {@link PoolConfig#closeGracePeriod()}
         * @return this builder
         */
        public Builder closeGracePeriod(Duration value) {
            closeGracePeriod = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws ConfigException naming the setting and value out of range
         */
        public PoolConfig build() {
            return new PoolConfig(name, minSize, maxSize, acquireTimeout, createTimeout, idleTimeout, maxLifetime,
                    healthCheckInterval, validateOnAcquire, validationIdleThreshold, validationTimeout,
                    leakDetectionThreshold, closeGracePeriod);
        }
    }
}
